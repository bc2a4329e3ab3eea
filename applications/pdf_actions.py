"""Active content in PDFs: what a PDF reader would run by itself, and a copy without it.

A PDF reader runs code or programs only from a few places the PDF specification defines:
the catalog's /OpenAction and /AA (document actions), the /Names /JavaScript tree, a page's
/AA, an annotation's or form field's /A and /AA, an outline item's /A, and XFA forms. We look
exactly there (objects elsewhere are never run), and treat as active: every /OpenAction and
/AA, every document-level script, XFA, and any action that is /JavaScript or /Launch or
carries a /JS script, also further down an action's /Next chain.

A scanner that adds an /OpenAction (to open at a zoom level) is common, so such a file is
not refused: strip() writes a new copy of the document with those entries left out. The
pages, their text and images are copied as they are.
"""

from __future__ import annotations

import tempfile

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

ACTIVE_ACTIONS = {"/JavaScript", "/Launch"}
MAX_OBJECTS = 20_000  # outline items, form fields and actions looked at, at most
SPOOL_BYTES = 1024 * 1024


class TooComplex(Exception):
    """More outline items, form fields or chained actions than MAX_OBJECTS."""


def _resolve(value):
    return value.get_object() if value is not None else None


class _Scan:
    def __init__(self, *, remove: bool):
        self.remove, self.found, self.seen = remove, [], 0

    def count(self) -> None:
        self.seen += 1
        if self.seen > MAX_OBJECTS:
            raise TooComplex()

    def drop(self, holder: DictionaryObject, key: str, label: str) -> None:
        self.found.append(label)
        if self.remove:
            del holder[key]

    def action_is_active(self, action, depth: int = 0) -> bool:
        action = _resolve(action)
        self.count()
        if isinstance(action, ArrayObject):
            return any(self.action_is_active(item, depth + 1) for item in action)
        if depth > 50:
            return True  # no real document chains fifty actions
        if not isinstance(action, DictionaryObject):
            return False
        if action.get("/S") in ACTIVE_ACTIONS or "/JS" in action:
            return True
        return "/Next" in action and self.action_is_active(action["/Next"], depth + 1)

    def holder(self, item, label: str) -> None:
        """An annotation, form field or outline item: its /AA and an active /A."""
        item = _resolve(item)
        if not isinstance(item, DictionaryObject):
            return
        self.count()
        if "/AA" in item:
            self.drop(item, "/AA", f"{label} /AA")
        if "/A" in item and self.action_is_active(item["/A"]):
            self.drop(item, "/A", f"{label} /A")

    def tree(self, first, label: str, child_key: str) -> None:
        """Outline items (/First, /Next) or form fields (/Kids), without recursion."""
        pending, visited = [first], set()
        while pending:
            node = pending.pop()
            key = getattr(node, "idnum", None) or id(node)
            node = _resolve(node)
            if key in visited or node is None:
                continue
            visited.add(key)
            if isinstance(node, ArrayObject):
                pending.extend(node)
                continue
            if not isinstance(node, DictionaryObject):
                continue
            self.holder(node, label)
            for link in (child_key, "/Next") if child_key == "/First" else (child_key,):
                if link in node:
                    pending.append(node.raw_get(link))

    def document(self, root: DictionaryObject, pages) -> list[str]:
        for key in ("/OpenAction", "/AA"):
            if key in root:
                self.drop(root, key, key)
        names = _resolve(root.get("/Names"))
        if isinstance(names, DictionaryObject) and "/JavaScript" in names:
            self.drop(names, "/JavaScript", "/Names /JavaScript")
        form = _resolve(root.get("/AcroForm"))
        if isinstance(form, DictionaryObject):
            if "/XFA" in form:
                self.drop(form, "/XFA", "/AcroForm /XFA")
            if "/Fields" in form:
                self.tree(form.raw_get("/Fields"), "form field", "/Kids")
        outlines = _resolve(root.get("/Outlines"))
        if isinstance(outlines, DictionaryObject) and "/First" in outlines:
            self.tree(outlines.raw_get("/First"), "outline item", "/First")
        for page in pages:
            if "/AA" in page:
                self.drop(page, "/AA", "page /AA")
            annotations = _resolve(page.get("/Annots"))
            for annotation in annotations if isinstance(annotations, ArrayObject) else []:
                self.holder(annotation, "annotation")
        return self.found


def _drop_unreachable(writer: PdfWriter) -> None:
    """The clone holds every object of the original: leave out those the document no longer
    reaches (the removed actions and their scripts), or the bytes would still carry them.
    (pypdf's compress_identical_objects drops only one level of them per call.)"""
    objects = writer._objects  # pypdf keeps the writer's objects in this list, by idnum - 1
    reached: set[int] = set()
    pending = [writer.root_object.indirect_reference]
    if writer._info is not None:
        pending.append(writer._info.indirect_reference)
    while pending:
        value = pending.pop()
        if isinstance(value, IndirectObject):
            if value.pdf is not writer or value.idnum in reached:
                continue
            reached.add(value.idnum)
            value = objects[value.idnum - 1] if value.idnum <= len(objects) else None
        if isinstance(value, StreamObject | DictionaryObject):
            pending.extend(value.values())
        elif isinstance(value, ArrayObject):
            pending.extend(value)
    for index in range(len(objects)):
        if index + 1 not in reached:
            objects[index] = None


def find(reader: PdfReader) -> list[str]:
    """Where the PDF has active content (empty: none). May raise pypdf's errors on a
    damaged file, and TooComplex."""
    return _Scan(remove=False).document(reader.trailer["/Root"].get_object(), reader.pages)


def strip(reader: PdfReader):
    """A new copy of the (opened) PDF without its active content, as a temporary file at its
    start (in memory up to SPOOL_BYTES); the copy is read back and checked, and TooComplex
    or ValueError raised if anything active is left."""
    writer = PdfWriter(clone_from=reader)
    _Scan(remove=True).document(writer.root_object, writer.pages)
    _drop_unreachable(writer)
    # Returned open: the caller stores it and closes it.
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        writer.write(copy)
        copy.seek(0)
        left = find(PdfReader(copy, strict=False))
        if left:
            raise ValueError(f"active content left after rewriting: {left}")
    except BaseException:
        copy.close()
        raise
    copy.seek(0)
    return copy

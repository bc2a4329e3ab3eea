"""One PDF out of many, written object by object, so memory stays flat however many files an
application holds.

pypdf's PdfWriter keeps every page it merges in memory until it writes the result; a dossier
of twenty 3 MB scans would hold all sixty megabytes at once. Here each source PDF is opened
by pypdf from a file on disk, the objects its pages reach are renumbered and written straight
to the output file, and the reader is dropped before the next one opens: at any time one
source document is in memory. The page tree, the bookmarks (one outline item per part), the
catalog and the cross-reference table are written at the end, from small lists of numbers.

A source that pypdf cannot read, or that breaks half-way, is cut off the output (the file is
truncated back to where that part began) and reported by `add_pdf` returning False, so the
rest still builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    create_string_object,
)

# Attributes a page inherits from its ancestors in the page tree (PDF 32000-1, 7.7.3.4).
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
# What a copied page leaves behind: its place in the old tree, and what only made sense in
# the old document (its structure tree, its thumbnails, the articles that thread through it),
# and the page's own actions (uploads are stripped of them already; a dossier never runs any).
DROPPED_PAGE_KEYS = {"/Parent", "/StructParents", "/B", "/Thumb", "/PieceInfo", "/AA"}
READ_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError)


class UnreadablePDF(Exception):
    """A source PDF pypdf cannot read or copy (damaged, encrypted with a password...)."""


@dataclass
class _Part:
    title: str
    pages: list[int] = field(default_factory=list)


class PdfAssembler:
    """Writes a PDF to `out` (a binary file opened for writing and reading, positioned at
    its start). Call add_pdf() per part, then finish(order) with the parts in page order."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offsets: dict[int, int] = {}
        self.next_id = 1
        self.parts: list[_Part] = []
        self.pages_id = self._allocate()  # the page tree's root, written by finish()
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _allocate(self) -> int:
        number = self.next_id
        self.next_id += 1
        return number

    def _write(self, number: int, value) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(f"{number} 0 obj\n".encode())
        value.write_to_stream(self.out)
        self.out.write(b"\nendobj\n")

    def add_pdf(self, source: BinaryIO, *, title: str) -> int:
        """Copy every page of the PDF read from `source` (a seekable file) as one part with
        its own bookmark; returns the part's index. Raises UnreadablePDF, leaving the output
        as it was before the call."""
        start, first_id, offsets = self.out.tell(), self.next_id, dict(self.offsets)
        try:
            pages = self._copy(source)
        except (*READ_ERRORS, RecursionError) as error:
            self.out.seek(start)
            self.out.truncate()
            self.next_id, self.offsets = first_id, offsets
            raise UnreadablePDF(str(error) or type(error).__name__) from error
        self.parts.append(_Part(title=title, pages=pages))
        return len(self.parts) - 1

    def _copy(self, source: BinaryIO) -> list[int]:
        reader = PdfReader(source, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePDF("encrypted")
        mapping: dict[tuple[int, int], int] = {}
        pending: list[tuple[int, int]] = []

        def renumber(reference: IndirectObject) -> IndirectObject:
            key = (reference.idnum, reference.generation)
            if key not in mapping:
                mapping[key] = self._allocate()
                pending.append(key)
            return IndirectObject(mapping[key], 0, None)

        def rewrite(value):
            """`value` with every reference renumbered (containers changed in place: the
            reader is dropped after this document)."""
            if isinstance(value, IndirectObject):
                # pdf None: a reference this copy already renumbered (a shared object).
                return value if value.pdf is None else renumber(value)
            if isinstance(value, DictionaryObject):  # streams too
                for key in list(value.keys()):
                    value[key] = rewrite(value.raw_get(key))
            elif isinstance(value, ArrayObject):
                for index, item in enumerate(value):
                    value[index] = rewrite(item)
            return value

        pages = list(reader.pages)
        # Numbers for every page first: a link on page 1 to page 3 must reach the copy.
        page_ids = [self._allocate() for _ in pages]
        for page, number in zip(pages, page_ids, strict=True):
            if page.indirect_reference is not None:
                reference = page.indirect_reference
                mapping[(reference.idnum, reference.generation)] = number
        for page, number in zip(pages, page_ids, strict=True):
            copied = DictionaryObject()
            for key in INHERITED:
                inherited = page.get_inherited(key, None)
                if inherited is not None:
                    copied[NameObject(key)] = inherited
            for key in page:
                if key not in DROPPED_PAGE_KEYS:
                    copied[NameObject(key)] = page.raw_get(key)
            copied = rewrite(copied)
            copied[NameObject("/Parent")] = IndirectObject(self.pages_id, 0, None)
            self._write(number, copied)
        if not page_ids:
            raise UnreadablePDF("no pages")
        while pending:
            key = pending.pop()
            value = reader.get_object(IndirectObject(key[0], key[1], reader))
            if value is None:
                value = NullObject()
            elif isinstance(value, DictionaryObject | ArrayObject):
                value = rewrite(value)
            self._write(mapping[key], value)
        return page_ids

    def finish(self, order: list[int], *, title: str = "") -> None:
        """Write the page tree (the parts' pages in `order`), one bookmark per part, the
        catalog and the cross-reference table."""
        kids = [page for index in order for page in self.parts[index].pages]
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject(IndirectObject(p, 0, None) for p in kids),
                NameObject("/Count"): NumberObject(len(kids)),
            }
        )
        self._write(self.pages_id, pages)
        outline_id = self._allocate()
        parts = [self.parts[index] for index in order]
        item_ids = [self._allocate() for _ in parts]
        for position, (part, item_id) in enumerate(zip(parts, item_ids, strict=True)):
            item = DictionaryObject(
                {
                    NameObject("/Title"): create_string_object(part.title),
                    NameObject("/Parent"): IndirectObject(outline_id, 0, None),
                    NameObject("/Dest"): ArrayObject(
                        [IndirectObject(part.pages[0], 0, None), NameObject("/Fit")]
                    ),
                }
            )
            if position:
                item[NameObject("/Prev")] = IndirectObject(item_ids[position - 1], 0, None)
            if position < len(item_ids) - 1:
                item[NameObject("/Next")] = IndirectObject(item_ids[position + 1], 0, None)
            self._write(item_id, item)
        outline = DictionaryObject(
            {NameObject("/Type"): NameObject("/Outlines"), NameObject("/Count"): NumberObject(0)}
        )
        if item_ids:
            outline[NameObject("/First")] = IndirectObject(item_ids[0], 0, None)
            outline[NameObject("/Last")] = IndirectObject(item_ids[-1], 0, None)
            outline[NameObject("/Count")] = NumberObject(len(item_ids))
        self._write(outline_id, outline)
        catalog_id = self._allocate()
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): IndirectObject(self.pages_id, 0, None),
                NameObject("/Outlines"): IndirectObject(outline_id, 0, None),
                NameObject("/PageMode"): NameObject("/UseOutlines"),
            }
        )
        self._write(catalog_id, catalog)
        info_id = self._allocate()
        self._write(info_id, DictionaryObject({NameObject("/Title"): create_string_object(title)}))
        xref = self.out.tell()
        self.out.write(f"xref\n0 {self.next_id}\n".encode())
        self.out.write(b"0000000000 65535 f \n")
        for number in range(1, self.next_id):
            offset = self.offsets.get(number)
            # An allocated number never written (a reference to nothing) stays free.
            line = f"{offset:010d} 00000 n \n" if offset is not None else "0000000000 00000 f \n"
            self.out.write(line.encode())
        self.out.write(
            f"trailer\n<< /Size {self.next_id} /Root {catalog_id} 0 R /Info {info_id} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )
        self.out.flush()

"""What ERAS accepts: the applicant's Letter ID and the letter's PDF.

Sources (AAMC, checked 2026):
- "ERAS for Letter of Recommendation Authors", LoRP guidelines
  (https://www.aamc.org/services/eras-for-institutions/lor-portal): the file must be a PDF,
  at most 1 MB, not encrypted or password protected, its page size 8.5 x 11 inches, and its
  name without | * ? :
- LoRP FAQ (https://www.aamc.org/services/eras-for-institutions/lor-portal/faq): "The letter
  ID is comprised of a series of letters and numbers" (one per Letter Request Form, used
  once); "PDFs with encryption, password protection, or digital signatures cannot be
  uploaded."

The AAMC publishes no length for the Letter ID; we accept what its wording allows and what
the Letter Request Forms we have seen carry: letters A to Z and digits only, both present, 8
to 20 of them (spaces and hyphens a writer copies along are dropped; letters are upper
cased).

Nothing here writes; preceptors.letters.services stores what passes.
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from applications.files import PDF, inspect_upload
from applications.services.errors import InvalidDocument

from ..errors import LetterError

LETTER_ID = re.compile(r"^(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[0-9])[A-Z0-9]{8,20}$")
# US Letter in PDF points (1/72 inch): 8.5 x 11 in. A4 is 595 x 842.
LETTER_WIDTH, LETTER_HEIGHT = 612.0, 792.0
TOLERANCE = 2.0  # points: rounding in the writer's software


def normalize_letter_id(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def letter_id_problem(value: str) -> str:
    """Why a (normalized) ERAS Letter ID cannot be right; "" when it can."""
    if LETTER_ID.match(value):
        return ""
    return _(
        "This is not an ERAS Letter ID: copy it from your ERAS Letter Request Form. It has 8 "
        "to 20 letters and digits, with at least one of each."
    )


def max_size_label() -> str:
    return filesizeformat(settings.ERAS_LETTER_MAX_BYTES)


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _has_signature(reader: PdfReader, raw: bytes) -> bool:
    """A digital signature: a /Sig field or value, a /ByteRange, /Perms in the catalogue, or
    an AcroForm that says it holds signatures."""
    if b"/ByteRange" in raw or b"/Type /Sig" in raw or b"/Type/Sig" in raw:
        return True
    root = reader.trailer["/Root"]
    if "/Perms" in root:
        return True
    form = _resolve(root.get("/AcroForm"))
    if form is None:
        return False
    if int(_resolve(form.get("/SigFlags", 0)) or 0) & 1:
        return True
    stack = list(_resolve(form.get("/Fields")) or [])
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        field = _resolve(stack.pop())
        if field is None:
            continue
        if field.get("/FT") == "/Sig":
            return True
        stack.extend(_resolve(field.get("/Kids")) or [])
    return False


def page_size_problem(reader: PdfReader) -> str:
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        if int(page.get("/Rotate", 0) or 0) % 180:
            width, height = height, width
        if abs(width - LETTER_WIDTH) > TOLERANCE or abs(height - LETTER_HEIGHT) > TOLERANCE:
            inches = f"{width / 72:.2f} x {height / 72:.2f}"
            if abs(width - 595) <= 3 and abs(height - 842) <= 3:
                return _(
                    "Page %(page)s is A4 (%(inches)s inches); ERAS takes only US Letter pages "
                    "(8.5 x 11 inches). Save or print the letter on US Letter paper and upload "
                    "it again."
                ) % {"page": number, "inches": inches}
            return _(
                "Page %(page)s is %(inches)s inches; ERAS takes only US Letter pages (8.5 x 11 "
                "inches). Save or print the letter on US Letter paper and upload it again."
            ) % {"page": number, "inches": inches}
    return ""


def eras_problem(raw: bytes) -> str:
    """Why the ERAS Letter of Recommendation Portal would refuse this PDF ("" if it would
    take it): size, encryption or a password, a digital signature, pages that are not US
    Letter."""
    if len(raw) > settings.ERAS_LETTER_MAX_BYTES:
        return _(
            "The letter is larger than %(size)s, the most ERAS takes. Save it again with "
            "smaller images, or as a plain text PDF."
        ) % {"size": max_size_label()}
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        encrypted = reader.is_encrypted
    except Exception:
        return _("This PDF cannot be read. Save it again as a PDF and upload the new copy.")
    if encrypted:
        return _(
            "This PDF is encrypted or protected by a password, which ERAS refuses. Save a copy "
            "without a password or security settings and upload that."
        )
    try:
        if _has_signature(reader, raw):
            return _(
                "This PDF is digitally signed, which ERAS refuses. Print it to a new PDF (or "
                "save a copy without the digital signature) and upload that; a signature "
                "image on the page is fine."
            )
        if len(reader.pages) == 0:
            return _("This PDF has no pages.")
        return page_size_problem(reader)
    except Exception:
        return _("This PDF cannot be read. Save it again as a PDF and upload the new copy.")


def check_upload(upload: UploadedFile) -> bytes:
    """The bytes of an uploaded letter ERAS will take; LetterError with the reason
    otherwise. The document checks of applications.files run first (the bytes are a PDF,
    one format only, not damaged; active content is removed), then the ERAS rules."""
    if upload.size is not None and upload.size > settings.ERAS_LETTER_MAX_BYTES:
        raise LetterError(
            _(
                "The letter is larger than %(size)s, the most ERAS takes. Save it again with "
                "smaller images, or as a plain text PDF."
            )
            % {"size": max_size_label()}
        )
    try:
        checked = inspect_upload(upload)
    except InvalidDocument as error:
        raise LetterError(str(error)) from error
    if checked.content_type != PDF:
        raise LetterError(_("ERAS takes letters as PDF files only. Save the letter as a PDF."))
    source = checked.content if checked.content is not None else upload
    source.seek(0)
    raw = source.read()
    problem = eras_problem(raw)
    if problem:
        raise LetterError(problem)
    return raw

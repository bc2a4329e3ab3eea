"""What an uploaded document really is: its type read from its bytes (never from its name or
the browser's content type), its size, its SHA-256 and a name that is safe to show.

Nothing here writes: applications.services.documents stores what passes. Every check reads
the upload in chunks, so a 10 MB file that Django spooled to disk stays on disk.

Policy, decided here once:
- PDF, JPEG and PNG only. A PDF starts with ``%PDF-`` and must parse with pypdf and have a
  page; an encrypted PDF is accepted only when it opens without a password (restrictions on
  printing or copying are common on official transcripts), else it is refused, because the
  program office could not read it.
- Images must open and verify with Pillow, be no larger than settings.DOCUMENT_MAX_PIXELS,
  and a JPEG must also decode (at 1/8 scale, which is cheap) so that a truncated photo is
  caught now rather than by the reviewer.
- A file must end where its format says and carry no second format (applications.polyglots):
  a JPEG that is also a ZIP, a PDF with a web page after its end are refused.
- A PDF with active content (scripts, automatic actions, launching programs) is not refused
  but replaced by a copy without it (applications.pdf_actions); CheckedFile.content holds
  that copy and CheckedFile.removed_active_content says so, for the applicant to be told.
- With settings.CLAMAV_URL set, clamd scans every upload first; a finding is refused, and so
  is every upload while clamd cannot be reached (nothing is stored unscanned).
- The name must not contradict the bytes: ``cv.pdf`` holding a PNG is refused. A name with
  no extension gets the detected one. Names are cleaned, never refused: the basename only,
  no control or bidi characters, at most 100 characters, kept as metadata only.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PasswordType, PdfReader

from hmc_portal import clamav

from . import pdf_actions, polyglots
from .services.errors import InvalidDocument

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
TYPE_LABELS = {PDF: _("a PDF document"), JPEG: _("a JPEG image"), PNG: _("a PNG image")}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
TYPE_OF_EXTENSION = {
    ".pdf": PDF,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".jpe": JPEG,
    ".jfif": JPEG,
    ".png": PNG,
}
ACCEPT = ",".join([*TYPE_OF_EXTENSION, PDF, JPEG, PNG])  # the file input's accept attribute
MAX_NAME_LENGTH = 100
HEAD_BYTES = 1024
CHUNK_BYTES = 64 * 1024

PROGRAM_MAGIC = (
    b"\x7fELF",  # Linux and most Unix executables
    b"MZ",  # Windows executables and DLLs
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS), 32 and 64 bit, both byte orders, fat binaries
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # scripts
)


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what the Document row records. `content`,
    when set, is what to store instead of the upload (a PDF rewritten without its active
    content; size and sha256 are then the copy's)."""

    name: str
    content_type: str
    size: int
    sha256: str
    content: IO[bytes] | None = None
    removed_active_content: bool = False


def max_size_label() -> str:
    """The size limit in words, e.g. "10 MB"."""
    megabytes = settings.DOCUMENT_MAX_BYTES / (1024 * 1024)
    return f"{megabytes:g} MB"


def clean_filename(name: str) -> str:
    """A safe display name: the last path component only, without control, format (bidi)
    or NUL characters, no leading dots, at most MAX_NAME_LENGTH characters with the
    extension kept. May be "" when nothing usable is left."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    stem, extension = _split_extension(name)
    if len(name) > MAX_NAME_LENGTH:
        stem = stem[: MAX_NAME_LENGTH - len(extension)].rstrip(" .")
        name = stem + extension
    return name


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension or len(extension) > 10 or " " in extension:
        return name, ""
    return stem, "." + extension


def inspect_upload(upload: UploadedFile) -> CheckedFile:
    """Read the upload in chunks and decide whether it is an acceptable document.

    Returns its cleaned name, detected type, size and SHA-256 (and, for a PDF with active
    content, the copy to store instead, whose size and SHA-256 they are); raises
    InvalidDocument with a message for the applicant otherwise. Leaves the file positioned at
    its start. With settings.CLAMAV_URL set, clamd scans it first.
    """
    limit = settings.DOCUMENT_MAX_BYTES
    too_big = InvalidDocument(
        gettext(
            "The file is larger than %(size)s. Scan it at a lower resolution "
            "or compress it, then upload it again."
        )
        % {"size": max_size_label()}
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    hasher, size, head = hashlib.sha256(), 0, b""
    for chunk in upload.chunks(CHUNK_BYTES):
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        size += len(chunk)
        if size > limit:
            raise too_big
        hasher.update(chunk)
    if size == 0:
        raise InvalidDocument(
            gettext("The file is empty. Choose the file again, or save a new copy.")
        )

    if settings.CLAMAV_URL:
        _scan_for_viruses(upload)
    content_type = detect_type(head)
    name = clean_filename(upload.name or "")
    stem, extension = _split_extension(name)
    if extension:
        named_type = TYPE_OF_EXTENSION.get(extension.lower())
        if named_type != content_type:
            raise InvalidDocument(
                gettext(
                    "The file's name ends in %(extension)s, but its content is "
                    "%(type)s. Upload the original file, or save it again "
                    "as a PDF, JPEG or PNG."
                )
                % {"extension": extension, "type": TYPE_LABELS[content_type]}
            )
    else:
        suffix = EXTENSIONS[content_type]
        name = (stem or "document")[: MAX_NAME_LENGTH - len(suffix)] + suffix

    _check_single_format(upload, content_type, size)
    copy = None
    if content_type == PDF:
        copy = _check_pdf(upload)
    else:
        _check_image(upload, content_type)
    upload.seek(0)
    if copy is None:
        return CheckedFile(
            name=name, content_type=content_type, size=size, sha256=hasher.hexdigest()
        )
    hasher, size = hashlib.sha256(), 0
    while chunk := copy.read(CHUNK_BYTES):
        hasher.update(chunk)
        size += len(chunk)
    copy.seek(0)
    if size > limit:
        copy.close()
        raise too_big
    return CheckedFile(
        name=name,
        content_type=content_type,
        size=size,
        sha256=hasher.hexdigest(),
        content=copy,
        removed_active_content=True,
    )


def _scan_for_viruses(upload: UploadedFile) -> None:
    try:
        signature = clamav.scan(
            settings.CLAMAV_URL, upload.chunks(CHUNK_BYTES), timeout=settings.CLAMAV_TIMEOUT
        )
    except clamav.ScannerUnavailable:
        logger.exception("Virus scanner unavailable; upload refused")
        raise InvalidDocument(
            gettext(
                "We could not check this file for viruses just now, so it was not saved. "
                "Please try again later."
            )
        ) from None
    finally:
        upload.seek(0)
    if signature is not None:
        logger.warning("Virus scanner found %s in an upload; refused", signature)
        raise InvalidDocument(
            gettext(
                "Our virus scanner found %(signature)s in this file, so it was not saved. "
                "Check your computer with an up-to-date virus scanner, then upload a clean "
                "copy of the document."
            )
            % {"signature": signature}
        )


def _check_single_format(upload: UploadedFile, content_type: str, size: int) -> None:
    label = TYPE_LABELS[content_type]
    try:
        polyglots.check(upload, content_type, size)
    except polyglots.NoEnd as error:
        raise _damaged(content_type) from error
    except polyglots.Polyglot as error:
        if error.reason == "trailing":
            message = gettext(
                "This file has more data after the end of %(type)s, so it may be two files "
                "in one. Open it and save or export it again as a new file, then upload that."
            )
        elif error.reason == "zip":
            message = gettext(
                "This file has a ZIP archive hidden inside %(type)s. Open it and save or "
                "export it again as a new file, then upload that."
            )
        else:
            message = gettext(
                "This file has web page code (HTML) hidden inside %(type)s. Open it and save "
                "or export it again as a new file, then upload that."
            )
        raise InvalidDocument(message % {"type": label}) from error


def _damaged(content_type: str) -> InvalidDocument:
    if content_type == PDF:
        return InvalidDocument(
            gettext(
                "This PDF could not be read; it may be damaged. Save or export it again and "
                "upload the new copy."
            )
        )
    return InvalidDocument(
        gettext(
            "This image could not be read; it may be damaged or incomplete. Take the photo or "
            "scan again and upload the new file."
        )
    )


def detect_type(head: bytes) -> str:
    """The content type of a file from its first bytes: PDF, JPEG or PNG, else
    InvalidDocument saying what it seems to be."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(PROGRAM_MAGIC):
        raise InvalidDocument(
            gettext(
                "This file is a program, not a document. Only PDF, JPEG and PNG files are accepted."
            )
        )
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if text.startswith(b"<"):
        if b"<svg" in head.lower():
            raise InvalidDocument(
                gettext(
                    "This file is an SVG image, which cannot be accepted. Save it as a PDF, or "
                    "take a screenshot as PNG, and upload that."
                )
            )
        raise InvalidDocument(
            gettext(
                "This file is a web page (HTML or XML), which cannot be accepted. Save it as a "
                "PDF, or take a screenshot as PNG, and upload that."
            )
        )
    raise InvalidDocument(
        gettext(
            "This file is not a PDF, JPEG or PNG. Save or scan it as one of those and upload "
            "it again."
        )
    )


def _check_pdf(upload: UploadedFile) -> IO[bytes] | None:
    """Refuses a PDF that cannot be read; returns a copy without active content when it has
    some, else None."""
    damaged = _damaged(PDF)
    protected = InvalidDocument(
        gettext(
            "This PDF is protected by a password. Upload a copy that opens without one, so the "
            "program office can read it."
        )
    )
    # pypdf raises many exception types on malformed input; every one means "damaged".
    try:
        reader = PdfReader(upload, strict=False)
        encrypted = reader.is_encrypted
    except Exception as error:
        raise damaged from error
    if encrypted:
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception:
            opened = False
        if not opened:
            raise protected
    try:
        pages = len(reader.pages)
    except Exception as error:
        raise damaged from error
    if pages == 0:
        raise InvalidDocument(gettext("This PDF has no pages."))
    try:
        if not pdf_actions.find(reader):
            return None
        return pdf_actions.strip(reader)
    except Exception as error:  # as above: any failure to walk or rewrite it means damaged
        raise damaged from error


def _check_image(upload: UploadedFile, content_type: str) -> None:
    pillow_format = "JPEG" if content_type == JPEG else "PNG"
    max_pixels = settings.DOCUMENT_MAX_PIXELS
    damaged = _damaged(content_type)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise InvalidDocument(
                        gettext(
                            "This image is too large (%(width)s × %(height)s pixels). Upload a "
                            "smaller scan, at most %(megapixels)s megapixels."
                        )
                        % {
                            "width": width,
                            "height": height,
                            "megapixels": max_pixels // 1_000_000,
                        }
                    )
                image.verify()
            if content_type == JPEG:
                upload.seek(0)
                with Image.open(upload, formats=[pillow_format]) as image:
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except InvalidDocument:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidDocument(
            gettext(
                "This image is too large. Upload a smaller scan, at most %(megapixels)s megapixels."
            )
            % {"megapixels": max_pixels // 1_000_000}
        ) from error
    except Exception as error:  # Pillow raises many types on malformed input
        raise damaged from error

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
- The name must not contradict the bytes: ``cv.pdf`` holding a PNG is refused. A name with
  no extension gets the detected one. Names are cleaned, never refused: the basename only,
  no control or bidi characters, at most 100 characters, kept as metadata only.
"""

from __future__ import annotations

import hashlib
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PasswordType, PdfReader

from .services.errors import InvalidDocument

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
    """An upload that passed every check, with what the Document row records."""

    name: str
    content_type: str
    size: int
    sha256: str


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

    Returns its cleaned name, detected type, size and SHA-256; raises InvalidDocument with a
    message for the applicant otherwise. Leaves the file positioned at its start.
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

    upload.seek(0)
    if content_type == PDF:
        _check_pdf(upload)
    else:
        _check_image(upload, content_type)
    upload.seek(0)
    return CheckedFile(name=name, content_type=content_type, size=size, sha256=hasher.hexdigest())


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


def _check_pdf(upload: UploadedFile) -> None:
    damaged = InvalidDocument(
        gettext(
            "This PDF could not be read; it may be damaged. Save or export it again and upload "
            "the new copy."
        )
    )
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


def _check_image(upload: UploadedFile, content_type: str) -> None:
    pillow_format = "JPEG" if content_type == JPEG else "PNG"
    max_pixels = settings.DOCUMENT_MAX_PIXELS
    damaged = InvalidDocument(
        gettext(
            "This image could not be read; it may be damaged or incomplete. Take the photo or "
            "scan again and upload the new file."
        )
    )
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

"""Named reads of issued documents."""

from __future__ import annotations

import hashlib
import hmac

from django.core.files.uploadedfile import UploadedFile

from . import codes
from .models import IssuedDocument


def document_for_code(text: str) -> IssuedDocument | None:
    """The issued document a visitor's code names (any case, with or without dashes or
    spaces), or None. Text that cannot be a code is looked up too (as a code no document
    has), so a malformed code and an unknown one take the same path and the same time."""
    code = codes.normalize(text)
    return IssuedDocument.objects.filter(code=code or "").first()


def file_is_the_issued_one(*, document: IssuedDocument, upload: UploadedFile) -> bool:
    """Whether the bytes a visitor holds are exactly the PDF issued (its SHA-256), read in
    chunks and compared in constant time. Nothing is kept."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return hmac.compare_digest(digest.hexdigest(), document.sha256)

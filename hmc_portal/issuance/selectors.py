"""Named reads of issued documents."""

from __future__ import annotations

from . import codes
from .models import IssuedDocument


def document_for_code(text: str) -> IssuedDocument | None:
    """The issued document a visitor's code names (any case, with or without dashes or
    spaces), or None: also for text that cannot be a code, without a query."""
    code = codes.normalize(text)
    if code is None:
        return None
    return IssuedDocument.objects.filter(code=code).first()

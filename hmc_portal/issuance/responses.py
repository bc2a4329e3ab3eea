"""Serving an issued PDF. Only the apps' own views call this, after deciding who may."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from .models import IssuedDocument


def issued_document_response(document: IssuedDocument, *, inline: bool = False) -> FileResponse:
    """The stored PDF, streamed from the private storage, for a viewer the caller checked.
    A download by default (attachment, a sandboxing CSP); `inline` lets the browser's PDF
    viewer show it, framed by this site's pages only. Either way nosniff, never cached."""
    try:
        stream = document.file.storage.open(document.file.name, "rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from storage.")) from error
    response = FileResponse(
        stream,
        as_attachment=not inline,
        filename=document.filename,
        content_type="application/pdf",
    )
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Chromium's PDF viewer does not open a sandboxed document; ours hold no script.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

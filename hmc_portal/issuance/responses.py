"""Serving an issued PDF. Only the apps' own views call this, after deciding who may."""

from __future__ import annotations

from django.http import FileResponse

from hmc_portal.private_files import private_file_response

from .models import IssuedDocument


def issued_document_response(document: IssuedDocument, *, inline: bool = False) -> FileResponse:
    """The stored PDF, streamed from the private storage, for a viewer the caller checked.
    A download by default; `inline` lets the browser's PDF viewer show it, framed by this
    site's pages only (hmc_portal.private_files.private_file_response)."""
    return private_file_response(
        document.file,
        filename=document.filename,
        content_type="application/pdf",
        size=document.size,
        inline=inline,
    )

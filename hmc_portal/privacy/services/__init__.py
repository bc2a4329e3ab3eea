"""Every change to the privacy app's rows: the applicant's copy of their data (exports.py)
and the erasure of their account (erasure.py)."""

from .exports import (
    ExportError,
    build_export,
    expire_exports,
    record_download,
    request_export,
    stale_export_ids,
)

__all__ = [
    "ExportError",
    "build_export",
    "expire_exports",
    "record_download",
    "request_export",
    "stale_export_ids",
]

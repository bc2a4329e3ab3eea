"""The privacy app's rows: the applicant's data exports (the erasure requests sit beside
them)."""

from .exports import DataExport, ExportStatus

__all__ = ["DataExport", "ExportStatus"]
from .erasure import ErasureRequest, ErasureStatus

__all__ = ["ErasureRequest", "ErasureStatus"]

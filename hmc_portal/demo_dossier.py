"""Demo data for the staff dossier (applications.dossier): Omar's CV is damaged in storage
(its bytes cut short, as a failed upload or a disk fault would leave it), so his dossier's
cover lists it as unreadable while the rest still builds; Fatima's dossier is whole."""

from __future__ import annotations

from applications.enums import DocumentKind
from applications.models import Document

from .demo_files import pdf_with_text

DAMAGED_APPLICANT = "omar@example.com"


def damaged_bytes() -> bytes:
    """The first half of a real PDF: the header is there, the pages and the table are not."""
    whole = pdf_with_text("CV of Omar Hassan (demo)")
    return whole[: len(whole) // 2]


def seed_dossier() -> None:
    """Cut Omar's stored CV short (again: the same bytes each run)."""
    document = Document.objects.filter(
        application__applicant__email=DAMAGED_APPLICANT, kind=DocumentKind.CV
    ).first()
    if document is None or not document.file:
        return
    with document.file.storage.open(document.file.name, "wb") as stored:
        stored.write(damaged_bytes())

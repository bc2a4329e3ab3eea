"""Named reads of applications and their documents, already scoped and joined."""

from .applications import (
    application_for_intake,
    applications_for_user,
    current_application,
    submission_problems,
)
from .documents import ChecklistItem, document_checklist, documents_for_user, missing_documents
from .placement import (
    ApplicantSummary,
    applicant_summaries,
    application_for_update,
    placement_documents,
)

__all__ = [
    "ApplicantSummary",
    "applicant_summaries",
    "application_for_update",
    "placement_documents",
    "ChecklistItem",
    "application_for_intake",
    "applications_for_user",
    "current_application",
    "document_checklist",
    "documents_for_user",
    "missing_documents",
    "submission_problems",
]

"""Named reads of applications and their documents, already scoped and joined."""

from .applications import applications_for_user, current_application, submission_problems
from .documents import ChecklistItem, document_checklist, documents_for_user, missing_documents

__all__ = [
    "ChecklistItem",
    "applications_for_user",
    "current_application",
    "document_checklist",
    "documents_for_user",
    "missing_documents",
    "submission_problems",
]

"""Every write to an application goes through these services (one module per concern)."""

from .documents import delete_document, replace_document, upload_document
from .drafts import (
    save_background,
    save_interests,
    save_personal_details,
    update_applicant_profile,
)
from .errors import ApplicationError, InvalidDocument, SubmissionIncomplete, TransitionError
from .lifecycle import (
    record_status_change,
    start_application,
    submit_application,
    transition_application,
    withdraw_application,
)

__all__ = [
    "ApplicationError",
    "InvalidDocument",
    "SubmissionIncomplete",
    "TransitionError",
    "record_status_change",
    "save_background",
    "save_interests",
    "save_personal_details",
    "start_application",
    "submit_application",
    "transition_application",
    "update_applicant_profile",
    "withdraw_application",
    "upload_document",
    "replace_document",
    "delete_document",
]

"""Every write to an application goes through these services (one module per concern)."""

from .documents import delete_document, replace_document, upload_document
from .dossiers import (
    DossierError,
    build_dossier,
    builds_in_request,
    built_dossier_for,
    download_dossier,
    open_built_dossier,
    request_dossier_build,
    sweep_dossiers,
)
from .drafts import (
    save_background,
    save_draft_answers,
    save_interests,
    save_personal_details,
    update_applicant_profile,
)
from .errors import (
    ApplicationError,
    InvalidDocument,
    NotAllowed,
    SubmissionIncomplete,
    TransitionError,
)
from .interviews import (
    InterviewError,
    SlotTime,
    cancel_interview,
    offer_interview_slots,
    pick_interview_slot,
    record_interview_outcome,
    request_interview_time,
    reschedule_interview,
    schedule_interview,
    send_interview_reminders,
)
from .lifecycle import (
    start_application,
    submit_application,
    transition_application,
    withdraw_application,
)
from .offers import OfferError, expire_offers, respond_to_offer, send_offer_reminders
from .review import (
    add_internal_note,
    change_status,
    reject_document,
    verify_document,
)

__all__ = [
    "DossierError",
    "build_dossier",
    "builds_in_request",
    "built_dossier_for",
    "download_dossier",
    "open_built_dossier",
    "request_dossier_build",
    "sweep_dossiers",
    "ApplicationError",
    "InvalidDocument",
    "SubmissionIncomplete",
    "TransitionError",
    "save_background",
    "save_draft_answers",
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
    "NotAllowed",
    "add_internal_note",
    "change_status",
    "reject_document",
    "verify_document",
    "InterviewError",
    "SlotTime",
    "cancel_interview",
    "offer_interview_slots",
    "pick_interview_slot",
    "record_interview_outcome",
    "request_interview_time",
    "reschedule_interview",
    "schedule_interview",
    "send_interview_reminders",
    "OfferError",
    "expire_offers",
    "respond_to_offer",
    "send_offer_reminders",
]

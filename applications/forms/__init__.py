"""The applicant's forms, one module per concern: `apply` (the steps of the application and
withdrawal), `documents` (uploads), `interviews` (picking a time, answering the offer)."""

from .apply import (
    BackgroundForm,
    InterestsForm,
    PersonalForm,
    SubmitForm,
    WithdrawForm,
    step_buttons,
    word_count,
)
from .documents import DocumentDeleteForm, DocumentReplaceForm, DocumentUploadForm
from .interviews import DeclineOfferForm, InterviewTimeRequestForm, PickSlotForm

__all__ = [
    "BackgroundForm",
    "DeclineOfferForm",
    "DocumentDeleteForm",
    "DocumentReplaceForm",
    "DocumentUploadForm",
    "InterestsForm",
    "InterviewTimeRequestForm",
    "PersonalForm",
    "PickSlotForm",
    "SubmitForm",
    "WithdrawForm",
    "step_buttons",
    "word_count",
]

"""What preceptors' part of the portal holds about an applicant: the letters of
recommendation they asked for (registered by PreceptorsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection, shredders
from hmc_portal.privacy.schema import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    iso,
    nullable,
    obj,
    section,
)
from hmc_portal.privacy.shredding import exported_file

from .letters.erasure import erase_letter_requests
from .models import LetterRequest

LETTER_REQUEST = obj(
    id=INTEGER,
    application_id=INTEGER,
    block_id=INTEGER,
    preceptor=STRING,
    target_specialty=STRING,
    eras_letter_id=STRING,
    due_date=DATE,
    status=STRING,
    decline_message=STRING,
    letter_source=STRING,
    letter_text=STRING,
    requested_at=DATETIME,
    answered_at=nullable(DATETIME),
    written_at=nullable(DATETIME),
    uploaded_to_eras_at=nullable(DATETIME),
)


def waived_note(count: int) -> str:
    """The export's English note about the letters left out."""
    if count == 1:
        return "1 waived letter of recommendation is not included: you waived your right to see it."
    return (
        f"{count} waived letters of recommendation are not included: you waived your right "
        "to see them."
    )


class LetterRequestShredder(DataShredder):
    name = "preceptors.letters"
    verbose_name = _("Letters of recommendation you requested")
    keeps = ""
    schema = section(array(LETTER_REQUEST))

    def export(self, user) -> ExportSection:
        requests = LetterRequest.objects.filter(application__applicant=user).select_related(
            "preceptor__user"
        )
        waived = [request for request in requests if request.waived]
        shown = sorted((request for request in requests if not request.waived), key=lambda r: r.pk)
        files = (
            exported_file(
                "preceptors/letters", request.pk, "letter-of-recommendation.pdf", request.letter
            )
            for request in shown
        )
        return ExportSection(
            data=[_letter_request(request) for request in shown],
            files=[file for file in files if file is not None],
            notes=[waived_note(len(waived))] if waived else [],
        )

    def shred(self, user) -> None:
        erase_letter_requests(user=user)


def _letter_request(request: LetterRequest) -> dict:
    return {
        "id": request.pk,
        "application_id": request.application_id,
        "block_id": request.rotation_request_id,
        "preceptor": request.preceptor.user.get_full_name(),
        "target_specialty": request.specialty,
        "eras_letter_id": request.eras_letter_id,
        "due_date": iso(request.due_date),
        "status": request.status,
        "decline_message": request.decline_message,
        "letter_source": request.letter_source,
        "letter_text": request.letter_text,
        "requested_at": iso(request.created_at),
        "answered_at": iso(request.responded_at),
        "written_at": iso(request.written_at),
        "uploaded_to_eras_at": iso(request.uploaded_at),
    }


def register() -> None:
    shredders.register(LetterRequestShredder())

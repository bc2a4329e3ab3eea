"""The applicant's rotation requests: their choices, the preceptors' answers, waiting lists
and replacement blocks."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection
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

from ..models import ReplacementAllowance, RotationRequest
from ..services.privacy import erase_rotation_requests

REQUEST = obj(
    id=INTEGER,
    application_id=INTEGER,
    specialty=STRING,
    site=STRING,
    preceptor=STRING,
    first_day=DATE,
    last_day=DATE,
    preference=INTEGER,
    status=STRING,
    decline_reason=STRING,
    cancel_reason=STRING,
    cancel_cause=STRING,
    replacement_for=nullable(INTEGER),
    requested_at=DATETIME,
    answered_at=nullable(DATETIME),
    waitlisted_at=nullable(DATETIME),
    confirmed_at=nullable(DATETIME),
    cancelled_at=nullable(DATETIME),
)
ALLOWANCE = obj(
    id=INTEGER,
    application_id=INTEGER,
    cancelled_request_id=INTEGER,
    cause=STRING,
    status=STRING,
    granted_at=DATETIME,
    used_by_request_id=nullable(INTEGER),
    used_at=nullable(DATETIME),
)


class RotationRequestShredder(DataShredder):
    name = "rotations.requests"
    verbose_name = _("Rotation requests, waiting lists and replacement blocks")
    keeps = _(
        "Your requests stay, with their dates and statuses but without the reasons written "
        "about them: the rotations' places and the program's history depend on them. Places "
        "you were still waiting for are given up."
    )
    schema = section(obj(requests=array(REQUEST), replacement_allowances=array(ALLOWANCE)))

    def export(self, user) -> ExportSection:
        requests = RotationRequest.objects.filter(application__applicant=user).select_related(
            "rotation__specialty", "rotation__site", "rotation__preceptor__user"
        )
        allowances = ReplacementAllowance.objects.filter(application__applicant=user)
        return ExportSection(
            data={
                "requests": [_request(request) for request in requests.order_by("pk")],
                "replacement_allowances": [
                    {
                        "id": allowance.pk,
                        "application_id": allowance.application_id,
                        "cancelled_request_id": allowance.replaces_id,
                        "cause": allowance.cause,
                        "status": allowance.status,
                        "granted_at": iso(allowance.granted_at),
                        "used_by_request_id": allowance.used_by_id,
                        "used_at": iso(allowance.used_at),
                    }
                    for allowance in allowances.order_by("pk")
                ],
            }
        )

    def shred(self, user) -> None:
        erase_rotation_requests(user=user)


def _request(request: RotationRequest) -> dict:
    rotation = request.rotation
    return {
        "id": request.pk,
        "application_id": request.application_id,
        "specialty": rotation.specialty.name,
        "site": rotation.site.name,
        "preceptor": rotation.preceptor.user.get_full_name(),
        "first_day": iso(rotation.start_date),
        "last_day": iso(rotation.end_date),
        "preference": request.rank,
        "status": request.status,
        "decline_reason": request.decline_reason,
        "cancel_reason": request.cancel_reason,
        "cancel_cause": request.cancel_cause,
        "replacement_for": request.replacement_for_id,
        "requested_at": iso(request.created_at),
        "answered_at": iso(request.responded_at),
        "waitlisted_at": iso(request.waitlisted_at),
        "confirmed_at": iso(request.confirmed_at),
        "cancelled_at": iso(request.cancelled_at),
    }

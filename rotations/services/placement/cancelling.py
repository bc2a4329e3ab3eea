"""Cancelling requests: one by the applicant or staff, or all of an application that left the
program."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.users.models import User

from ...enums import ACTIVE_REQUEST_STATUSES, RequestStatus
from ...errors import PlacementError
from ...lifecycle import RequestActor, request_move_allowed
from ...models import Rotation, RotationRequest
from ...permissions import may_cancel_as_staff
from . import capacity
from .common import (
    enrol_if_complete,
    lock_rotation,
    lock_rotation_request,
    log_request,
    notify_applicant,
    notify_preceptor,
    promote_waitlist,
)

# Why a request is released when its applicant leaves: stored (and logged) in English, told
# to the preceptor in their language.
RELEASED_REASON = "The applicant is no longer in the program."
RELEASED_REASON_WORDS = gettext_lazy("The applicant is no longer in the program.")


def _cancel_locked(
    *,
    rotation_request: RotationRequest,
    rotation: Rotation,
    by: User | None,
    reason: str,
    tell_applicant: bool,
    verb: str,
) -> list[RotationRequest]:
    was = rotation_request.status
    was_confirmed = was == RequestStatus.CONFIRMED
    rotation_request.status = RequestStatus.CANCELLED
    rotation_request.cancelled_at, rotation_request.cancelled_by = timezone.now(), by
    rotation_request.cancel_reason, rotation_request.link_nonce = reason, ""
    rotation_request.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "link_nonce",
            "updated_at",
        ]
    )
    log_request(rotation_request, verb, by=by, reason=reason, **{"from": was})
    promoted = []
    if was_confirmed:
        capacity.free_place(rotation)
        promoted = promote_waitlist(rotation=rotation, by=by)
    notify_preceptor(
        rotation_request,
        "rotation_request_cancelled",
        "cancelled",
        reason=RELEASED_REASON_WORDS if reason == RELEASED_REASON else reason,
        was_confirmed=was_confirmed,
        promoted_name=promoted[0].application.applicant.display_name if promoted else "",
    )
    if tell_applicant:
        notify_applicant(
            rotation_request, "rotation_request_cancelled", "cancelled:applicant", reason=reason
        )
    return promoted


@transaction.atomic
def cancel_rotation_request(
    *, rotation_request: RotationRequest, by: User, reason: str = ""
) -> RotationRequest:
    """Cancel an active request: the applicant, or staff with the coordinator's permission
    (rotations.change_rotationrequest; a reviewer is refused). A confirmed place goes to the first
    on the rotation's waiting list. Emails the preceptor, and the applicant when someone else
    cancelled; enrols the application if every remaining choice is confirmed. Logs
    `rotations.request.cancelled` with the reason."""
    application = application_for_update(application_id=rotation_request.application_id)
    if by.pk == application.applicant_id:
        actor = RequestActor.APPLICANT
    elif may_cancel_as_staff(by):
        actor = RequestActor.STAFF
    else:
        # Staff without the coordinator's permission (a reviewer) are refused like anyone.
        raise PlacementError(_("Only the applicant or the program office can cancel a request."))
    rotation = lock_rotation(rotation_request.rotation_id)
    rotation_request = lock_rotation_request(rotation_request.pk)
    if not request_move_allowed(rotation_request.status, RequestStatus.CANCELLED, actor):
        raise PlacementError(
            _("This request is %(status)s already.")
            % {"status": rotation_request.get_status_display().lower()}
        )
    _cancel_locked(
        rotation_request=rotation_request,
        rotation=rotation,
        by=by,
        reason=reason.strip(),
        tell_applicant=by.pk != application.applicant_id,
        verb="rotations.request.cancelled",
    )
    enrol_if_complete(application=application, by=by)
    rotation_request.rotation = rotation
    return rotation_request


@transaction.atomic
def release_requests_for_application(*, application: Application, by: User | None) -> int:
    """Cancel every active request of an application that left the program (offer declined
    or expired, withdrawn), giving each confirmed place to the rotation's waiting list and
    telling each preceptor. The applicant's own status email covers them. Logs
    `rotations.request.released` for each. Returns how many requests were cancelled."""
    application_for_update(application_id=application.pk)
    pending = list(
        RotationRequest.objects.filter(
            application_id=application.pk, status__in=ACTIVE_REQUEST_STATUSES
        )
        .order_by("rotation_id")
        .values_list("pk", "rotation_id")
    )
    for request_id, rotation_id in pending:
        rotation = lock_rotation(rotation_id)
        rotation_request = lock_rotation_request(request_id)
        _cancel_locked(
            rotation_request=rotation_request,
            rotation=rotation,
            by=by,
            reason=RELEASED_REASON,
            tell_applicant=False,
            verb="rotations.request.released",
        )
    return len(pending)

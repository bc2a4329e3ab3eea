"""Cancelling requests: one by the applicant or staff, all of an application that left the
program, or all of a rotation the program cannot run. Each cancelled request keeps its
cause (CancelCause). Releasing an application's places for non-payment or a visa refusal
is in `releasing`."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User

from ...enums import ACTIVE_REQUEST_STATUSES, RELEASE_CAUSES, CancelCause, RequestStatus
from ...errors import PlacementError
from ...lifecycle import RequestActor, request_move_allowed
from ...models import Rotation, RotationRequest
from ...permissions import may_cancel_as_staff
from ...signals import rotation_cancelled, rotation_request_cancelled
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


def cancel_locked(
    *,
    rotation_request: RotationRequest,
    rotation: Rotation,
    by: User | None,
    reason: str,
    cause: CancelCause,
    tell_applicant: bool,
    verb: str,
) -> list[RotationRequest]:
    """Cancel one request whose application, rotation and row the caller holds locked (in
    that order): frees a confirmed place for the waiting list, emails the preceptor (and the
    applicant when `tell_applicant`), logs `verb` with the reason and the cause. Returns
    whoever was promoted into the freed place."""
    was = rotation_request.status
    was_confirmed = was == RequestStatus.CONFIRMED
    rotation_request.status = RequestStatus.CANCELLED
    rotation_request.cancelled_at, rotation_request.cancelled_by = timezone.now(), by
    rotation_request.cancel_reason, rotation_request.link_nonce = reason, ""
    rotation_request.cancel_cause = cause
    rotation_request.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "cancel_cause",
            "link_nonce",
            "updated_at",
        ]
    )
    log_request(rotation_request, verb, by=by, reason=reason, cause=str(cause), **{"from": was})
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


# The causes staff may give when cancelling one request (leaving the program is the
# application's own change: release_requests_for_application gives it).
_STAFF_CAUSES = (CancelCause.PROGRAM, CancelCause.APPLICANT, *RELEASE_CAUSES)


@transaction.atomic
def cancel_rotation_request(
    *,
    rotation_request: RotationRequest,
    by: User,
    reason: str = "",
    cause: CancelCause | None = None,
) -> RotationRequest:
    """Cancel an active request: the applicant, or staff with the coordinator's permission
    (rotations.change_rotationrequest; a reviewer is refused). A confirmed place goes to the first
    on the rotation's waiting list. Emails the preceptor, and the applicant when someone else
    cancelled; enrols the application if every remaining choice is confirmed. Logs
    `rotations.request.cancelled` with the reason and the cause.

    `cause` (CancelCause) says why, for billing's refund rules: by default the applicant's
    own when they cancel, the program's otherwise. The applicant gives no other; staff may
    also say the applicant asked (APPLICANT) or release for non-payment or a visa refusal."""
    application = application_for_update(application_id=rotation_request.application_id)
    if by.pk == application.applicant_id:
        actor = RequestActor.APPLICANT
        allowed = (CancelCause.APPLICANT,)
    elif may_cancel_as_staff(by):
        actor = RequestActor.STAFF
        allowed = _STAFF_CAUSES
    else:
        # Staff without the coordinator's permission (a reviewer) are refused like anyone.
        raise PlacementError(_("Only the applicant or the program office can cancel a request."))
    if cause is None:
        cause = allowed[0]
    if cause not in allowed:
        raise PlacementError(_("This request cannot be cancelled for that cause."))
    cause = CancelCause(cause)
    rotation = lock_rotation(rotation_request.rotation_id)
    rotation_request = lock_rotation_request(rotation_request.pk)
    was = rotation_request.status
    if not request_move_allowed(rotation_request.status, RequestStatus.CANCELLED, actor):
        raise PlacementError(
            _("This request is %(status)s already.")
            % {"status": rotation_request.get_status_display().lower()}
        )
    cancel_locked(
        rotation_request=rotation_request,
        rotation=rotation,
        by=by,
        reason=reason.strip(),
        cause=cause,
        tell_applicant=by.pk != application.applicant_id,
        verb="rotations.request.cancelled",
    )
    rotation_request.rotation = rotation
    rotation_request_cancelled.send(
        sender=RotationRequest,
        rotation_request=rotation_request,
        from_status=was,
        by=by,
        cause=cause,
    )
    enrol_if_complete(application=application, by=by)
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
        cancel_locked(
            rotation_request=rotation_request,
            rotation=rotation,
            by=by,
            reason=RELEASED_REASON,
            cause=CancelCause.LEFT_PROGRAM,
            tell_applicant=False,
            verb="rotations.request.released",
        )
    return len(pending)


MAX_CANCEL_REASON = 1000
# The order requests of a cancelled rotation are cancelled in: those waiting first, so that
# a confirmed place freed last finds nobody on the waiting list to promote.
_CANCEL_ORDER = {
    RequestStatus.WAITLISTED: 0,
    RequestStatus.REQUESTED: 1,
    RequestStatus.CONFIRMED: 2,
}


@transaction.atomic
def cancel_rotation(*, rotation: Rotation, reason: str, by: User) -> list[RotationRequest]:
    """The program cancels a rotation it cannot run: it is unpublished and every active
    request for it is cancelled with `reason` (the applicant and the preceptor are emailed
    with it; nobody is promoted from the waiting list, which is cancelled too); an
    application whose remaining choices are all confirmed is enrolled. Sends
    rotations.signals.rotation_cancelled (billing refunds the confirmed blocks). Coordinators
    only (rotations.change_rotationrequest); a reason is required. Logs
    `rotations.rotation.cancelled` and `rotations.request.cancelled` for each request.
    Returns the requests cancelled."""
    if not may_cancel_as_staff(by):
        raise PlacementError(_("Only the program office can cancel a rotation."))
    reason = (reason or "").strip()
    if not reason:
        raise PlacementError(_("Say why the rotation is cancelled: the applicants read it."))
    if len(reason) > MAX_CANCEL_REASON:
        raise PlacementError(_("The reason is too long (1,000 characters at most)."))
    pending = list(
        RotationRequest.objects.filter(
            rotation_id=rotation.pk, status__in=ACTIVE_REQUEST_STATUSES
        ).values_list("pk", "application_id", "status")
    )
    # The lock order of every placement writer: applications, then the rotation, then requests.
    applications = [
        application_for_update(application_id=application_id)
        for application_id in sorted({row[1] for row in pending})
    ]
    rotation = lock_rotation(rotation.pk)
    if rotation.published:
        rotation.published = False
        rotation.save(update_fields=["published", "updated_at"])
    cancelled = []
    for request_id, _application_id, _status in sorted(
        pending, key=lambda row: (_CANCEL_ORDER[row[2]], row[0])
    ):
        rotation_request = lock_rotation_request(request_id)
        if rotation_request.status not in ACTIVE_REQUEST_STATUSES:
            continue
        cancel_locked(
            rotation_request=rotation_request,
            rotation=rotation,
            by=by,
            reason=reason,
            cause=CancelCause.PROGRAM,
            tell_applicant=True,
            verb="rotations.request.cancelled",
        )
        rotation_request.rotation = rotation
        cancelled.append(rotation_request)
    log_action(
        rotation,
        "rotations.rotation.cancelled",
        by=by,
        data={"reason": reason, "requests": [request.pk for request in cancelled]},
    )
    rotation_cancelled.send(
        sender=Rotation,
        rotation=rotation,
        rotation_requests=cancelled,
        reason=reason,
        by=by,
        cause=CancelCause.PROGRAM,
    )
    for application in applications:
        enrol_if_complete(application=application, by=by)
    return cancelled

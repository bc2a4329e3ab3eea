"""The preceptor's answer to a request: confirmed (or waitlisted when full), or declined."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.selectors import application_for_update
from hmc_portal.users.models import User

from ...enums import RequestStatus
from ...errors import PlacementError
from ...lifecycle import RequestActor, find_request_move, request_move_allowed
from ...models import RotationRequest
from . import capacity
from .common import (
    PLACEABLE_STATUSES,
    check_link,
    enrol_if_complete,
    lock_rotation,
    lock_rotation_request,
    log_request,
    notify_applicant,
    promote_waitlist,
    use_allowance,
)

PRECEPTOR = RequestActor.PRECEPTOR


@transaction.atomic
def confirm_rotation_request(
    *, rotation_request: RotationRequest, by: User | None, link_nonce: str | None = None
) -> RotationRequest:
    """The preceptor says yes: confirmed when a place is free, else waitlisted (first come,
    first served when a place opens). Emails the applicant either way; enrols the
    application once all its choices are confirmed. A replacement block confirmed uses its
    allowance (rotations.signals.replacement_confirmed).

    Safe under concurrency: the rotation row is locked while its places are counted. With
    `link_nonce` (the one-click link) the link must be unused; it is used up either way.
    Raises PlacementError (RequestLinkError for a used link) when the request is not waiting
    for an answer. Logs `rotations.request.confirmed` or `rotations.request.waitlisted`.
    """
    application = application_for_update(application_id=rotation_request.application_id)
    rotation = lock_rotation(rotation_request.rotation_id)
    rotation_request = lock_rotation_request(rotation_request.pk)
    check_link(rotation_request, link_nonce)
    if not request_move_allowed(rotation_request.status, RequestStatus.CONFIRMED, PRECEPTOR):
        raise PlacementError(
            _("This request is %(status)s already; there is nothing to confirm.")
            % {"status": rotation_request.get_status_display().lower()}
        )
    if application.status not in PLACEABLE_STATUSES:
        raise PlacementError(_("The applicant is no longer in the program: nothing to confirm."))
    now = timezone.now()
    rotation_request.responded_at, rotation_request.responded_by, rotation_request.link_nonce = (
        now,
        by,
        "",
    )
    if rotation.confirmed_count < rotation.capacity:
        capacity.take_place(rotation)
        rotation_request.status, rotation_request.confirmed_at = RequestStatus.CONFIRMED, now
        rotation_request.save(
            update_fields=[
                "status",
                "confirmed_at",
                "responded_at",
                "responded_by",
                "link_nonce",
                "updated_at",
            ]
        )
        log_request(
            rotation_request, "rotations.request.confirmed", by=by, by_link=link_nonce is not None
        )
        notify_applicant(rotation_request, "rotation_request_confirmed", "confirmed")
        use_allowance(rotation_request, by=by)
        enrol_if_complete(application=application, by=by)
    else:
        rotation_request.status, rotation_request.waitlisted_at = RequestStatus.WAITLISTED, now
        rotation_request.save(
            update_fields=[
                "status",
                "waitlisted_at",
                "responded_at",
                "responded_by",
                "link_nonce",
                "updated_at",
            ]
        )
        log_request(
            rotation_request, "rotations.request.waitlisted", by=by, by_link=link_nonce is not None
        )
        notify_applicant(rotation_request, "rotation_request_waitlisted", "waitlisted")
    rotation_request.rotation = rotation
    return rotation_request


@transaction.atomic
def decline_rotation_request(
    *,
    rotation_request: RotationRequest,
    by: User | None,
    reason: str,
    link_nonce: str | None = None,
) -> RotationRequest:
    """The preceptor says no, with a reason the applicant reads. A request waiting, on the
    waiting list, or confirmed (before the rotation starts) can be declined; a confirmed one
    frees its place for the first on the waiting list. Emails the applicant. Logs
    `rotations.request.declined` with the reason."""
    reason = reason.strip()
    if not reason:
        raise PlacementError(_("Give the applicant a reason for declining."))
    application_for_update(application_id=rotation_request.application_id)
    rotation = lock_rotation(rotation_request.rotation_id)
    rotation_request = lock_rotation_request(rotation_request.pk)
    check_link(rotation_request, link_nonce)
    move = find_request_move(rotation_request.status, RequestStatus.DECLINED)
    if move is None or PRECEPTOR not in move.actors:
        raise PlacementError(
            _("This request is %(status)s already; there is nothing to decline.")
            % {"status": rotation_request.get_status_display().lower()}
        )
    was_confirmed = rotation_request.status == RequestStatus.CONFIRMED
    if move.before_start and rotation.start_date <= timezone.localdate():
        raise PlacementError(_("The rotation has started: ask the program office to change it."))
    rotation_request.status = RequestStatus.DECLINED
    rotation_request.decline_reason = reason
    rotation_request.responded_at, rotation_request.responded_by, rotation_request.link_nonce = (
        timezone.now(),
        by,
        "",
    )
    rotation_request.save(
        update_fields=[
            "status",
            "decline_reason",
            "responded_at",
            "responded_by",
            "link_nonce",
            "updated_at",
        ]
    )
    log_request(
        rotation_request,
        "rotations.request.declined",
        by=by,
        reason=reason,
        was_confirmed=was_confirmed,
        by_link=link_nonce is not None,
    )
    notify_applicant(rotation_request, "rotation_request_declined", "declined")
    if was_confirmed:
        capacity.free_place(rotation)
        promote_waitlist(rotation=rotation, by=by)
    rotation_request.rotation = rotation
    return rotation_request

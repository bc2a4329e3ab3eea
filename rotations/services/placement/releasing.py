"""Releasing all of an application's places while it stays in the program: the payment was
not received (the applicant chooses again once it is paid), or the visa was refused and the
applicant postpones (they choose later blocks; their payment is kept)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ...enums import ACTIVE_REQUEST_STATUSES, RELEASE_CAUSES, CancelCause, RequestStatus
from ...errors import PlacementError
from ...models import RotationRequest
from ...permissions import may_cancel_as_staff
from ...selectors import date_range
from ...signals import rotation_request_cancelled
from .cancelling import MAX_CANCEL_REASON, cancel_locked
from .common import enrol_if_complete, lock_rotation, lock_rotation_request
from .replacements import grant_locked

# The applicant's email for each cause (templates/emails/<name>.*).
RELEASE_TEMPLATES = {
    CancelCause.NON_PAYMENT: "rotation_places_released_non_payment",
    CancelCause.VISA_POSTPONED: "rotation_places_released_visa_postponed",
}


@transaction.atomic
def release_places(
    *, application: Application, by: User, cause: CancelCause, reason: str
) -> list[RotationRequest]:
    """Cancel every active request of an application that stays in the program (confirmed
    or enrolled, its status unchanged), for non-payment or a visa refusal (`cause`).
    Coordinators only (rotations.change_rotationrequest). Each confirmed place goes to the
    rotation's waiting list; each preceptor is emailed as when one request is cancelled; the
    applicant gets one email listing the released blocks with the reason; each request sends
    rotation_request_cancelled with the cause and logs `rotations.request.released`. After a
    visa refusal, each confirmed block released gets a replacement allowance (the release
    email says so). Refuses when nothing is active. Returns the released requests, in
    rotation order."""
    if not may_cancel_as_staff(by):
        raise PlacementError(_("Only the program office can release an application's places."))
    if cause not in RELEASE_CAUSES:
        raise PlacementError(_("Places are released only for non-payment or after a visa refusal."))
    cause = CancelCause(cause)
    reason = (reason or "").strip()
    if len(reason) > MAX_CANCEL_REASON:
        raise PlacementError(_("The reason is too long (1,000 characters at most)."))
    # The lock order of every placement writer: the application, then each rotation, then
    # its request (rotations in id order, as release_requests_for_application does).
    application = application_for_update(application_id=application.pk)
    pending = list(
        RotationRequest.objects.filter(
            application_id=application.pk, status__in=ACTIVE_REQUEST_STATUSES
        )
        .order_by("rotation_id")
        .values_list("pk", "rotation_id")
    )
    if not pending:
        raise PlacementError(_("This application has no rotation places to release."))
    released = []
    for request_id, rotation_id in pending:
        rotation = lock_rotation(rotation_id)
        rotation_request = lock_rotation_request(request_id)
        was = rotation_request.status
        cancel_locked(
            rotation_request=rotation_request,
            rotation=rotation,
            by=by,
            reason=reason,
            cause=cause,
            tell_applicant=False,
            verb="rotations.request.released",
        )
        rotation_request.rotation = rotation
        rotation_request_cancelled.send(
            sender=RotationRequest,
            rotation_request=rotation_request,
            from_status=was,
            by=by,
            cause=cause,
        )
        if cause == CancelCause.VISA_POSTPONED and was == RequestStatus.CONFIRMED:
            # The applicant postpones: each confirmed block becomes a later one to choose.
            grant_locked(application=application, rotation_request=rotation_request, by=by)
        released.append((rotation_request, was))
    _tell_applicant(application, [request for request, _was in released], cause, reason)
    enrol_if_complete(application=application, by=by)
    return [request for request, _was in released]


def _tell_applicant(
    application: Application, released: list[RotationRequest], cause: CancelCause, reason: str
) -> None:
    """One email listing every released block, in the applicant's language."""
    applicant = application.applicant
    with speaking_to(applicant):
        blocks = [
            _("%(specialty)s, %(dates)s, with %(preceptor)s")
            % {
                "specialty": request.rotation.specialty.name,
                "dates": date_range(request.rotation),
                "preceptor": str(request.rotation.preceptor),
            }
            for request in released
        ]
    queue_notification(
        to=applicant,
        template=RELEASE_TEMPLATES[cause],
        # The first released request is cancelled once: a later release is a new email.
        key=f"application:{application.pk}:released:{cause}:{released[0].pk}",
        context={
            "blocks": blocks,
            "reason": reason,
            "choose_url": settings.SITE_URL + reverse("rotations:choose"),
        },
    )

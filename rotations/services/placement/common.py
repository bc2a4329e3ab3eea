"""Placement: an applicant's ranked choices, the preceptor's answer, the waiting list,
cancellation and enrolment.

Lock order, the same in every writer so that none waits on another in a circle: the
application (applications.selectors.application_for_update), then the rotation, then the
rotation_request. The rotation's lock is what keeps `confirmed_count` within the capacity when many
confirm at once; the database's CheckConstraint refuses a count above it whatever happens.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from applications.enums import ApplicationStatus
from applications.lifecycle import Actor
from applications.models import Application
from applications.selectors import application_for_update
from applications.services import transition_application
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ...enums import ACTIVE_REQUEST_STATUSES, AllowanceStatus, RequestStatus
from ...lifecycle import RequestActor, request_move_allowed
from ...links import check_link_unused
from ...models import ReplacementAllowance, Rotation, RotationRequest
from ...selectors import REQUEST_JOINS, date_range, itinerary
from ...signals import replacement_confirmed
from . import capacity

SYSTEM = RequestActor.SYSTEM
# An application in these statuses holds its rotations; any other left the program.
PLACEABLE_STATUSES = (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED)


def lock_rotation(rotation_id: int) -> Rotation:
    return capacity.lock_holder(Rotation, rotation_id)


def lock_rotation_request(request_id: int) -> RotationRequest:
    return (
        RotationRequest.objects.select_for_update(of=("self",))
        .select_related(*REQUEST_JOINS, "application__applicant")
        .get(pk=request_id)
    )


def check_link(rotation_request: RotationRequest, link_nonce: str | None) -> None:
    """With a link's nonce, the link must still be unused (checked under the row lock)."""
    if link_nonce is not None:
        check_link_unused(rotation_request=rotation_request, nonce=link_nonce)


def reporting_time(value) -> str:
    """`08:00`: the active language's clock, as every other time the portal writes."""
    return written(value, "time")


def email_context(rotation_request: RotationRequest) -> dict:
    """What every rotation email can use, JSON-safe, with its words (dates, times) in the
    active language: build it inside `speaking_to(recipient)`."""
    rotation = rotation_request.rotation
    site = rotation.site
    preceptor = rotation.preceptor
    return {
        "applicant_name": rotation_request.application.applicant.display_name,
        "specialty": rotation.specialty.name,
        "dates": date_range(rotation),
        "first_day": written(rotation.start_date, "date"),
        "reporting_time": reporting_time(rotation.reporting_time),
        "hospital": site.name,  # not site_name: that is the program's, in every email
        "site_address": site.address or f"{site.city}, {site.state}",
        "reporting_instructions": site.reporting_instructions,
        "preceptor_name": str(preceptor),
        "preceptor_title": preceptor.title,
        "decline_reason": rotation_request.decline_reason,
        "choose_url": settings.SITE_URL + reverse("rotations:choose"),
        "portal_url": settings.SITE_URL + reverse("preceptors:portal"),
    }


def spoken(extra: dict) -> dict:
    """The extra context with its lazy words (gettext_lazy) written in the active language."""
    return {
        name: str(value) if isinstance(value, Promise) else value for name, value in extra.items()
    }


def notify_applicant(rotation_request: RotationRequest, template: str, event: str, **extra) -> None:
    applicant = rotation_request.application.applicant
    with speaking_to(applicant):
        context = {**email_context(rotation_request), "audience": "applicant", **spoken(extra)}
    queue_notification(
        to=applicant,
        template=template,
        key=f"rotation_request:{rotation_request.pk}:{event}",
        context=context,
    )


def notify_preceptor(rotation_request: RotationRequest, template: str, event: str, **extra) -> None:
    preceptor = rotation_request.rotation.preceptor.user
    with speaking_to(preceptor):
        context = {**email_context(rotation_request), "audience": "preceptor", **spoken(extra)}
    queue_notification(
        to=preceptor,
        template=template,
        key=f"rotation_request:{rotation_request.pk}:{event}",
        context=context,
    )


def log_request(rotation_request: RotationRequest, verb: str, *, by: User | None, **data) -> None:
    """The activity log entry of a change to a request: about its applicant, naming the
    rotation (the request's row is locked with its application and applicant joined)."""
    log_action(
        rotation_request,
        verb,
        by=by,
        person=rotation_request.application.applicant,
        data={"rotation": rotation_request.rotation_id, **data},
    )


def enrol_if_complete(*, application: Application, by: User | None) -> bool:
    """confirmed -> enrolled once every active choice is confirmed (and there is one).

    The caller holds the application's lock. The enrolment email carries the itinerary.
    """
    application.refresh_from_db(fields=["status"])
    if application.status != ApplicationStatus.CONFIRMED:
        return False
    active = list(
        RotationRequest.objects.filter(
            application_id=application.pk, status__in=ACTIVE_REQUEST_STATUSES
        ).select_related(*REQUEST_JOINS)
    )
    if not active or any(r.status != RequestStatus.CONFIRMED for r in active):
        return False
    transition_application(
        application=application,
        to=ApplicationStatus.ENROLLED,
        by=by,
        actor=Actor.SYSTEM,  # follows from the last choice confirmed, whoever confirmed it
        note=gettext_noop("Every chosen rotation is confirmed."),  # translated when shown
        email_context={"itinerary": itinerary_for(application, active)},
    )
    return True


def itinerary_for(application: Application, requests: list[RotationRequest]) -> list[str]:
    """The itinerary of the enrolment email, in its applicant's language."""
    with speaking_to(application.applicant):
        return itinerary(requests)


def promote_waitlist(*, rotation: Rotation, by: User | None) -> list[RotationRequest]:
    """Fill the rotation's free places from its waiting list, first come first served,
    emailing the applicant and the preceptor of each; enrols who is now complete. Logs
    `rotations.request.promoted` for each (by whoever freed the place).

    The caller holds the rotation's lock.
    """

    def next_waiting() -> tuple[int, int] | None:
        return (
            RotationRequest.objects.filter(
                rotation=rotation,
                status=RequestStatus.WAITLISTED,
                application__status__in=PLACEABLE_STATUSES,
            )
            .order_by("waitlisted_at", "pk")
            .values_list("pk", "application_id")
            .first()
        )

    promoted = []

    def admit(candidate: tuple[int, int]) -> bool:
        request_id, application_id = candidate
        application = application_for_update(application_id=application_id)
        rotation_request = lock_rotation_request(request_id)
        if not request_move_allowed(rotation_request.status, RequestStatus.CONFIRMED, SYSTEM):
            return False
        rotation_request.status = RequestStatus.CONFIRMED
        rotation_request.confirmed_at = timezone.now()
        rotation_request.save(update_fields=["status", "confirmed_at", "updated_at"])
        log_request(rotation_request, "rotations.request.promoted", by=by, **{"from": "waitlisted"})
        notify_applicant(rotation_request, "rotation_request_promoted", "promoted")
        notify_preceptor(rotation_request, "rotation_request_promoted", "promoted:preceptor")
        use_allowance(rotation_request, by=by)
        enrol_if_complete(application=application, by=by)
        promoted.append(rotation_request)
        return True

    capacity.fill_from_waitlist(rotation, next_waiting=next_waiting, admit=admit)
    return promoted


def use_allowance(rotation_request: RotationRequest, *, by: User | None) -> None:
    """A request chosen as a replacement block is confirmed: its allowance, still open, is
    used by it. Logs `rotations.replacement.used` and sends
    rotations.signals.replacement_confirmed. Nothing for another request, or an allowance
    no longer open. The caller holds the application's and the request's locks."""
    if rotation_request.replacement_for_id is None:
        return
    allowance = ReplacementAllowance.objects.select_for_update().get(
        pk=rotation_request.replacement_for_id
    )
    if allowance.status != AllowanceStatus.OPEN:
        return
    allowance.status = AllowanceStatus.USED
    allowance.used_by, allowance.used_at = rotation_request, timezone.now()
    allowance.save(update_fields=["status", "used_by", "used_at"])
    log_action(
        allowance,
        "rotations.replacement.used",
        by=by,
        person=rotation_request.application.applicant,
        data={"request": rotation_request.pk, "replaces": allowance.replaces_id},
    )
    replacement_confirmed.send(
        sender=ReplacementAllowance, rotation_request=rotation_request, allowance=allowance, by=by
    )

"""Placement: an applicant's ranked choices, the preceptor's answer, the waiting list,
cancellation and enrolment.

Lock order, the same in every writer so that none waits on another in a circle: the
application (applications.selectors.application_for_update), then the rotation, then the
request. The rotation's lock is what keeps `confirmed_count` within the capacity when many
confirm at once; the database's CheckConstraint refuses a count above it whatever happens.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import application_for_update
from applications.services import transition_application
from hmc_portal.notifications.services import queue_notification
from hmc_portal.users.models import User

from ..enums import ACTIVE_REQUEST_STATUSES, RequestStatus
from ..errors import PlacementError
from ..links import check_link_unused, request_link_url
from ..models import Rotation, RotationRequest
from ..selectors import REQUEST_JOINS, date_range, itinerary

# An application in these statuses holds its rotations; any other left the program.
PLACEABLE_STATUSES = (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED)


# --- helpers -------------------------------------------------------------------------------


def _lock_rotation(rotation_id: int) -> Rotation:
    return Rotation.objects.select_for_update().get(pk=rotation_id)


def _lock_request(request_id: int) -> RotationRequest:
    return (
        RotationRequest.objects.select_for_update(of=("self",))
        .select_related(*REQUEST_JOINS, "application__applicant")
        .get(pk=request_id)
    )


def _take_place(rotation: Rotation) -> None:
    # The caller holds the rotation's lock and has seen a free place; the constraint
    # rotation_not_overbooked would refuse this UPDATE otherwise.
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=F("confirmed_count") + 1)
    rotation.confirmed_count += 1


def _free_place(rotation: Rotation) -> None:
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=F("confirmed_count") - 1)
    rotation.confirmed_count -= 1


def _check_link(request: RotationRequest, link_nonce: str | None) -> None:
    """With a link's nonce, the link must still be unused (checked under the row lock)."""
    if link_nonce is not None:
        check_link_unused(request=request, nonce=link_nonce)


def email_context(request: RotationRequest) -> dict:
    """What every rotation email can use, JSON-safe."""
    rotation = request.rotation
    site = rotation.site
    preceptor = rotation.preceptor
    return {
        "applicant_name": request.application.applicant.display_name,
        "specialty": rotation.specialty.name,
        "dates": date_range(rotation),
        "first_day": f"{rotation.start_date:%A} {rotation.start_date.day} "
        f"{rotation.start_date:%B %Y}",
        "reporting_time": rotation.reporting_time.strftime("%I:%M %p").lstrip("0"),
        "hospital": site.name,  # not site_name: that is the program's, in every email
        "site_address": site.address or f"{site.city}, {site.state}",
        "reporting_instructions": site.reporting_instructions,
        "preceptor_name": str(preceptor),
        "preceptor_title": preceptor.title,
        "decline_reason": request.decline_reason,
        "choose_url": settings.SITE_URL + reverse("choose_rotations"),
        "portal_url": settings.SITE_URL + reverse("preceptor_portal"),
    }


def _notify_applicant(request: RotationRequest, template: str, event: str, **extra) -> None:
    queue_notification(
        to=request.application.applicant,
        template=template,
        key=f"rotation_request:{request.pk}:{event}",
        context={**email_context(request), "audience": "applicant", **extra},
    )


def _notify_preceptor(request: RotationRequest, template: str, event: str, **extra) -> None:
    queue_notification(
        to=request.rotation.preceptor.user,
        template=template,
        key=f"rotation_request:{request.pk}:{event}",
        context={**email_context(request), "audience": "preceptor", **extra},
    )


def _enrol_if_complete(*, application: Application, by: User | None) -> bool:
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
        note="Every chosen rotation is confirmed.",
        email_context={"itinerary": itinerary(active)},
    )
    return True


def _promote_waitlist(*, rotation: Rotation, by: User | None) -> list[RotationRequest]:
    """Fill the rotation's free places from its waiting list, first come first served,
    emailing the applicant and the preceptor of each; enrols who is now complete.

    The caller holds the rotation's lock.
    """
    promoted = []
    while rotation.confirmed_count < rotation.capacity:
        candidate = (
            RotationRequest.objects.filter(
                rotation=rotation,
                status=RequestStatus.WAITLISTED,
                application__status__in=PLACEABLE_STATUSES,
            )
            .order_by("waitlisted_at", "pk")
            .values_list("pk", "application_id")
            .first()
        )
        if candidate is None:
            break
        request_id, application_id = candidate
        application = application_for_update(application_id=application_id)
        request = _lock_request(request_id)
        if request.status != RequestStatus.WAITLISTED:  # cannot happen under the rotation lock
            break
        request.status = RequestStatus.CONFIRMED
        request.confirmed_at = timezone.now()
        request.save(update_fields=["status", "confirmed_at", "updated_at"])
        _take_place(rotation)
        _notify_applicant(request, "rotation_request_promoted", "promoted")
        _notify_preceptor(request, "rotation_request_promoted", "promoted:preceptor")
        _enrol_if_complete(application=application, by=by)
        promoted.append(request)
    return promoted


# --- the applicant's choices ----------------------------------------------------------------


@transaction.atomic
def choose_rotations(
    *, application: Application, rotations: list[Rotation], by: User
) -> list[RotationRequest]:
    """Request `rotations`, in order of preference after any already chosen, and email each
    rotation's preceptor a signed one-click link.

    Only an application whose offer was accepted (confirmed), by its applicant or staff; at
    most MAX_ROTATION_CHOICES active choices; only published rotations that have not started;
    none twice; no two with overlapping dates. Raises PlacementError otherwise.
    """
    application = application_for_update(application_id=application.pk)
    if application.applicant_id != by.pk and not by.is_staff:
        raise PlacementError("Only the applicant chooses their rotations.")
    if application.status != ApplicationStatus.CONFIRMED:
        raise PlacementError("Rotations can be chosen once you have accepted your offer.")
    ids = [rotation.pk for rotation in rotations]
    if not ids:
        raise PlacementError("Choose at least one rotation.")
    if len(set(ids)) != len(ids):
        raise PlacementError("Choose each rotation only once.")
    active = list(
        RotationRequest.objects.filter(
            application=application, status__in=ACTIVE_REQUEST_STATUSES
        ).select_related(*REQUEST_JOINS)
    )
    limit = settings.MAX_ROTATION_CHOICES
    if len(active) + len(ids) > limit:
        left = max(limit - len(active), 0)
        raise PlacementError(
            f"You can choose up to {limit} rotations; you have {len(active)} already, so "
            f"{left} more."
        )
    fresh = Rotation.objects.select_related("specialty", "site", "preceptor__user").in_bulk(ids)
    chosen = [fresh[pk] for pk in ids if pk in fresh]
    today = timezone.localdate()
    for rotation in chosen:
        if not rotation.published or rotation.start_date <= today:
            raise PlacementError(f"{rotation} is not open for requests.")
    if len(chosen) != len(ids):
        raise PlacementError("One of the rotations you chose is no longer offered.")
    already = {request.rotation_id for request in active}
    for rotation in chosen:
        if rotation.pk in already:
            raise PlacementError(f"You have chosen {rotation} already.")
    everything = [request.rotation for request in active] + chosen
    for index, rotation in enumerate(everything):
        for other in everything[index + 1 :]:
            if rotation.overlaps(other):
                raise PlacementError(
                    f"{rotation.specialty.name} ({date_range(rotation)}) and "
                    f"{other.specialty.name} ({date_range(other)}) overlap: choose blocks "
                    "on different dates."
                )
    rank = max((request.rank for request in active), default=0)
    created = []
    for rotation in chosen:
        rank += 1
        request = RotationRequest.objects.create(
            application=application, rotation=rotation, rank=rank
        )
        request.rotation = rotation
        request.application = application
        _notify_preceptor(
            request,
            "rotation_request_preceptor",
            "preceptor",
            link_url=request_link_url(request=request),
            link_days=settings.ROTATION_LINK_MAX_AGE // 86_400,
        )
        created.append(request)
    return created


@transaction.atomic
def finish_placement(*, application: Application, by: User) -> Application:
    """confirmed -> enrolled with the rotations confirmed so far, when the applicant wants no
    other (after a decline, say). Refused while a choice still waits for an answer."""
    application = application_for_update(application_id=application.pk)
    if application.applicant_id != by.pk and not by.is_staff:
        raise PlacementError("Only the applicant can finish choosing their rotations.")
    if not _enrol_if_complete(application=application, by=by):
        raise PlacementError(
            "You can finish once at least one rotation is confirmed and no other choice is "
            "waiting for an answer or on a waiting list."
        )
    application.refresh_from_db(fields=["status"])
    return application


# --- the preceptor's answer -----------------------------------------------------------------


@transaction.atomic
def confirm_rotation_request(
    *, request: RotationRequest, by: User | None, link_nonce: str | None = None
) -> RotationRequest:
    """The preceptor says yes: confirmed when a place is free, else waitlisted (first come,
    first served when a place opens). Emails the applicant either way; enrols the
    application once all its choices are confirmed.

    Safe under concurrency: the rotation row is locked while its places are counted. With
    `link_nonce` (the one-click link) the link must be unused; it is used up either way.
    Raises PlacementError (RequestLinkError for a used link) when the request is not waiting
    for an answer.
    """
    application = application_for_update(application_id=request.application_id)
    rotation = _lock_rotation(request.rotation_id)
    request = _lock_request(request.pk)
    _check_link(request, link_nonce)
    if request.status != RequestStatus.REQUESTED:
        raise PlacementError(
            f"This request is {request.get_status_display().lower()} already; "
            "there is nothing to confirm."
        )
    if application.status not in PLACEABLE_STATUSES:
        raise PlacementError("The applicant is no longer in the program: nothing to confirm.")
    now = timezone.now()
    request.responded_at, request.responded_by, request.link_nonce = now, by, ""
    if rotation.confirmed_count < rotation.capacity:
        _take_place(rotation)
        request.status, request.confirmed_at = RequestStatus.CONFIRMED, now
        request.save(
            update_fields=[
                "status",
                "confirmed_at",
                "responded_at",
                "responded_by",
                "link_nonce",
                "updated_at",
            ]
        )
        _notify_applicant(request, "rotation_request_confirmed", "confirmed")
        _enrol_if_complete(application=application, by=by)
    else:
        request.status, request.waitlisted_at = RequestStatus.WAITLISTED, now
        request.save(
            update_fields=[
                "status",
                "waitlisted_at",
                "responded_at",
                "responded_by",
                "link_nonce",
                "updated_at",
            ]
        )
        _notify_applicant(request, "rotation_request_waitlisted", "waitlisted")
    request.rotation = rotation
    return request


@transaction.atomic
def decline_rotation_request(
    *,
    request: RotationRequest,
    by: User | None,
    reason: str,
    link_nonce: str | None = None,
) -> RotationRequest:
    """The preceptor says no, with a reason the applicant reads. A request waiting, on the
    waiting list, or confirmed (before the rotation starts) can be declined; a confirmed one
    frees its place for the first on the waiting list. Emails the applicant."""
    reason = reason.strip()
    if not reason:
        raise PlacementError("Give the applicant a reason for declining.")
    application_for_update(application_id=request.application_id)
    rotation = _lock_rotation(request.rotation_id)
    request = _lock_request(request.pk)
    _check_link(request, link_nonce)
    if request.status not in ACTIVE_REQUEST_STATUSES:
        raise PlacementError(
            f"This request is {request.get_status_display().lower()} already; "
            "there is nothing to decline."
        )
    was_confirmed = request.status == RequestStatus.CONFIRMED
    if was_confirmed and rotation.start_date <= timezone.localdate():
        raise PlacementError("The rotation has started: ask the program office to change it.")
    request.status = RequestStatus.DECLINED
    request.decline_reason = reason
    request.responded_at, request.responded_by, request.link_nonce = timezone.now(), by, ""
    request.save(
        update_fields=[
            "status",
            "decline_reason",
            "responded_at",
            "responded_by",
            "link_nonce",
            "updated_at",
        ]
    )
    _notify_applicant(request, "rotation_request_declined", "declined")
    if was_confirmed:
        _free_place(rotation)
        _promote_waitlist(rotation=rotation, by=by)
    request.rotation = rotation
    return request


# --- cancelling -----------------------------------------------------------------------------


def _cancel_locked(
    *,
    request: RotationRequest,
    rotation: Rotation,
    by: User | None,
    reason: str,
    notify_applicant: bool,
) -> list[RotationRequest]:
    was_confirmed = request.status == RequestStatus.CONFIRMED
    request.status = RequestStatus.CANCELLED
    request.cancelled_at, request.cancelled_by = timezone.now(), by
    request.cancel_reason, request.link_nonce = reason, ""
    request.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancel_reason",
            "link_nonce",
            "updated_at",
        ]
    )
    promoted = []
    if was_confirmed:
        _free_place(rotation)
        promoted = _promote_waitlist(rotation=rotation, by=by)
    _notify_preceptor(
        request,
        "rotation_request_cancelled",
        "cancelled",
        reason=reason,
        was_confirmed=was_confirmed,
        promoted_name=promoted[0].application.applicant.display_name if promoted else "",
    )
    if notify_applicant:
        _notify_applicant(
            request, "rotation_request_cancelled", "cancelled:applicant", reason=reason
        )
    return promoted


@transaction.atomic
def cancel_rotation_request(
    *, request: RotationRequest, by: User, reason: str = ""
) -> RotationRequest:
    """Cancel an active request (the applicant or staff). A confirmed place goes to the first
    on the rotation's waiting list. Emails the preceptor, and the applicant when someone else
    cancelled; enrols the application if every remaining choice is confirmed."""
    application = application_for_update(application_id=request.application_id)
    if application.applicant_id != by.pk and not by.is_staff:
        raise PlacementError("Only the applicant or the program office can cancel a request.")
    rotation = _lock_rotation(request.rotation_id)
    request = _lock_request(request.pk)
    if request.status not in ACTIVE_REQUEST_STATUSES:
        raise PlacementError(f"This request is {request.get_status_display().lower()} already.")
    _cancel_locked(
        request=request,
        rotation=rotation,
        by=by,
        reason=reason.strip(),
        notify_applicant=by.pk != application.applicant_id,
    )
    _enrol_if_complete(application=application, by=by)
    request.rotation = rotation
    return request


@transaction.atomic
def release_requests_for_application(*, application: Application, by: User | None) -> int:
    """Cancel every active request of an application that left the program (offer declined
    or expired, withdrawn), giving each confirmed place to the rotation's waiting list and
    telling each preceptor. The applicant's own status email covers them. Returns how many
    requests were cancelled."""
    application_for_update(application_id=application.pk)
    pending = list(
        RotationRequest.objects.filter(
            application_id=application.pk, status__in=ACTIVE_REQUEST_STATUSES
        )
        .order_by("rotation_id")
        .values_list("pk", "rotation_id")
    )
    for request_id, rotation_id in pending:
        rotation = _lock_rotation(rotation_id)
        request = _lock_request(request_id)
        _cancel_locked(
            request=request,
            rotation=rotation,
            by=by,
            reason="The applicant is no longer in the program.",
            notify_applicant=False,
        )
    return len(pending)


# --- staff ----------------------------------------------------------------------------------


@transaction.atomic
def save_rotation(*, rotation: Rotation, by: User | None) -> Rotation:
    """Save staff's edit of a rotation under its lock; places added go to the waiting list
    at once. Lowering the places below the confirmed count raises PlacementError."""
    if rotation.pk is None:
        rotation.full_clean()
        rotation.save()
        return rotation
    current = _lock_rotation(rotation.pk)
    rotation.confirmed_count = current.confirmed_count
    if rotation.capacity < current.confirmed_count:
        raise PlacementError(
            f"{current.confirmed_count} observers are confirmed: the rotation needs at least "
            "that many places."
        )
    rotation.save()
    _promote_waitlist(rotation=rotation, by=by)
    return rotation

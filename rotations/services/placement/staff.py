"""Staff's edits of a rotation: its details and places, and publishing it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.public_cache import bump_version
from hmc_portal.users.models import User

from ...aftercare.certificate_services import reissue_certificate
from ...arrival.visa_services import letter_after_placement_change
from ...enums import RequestStatus
from ...errors import PlacementError
from ...models import Rotation, RotationRequest
from .common import (
    lock_rotation,
    promote_waitlist,
)

# What staff edit on a rotation, as the log records a change of it.
EDITABLE_FIELDS = (
    "specialty_id",
    "preceptor_id",
    "site_id",
    "start_date",
    "end_date",
    "reporting_time",
    "capacity",
    "published",
)
# What a visa invitation letter says of a block: changing one changes the itinerary.
ITINERARY_FIELDS = ("specialty_id", "preceptor_id", "site_id", "start_date", "end_date", "kind")


def capacity_problem(*, capacity: int, confirmed_count: int) -> str:
    """Why a rotation cannot have `capacity` places ("" when it can): fewer than are
    confirmed. The admin's form asks up front; save_rotation asks again under the lock."""
    if capacity < confirmed_count:
        return _(
            "%(count)d observers are confirmed: the rotation needs at least that many places."
        ) % {"count": confirmed_count}
    return ""


@transaction.atomic
def save_rotation(*, rotation: Rotation, by: User | None) -> Rotation:
    """Save staff's edit of a rotation (or a new one) under its lock; places added go to the
    waiting list at once.

    Lowering the places below the confirmed count raises PlacementError, saving nothing.
    A change of what an itinerary says (dates, site, specialty, preceptor, kind) replaces
    the visa invitation letters and the completion certificates that list the block
    (revoked, issued again: the letter only if still eligible).
    Logs `rotations.rotation.created`, or `rotations.rotation.updated` with each changed
    field's old and new value.
    """
    if rotation.pk is None:
        rotation.full_clean()
        rotation.save()
        log_action(
            rotation,
            "rotations.rotation.created",
            by=by,
            data={name: getattr(rotation, name) for name in EDITABLE_FIELDS},
        )
        return rotation
    current = lock_rotation(rotation.pk)
    rotation.confirmed_count = current.confirmed_count
    problem = capacity_problem(capacity=rotation.capacity, confirmed_count=current.confirmed_count)
    if problem:
        raise PlacementError(problem)
    changes = {
        name: [getattr(current, name), getattr(rotation, name)]
        for name in EDITABLE_FIELDS
        if getattr(current, name) != getattr(rotation, name)
    }
    rotation.save()
    log_action(rotation, "rotations.rotation.updated", by=by, data={"changed": changes})
    if any(getattr(current, name) != getattr(rotation, name) for name in ITINERARY_FIELDS):
        # The letters that describe this block describe it wrongly now: each is revoked and,
        # where the plan is still eligible, issued again with the new details.
        for rotation_request in RotationRequest.objects.filter(
            rotation=rotation, status=RequestStatus.CONFIRMED
        ).select_related("application"):
            letter_after_placement_change(application=rotation_request.application, by=by)
            # ...and so does the completion certificate that lists it.
            reissue_certificate(application=rotation_request.application, by=by)
    promote_waitlist(rotation=rotation, by=by)
    return rotation


@transaction.atomic
def set_published(*, rotations: Iterable[Rotation], published: bool, by: User) -> int:
    """Publish (applicants may choose it) or unpublish the rotations, under their row locks.

    Only staff who may change rotations (PlacementError otherwise, changing nothing). Those
    already in that state are left alone; each one changed is logged
    (`rotations.rotation.published` / `rotations.rotation.unpublished`). Returns how many
    changed.
    """
    if not (by.is_active and by.is_staff and by.has_perm("rotations.change_rotation")):
        raise PlacementError(_("Only the program office can publish or unpublish rotations."))
    ids = sorted({rotation.pk for rotation in rotations})
    # Locked in id order, like every other writer that takes more than one rotation.
    locked = list(
        Rotation.objects.select_for_update().filter(pk__in=ids).order_by("pk").only("published")
    )
    changed = [rotation for rotation in locked if rotation.published != published]
    if not changed:
        return 0
    Rotation.objects.filter(pk__in=[rotation.pk for rotation in changed]).update(
        published=published, updated_at=timezone.now()
    )
    bump_version()  # update() sends no post_save: the public pages must show the change
    verb = "rotations.rotation.published" if published else "rotations.rotation.unpublished"
    for rotation in changed:
        log_action(rotation, verb, by=by, data={"published": published})
    return len(changed)

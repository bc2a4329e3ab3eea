"""Staff's edits of a rotation that change its places."""

from __future__ import annotations

from django.db import transaction

from hmc_portal.users.models import User

from ...errors import PlacementError
from ...models import Rotation
from .common import (
    lock_rotation,
    promote_waitlist,
)


@transaction.atomic
def save_rotation(*, rotation: Rotation, by: User | None) -> Rotation:
    """Save staff's edit of a rotation under its lock; places added go to the waiting list
    at once. Lowering the places below the confirmed count raises PlacementError."""
    if rotation.pk is None:
        rotation.full_clean()
        rotation.save()
        return rotation
    current = lock_rotation(rotation.pk)
    rotation.confirmed_count = current.confirmed_count
    if rotation.capacity < current.confirmed_count:
        raise PlacementError(
            f"{current.confirmed_count} observers are confirmed: the rotation needs at least "
            "that many places."
        )
    rotation.save()
    promote_waitlist(rotation=rotation, by=by)
    return rotation

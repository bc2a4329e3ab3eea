"""Writes to preceptor profiles."""

from django.db import transaction

from hmc_portal.users.models import User
from rotations.models import Specialty

from .models import Preceptor


@transaction.atomic
def ensure_preceptor(
    *, user: User, title: str, affiliation: str, bio: str, specialties: list[Specialty]
) -> Preceptor:
    """Make `user` a preceptor with this profile, or update the profile they have."""
    preceptor, _ = Preceptor.objects.update_or_create(
        user=user, defaults={"title": title, "affiliation": affiliation, "bio": bio}
    )
    preceptor.specialties.set(specialties)
    return preceptor

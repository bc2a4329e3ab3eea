"""Writes to preceptor profiles."""

from django.db import transaction

from hmc_portal.users.models import User
from rotations.models import Specialty

from .errors import PreceptorError
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


@transaction.atomic
def update_preceptor_profile(
    *, preceptor: Preceptor, by: User, title: str, affiliation: str, bio: str
) -> Preceptor:
    """The preceptor edits what the directory shows of them (staff may too)."""
    if preceptor.user_id != by.pk and not by.is_staff:
        raise PreceptorError("Only the preceptor or staff can change this profile.")
    title, affiliation = title.strip(), affiliation.strip()
    if not title or not affiliation:
        raise PreceptorError("The title and the affiliation are needed.")
    preceptor = Preceptor.objects.select_for_update().get(pk=preceptor.pk)
    preceptor.title, preceptor.affiliation, preceptor.bio = title, affiliation, bio.strip()
    preceptor.save(update_fields=["title", "affiliation", "bio"])
    return preceptor

"""Writes to the catalogue: specialties, sites (rotations follow)."""

from django.db import transaction
from django.utils.text import slugify

from .enums import SiteKind
from .models import Site, Specialty


@transaction.atomic
def ensure_specialty(*, name: str, summary: str = "") -> Specialty:
    """Create the specialty, or update the summary of the one with that name."""
    specialty, _ = Specialty.objects.update_or_create(
        name=name, defaults={"slug": slugify(name), "summary": summary}
    )
    return specialty


@transaction.atomic
def ensure_site(
    *, name: str, kind: SiteKind, address: str, reporting_instructions: str = ""
) -> Site:
    """Create the site, or update the details of the one with that name."""
    site, _ = Site.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "address": address,
            "reporting_instructions": reporting_instructions,
        },
    )
    return site

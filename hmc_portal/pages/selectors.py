"""Reads for the public pages."""

from django.db.models import Prefetch, QuerySet

from preceptors.models import Preceptor
from rotations.models import Specialty


def offered_specialties() -> QuerySet[Specialty]:
    return Specialty.objects.filter(active=True).order_by("name")


def directory_preceptors() -> QuerySet[Preceptor]:
    """Active preceptors with their user and specialties, in two queries."""
    return (
        Preceptor.objects.filter(active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("specialties", queryset=Specialty.objects.filter(active=True)))
        .order_by("user__last_name", "user__first_name")
    )

"""Reads of travel and housing help: who may ask, the applicant's requests, the places to
stay near their sites."""

from __future__ import annotations

from django.db.models import Min, Prefetch, QuerySet

from applications.enums import ApplicationStatus
from applications.models import Application

from ..enums import RequestStatus
from ..models import HousingDistance, HousingOption, Site, SupportRequest


def confirmed_sites(*, application: Application) -> list[Site]:
    """The sites of the application's confirmed rotations, by name, once the placement is
    confirmed (none before, and none once the applicant left the program).

    "Confirmed placement" (some sites here) means what it means for the visa letter
    (rotations.arrival.eligibility): every rotation of the plan is confirmed by its
    preceptor, so the application is ENROLLED, with at least one block still held. Until
    then the dates and sites the help is about may still change: the travel and housing
    help opens only then."""
    if application.status != ApplicationStatus.ENROLLED:
        return []
    return list(
        Site.objects.filter(
            rotations__requests__application=application,
            rotations__requests__status=RequestStatus.CONFIRMED,
        )
        .distinct()
        .order_by("name")
    )


def support_requests_for(*, application: Application) -> QuerySet[SupportRequest]:
    """The application's travel and housing requests, newest first."""
    return SupportRequest.objects.filter(application=application).select_related("near_site")


def housing_near(*, sites: list[Site]) -> list[HousingOption]:
    """Active housing options with a distance to at least one of `sites`, the nearest first;
    each carries `site_distances`: its distances to those sites only, the nearest first."""
    site_ids = [site.pk for site in sites]
    if not site_ids:
        return []
    distances = HousingDistance.objects.filter(site_id__in=site_ids).select_related("site")
    return list(
        HousingOption.objects.filter(active=True, distances__site_id__in=site_ids)
        .annotate(nearest_km=Min("distances__km"))
        .prefetch_related(
            Prefetch("distances", queryset=distances.order_by("km"), to_attr="site_distances")
        )
        .order_by("nearest_km", "name")
    )

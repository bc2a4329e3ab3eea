"""Named reads of pre-arrival compliance: each confirmed rotation with its site's
requirements judged against the stay (rotations.arrival.compliance). A fixed number of
queries whatever the number of rotations, applicants or requirements."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from applications.enums import ApplicationStatus

from ..enums import RequestStatus
from ..models import ComplianceEvidence, Requirement, RotationRequest
from ..selectors import REQUEST_JOINS
from .compliance import Clearance, Stay, clearance

# An application in these statuses is headed for its rotations (the others left).
PLACEABLE_STATUSES = (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED)


@dataclass(frozen=True)
class RotationCompliance:
    """One confirmed rotation, the stay its site's requirements are judged against, and
    their states. `first_at_site` is False for a later block at a site already visited:
    the requirements were due at the first one."""

    rotation_request: RotationRequest
    stay: Stay
    clearance: Clearance

    @property
    def rotation(self):
        return self.rotation_request.rotation

    @property
    def cleared(self) -> bool:
        return self.clearance.cleared

    @property
    def first_at_site(self) -> bool:
        return self.rotation.start_date == self.stay.first_day


def confirmed_requests(*, application_id: int) -> QuerySet[RotationRequest]:
    """The application's confirmed rotations not over yet, in date order, joined for the
    page (a block that has ended has nothing left to clear)."""
    return (
        RotationRequest.objects.filter(
            application_id=application_id,
            status=RequestStatus.CONFIRMED,
            rotation__end_date__gte=timezone.localdate(),
        )
        .select_related(*REQUEST_JOINS, "application__applicant")
        .order_by("rotation__start_date", "pk")
    )


def compliance_for_requests(
    rotation_requests: Iterable[RotationRequest],
) -> dict[int, RotationCompliance]:
    """Each confirmed request (rotation and application joined) with its clearance, by
    request id. The stay: the first day at the request's site and the last day of the
    application's whole itinerary (its confirmed rotations). Three queries."""
    rotation_requests = list(rotation_requests)
    if not rotation_requests:
        return {}
    application_ids = {r.application_id for r in rotation_requests}
    itineraries: dict[int, list[tuple[int, datetime.date, datetime.date]]] = {}
    for application_id, site_id, start, end in RotationRequest.objects.filter(
        application_id__in=application_ids, status=RequestStatus.CONFIRMED
    ).values_list(
        "application_id", "rotation__site_id", "rotation__start_date", "rotation__end_date"
    ):
        itineraries.setdefault(application_id, []).append((site_id, start, end))
    site_ids = {site_id for rows in itineraries.values() for site_id, _, _ in rows}
    site_ids |= {r.rotation.site_id for r in rotation_requests}
    requirements: dict[int, list[Requirement]] = {}
    for requirement in Requirement.objects.filter(site_id__in=site_ids, active=True).order_by(
        "order", "pk"
    ):
        requirements.setdefault(requirement.site_id, []).append(requirement)
    evidence: dict[int, list[ComplianceEvidence]] = {}
    for item in ComplianceEvidence.objects.filter(application_id__in=application_ids).defer(
        "sha256"
    ):
        evidence.setdefault(item.application_id, []).append(item)

    result = {}
    for rotation_request in rotation_requests:
        rotation = rotation_request.rotation
        rows = itineraries.get(rotation_request.application_id) or [
            (rotation.site_id, rotation.start_date, rotation.end_date)
        ]
        starts_here = [start for site_id, start, _ in rows if site_id == rotation.site_id]
        stay = Stay(
            first_day=min([*starts_here, rotation.start_date]),
            last_day=max([end for _, _, end in rows] + [rotation.end_date]),
        )
        result[rotation_request.pk] = RotationCompliance(
            rotation_request=rotation_request,
            stay=stay,
            clearance=clearance(
                requirements.get(rotation.site_id, []),
                evidence.get(rotation_request.application_id, []),
                stay,
            ),
        )
    return result


def application_compliance(*, application_id: int) -> list[RotationCompliance]:
    """/dashboard/compliance/: every confirmed rotation of the application not over yet, in
    date order, with every requirement of its site."""
    requests = list(confirmed_requests(application_id=application_id))
    by_request = compliance_for_requests(requests)
    return [by_request[r.pk] for r in requests]


def requirements_for_application(*, application_id: int) -> QuerySet[Requirement]:
    """The active requirements of the sites of the application's confirmed rotations: the
    only ones its applicant may hand evidence in for (anything else is a 404)."""
    return Requirement.objects.filter(
        active=True,
        site__rotations__requests__application_id=application_id,
        site__rotations__requests__status=RequestStatus.CONFIRMED,
    ).distinct()


def evidence_for_user(*, user) -> QuerySet[ComplianceEvidence]:
    """The evidence a person handed in themselves, and no one else's."""
    return ComplianceEvidence.objects.filter(application__applicant=user).select_related(
        "requirement"
    )


def starting_requests(*, first: datetime.date, last: datetime.date) -> QuerySet[RotationRequest]:
    """Confirmed requests of applicants still in the program whose rotation starts between
    `first` and `last` (inclusive), joined, by start date."""
    return (
        RotationRequest.objects.filter(
            status=RequestStatus.CONFIRMED,
            application__status__in=PLACEABLE_STATUSES,
            rotation__start_date__gte=first,
            rotation__start_date__lte=last,
        )
        .select_related(*REQUEST_JOINS, "application__applicant")
        .order_by("rotation__start_date", "application__applicant__last_name", "pk")
    )


def not_cleared_starting_soon(
    *, today: datetime.date | None = None, days: int = 30
) -> list[RotationCompliance]:
    """Who is not cleared to start a rotation beginning in the next `days` days (from
    today on), first start first: the office's weekly list and the admin page."""
    today = today or timezone.localdate()
    requests = list(starting_requests(first=today, last=today + datetime.timedelta(days=days)))
    by_request = compliance_for_requests(requests)
    return [
        by_request[r.pk]
        for r in requests
        if by_request[r.pk].first_at_site and not by_request[r.pk].cleared
    ]


def clearance_for_preceptor(
    *, preceptor_id: int, today: datetime.date | None = None, limit: int | None = None
) -> list[RotationCompliance]:
    """The preceptor's observers of rotations not yet over, each cleared or not (the
    preceptor sees only that, never the evidence); the first `limit` by first day when
    given, and the clearance worked out for those only."""
    today = today or timezone.localdate()
    requests = list(
        RotationRequest.objects.filter(
            rotation__preceptor_id=preceptor_id,
            status=RequestStatus.CONFIRMED,
            application__status__in=PLACEABLE_STATUSES,
            rotation__end_date__gte=today,
        )
        .select_related(*REQUEST_JOINS, "application__applicant")
        .order_by("rotation__start_date", "pk")[:limit]
    )
    by_request = compliance_for_requests(requests)
    return [by_request[r.pk] for r in requests]

"""Named reads of preceptors: the public directory and the portal."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from applications.selectors import ApplicantSummary, applicant_summaries
from rotations.enums import RequestStatus
from rotations.models import RotationRequest, Specialty
from rotations.selectors import requests_for_preceptor, upcoming_blocks

from .models import Preceptor


def directory_preceptors(*, specialty: Specialty | None = None) -> QuerySet[Preceptor]:
    """Active preceptors with their user, offered specialties and upcoming published blocks
    (`upcoming_rotations`), in a fixed number of queries however many there are."""
    preceptors = (
        Preceptor.objects.filter(active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("specialties", queryset=Specialty.objects.filter(active=True)),
            Prefetch("rotations", queryset=upcoming_blocks(), to_attr="upcoming_rotations"),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if specialty is not None:
        preceptors = preceptors.filter(specialties=specialty)
    return preceptors


@dataclass
class PortalRequest:
    """A request with the applicant's summary, as the portal lists it."""

    rotation_request: RotationRequest
    summary: ApplicantSummary | None


@dataclass
class Portal:
    pending: list[PortalRequest]
    waitlisted: list[PortalRequest]
    upcoming: list[PortalRequest]
    past: list[PortalRequest]


PAST_SHOWN = 50


def portal(*, preceptor: Preceptor) -> Portal:
    """Everything the portal's front page shows, in five queries whatever the numbers:
    requests waiting for an answer, the waiting list, upcoming and past observers (the 50
    latest), each with the applicant's summary."""
    today = timezone.localdate()
    mine = requests_for_preceptor(preceptor_id=preceptor.pk)
    current = list(
        mine.filter(
            Q(status__in=[RequestStatus.REQUESTED, RequestStatus.WAITLISTED])
            | Q(status=RequestStatus.CONFIRMED, rotation__end_date__gte=today)
        ).order_by("rotation__start_date", "created_at", "pk")
    )
    past = list(
        mine.filter(status=RequestStatus.CONFIRMED, rotation__end_date__lt=today).order_by(
            "-rotation__start_date", "pk"
        )[:PAST_SHOWN]
    )
    summaries = applicant_summaries(application_ids=[r.application_id for r in current + past])

    def wrap(requests):
        return [
            PortalRequest(rotation_request=r, summary=summaries.get(r.application_id))
            for r in requests
        ]

    return Portal(
        pending=wrap(r for r in current if r.status == RequestStatus.REQUESTED),
        waitlisted=wrap(
            sorted(
                (r for r in current if r.status == RequestStatus.WAITLISTED),
                key=lambda r: (r.waitlisted_at, r.pk),
            )
        ),
        upcoming=wrap(r for r in current if r.status == RequestStatus.CONFIRMED),
        past=wrap(past),
    )

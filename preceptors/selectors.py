"""Named reads of preceptors: the public directory and the portal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
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
class PortalSection:
    """One page of one section of the portal. `key` is also its page parameter in the URL
    (?waiting=2), so each section pages on its own; `number` is already within 1..num_pages."""

    key: str
    items: list[PortalRequest]
    count: int
    number: int
    per_page: int

    @property
    def start_index(self) -> int:
        """The position of the page's first row in the whole section (from 1)."""
        return (self.number - 1) * self.per_page + 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def is_paginated(self) -> bool:
        return self.num_pages > 1

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class Portal:
    sections: dict[str, PortalSection]

    @property
    def pending(self) -> list[PortalRequest]:
        return self.sections["pending"].items

    @property
    def waitlisted(self) -> list[PortalRequest]:
        return self.sections["waiting"].items

    @property
    def upcoming(self) -> list[PortalRequest]:
        return self.sections["upcoming"].items

    @property
    def past(self) -> list[PortalRequest]:
        return self.sections["past"].items


# The portal's sections in the order the page shows them; each one's key is its page
# parameter.
PORTAL_SECTIONS = ("pending", "waiting", "upcoming", "past")
# Far above any section's length: a row's slot is its section's index times this plus its
# position in the section, so one `IN` picks every section's page.
_SECTION_SPAN = 10**9


def page_number(value) -> int:
    """A page asked for in the URL as a whole number from 1; anything else is the first."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number < _SECTION_SPAN else 1


def portal(*, preceptor: Preceptor, pages: Mapping[str, object] | None = None) -> Portal:
    """One page of each section of the portal's front page: requests waiting for an answer
    (by first day), the waiting lists (in their order), upcoming observers (by first day) and
    past ones (latest first), each request with the applicant's summary.

    `pages` gives each section's page number by its key (anything that is not a page is the
    first; past the last is the last). Five queries whatever the numbers: the sections'
    counts in one, the rows of the pages shown in one (each numbered within its section by a
    window function), and the summaries of only those rows in three.
    """
    pages = pages or {}
    per_page = settings.PRECEPTOR_PORTAL_PER_PAGE
    today = timezone.localdate()
    mine = requests_for_preceptor(preceptor_id=preceptor.pk).order_by()
    is_past = Q(status=RequestStatus.CONFIRMED, rotation__end_date__lt=today)
    is_upcoming = Q(status=RequestStatus.CONFIRMED, rotation__end_date__gte=today)
    conditions = {
        "pending": Q(status=RequestStatus.REQUESTED),
        "waiting": Q(status=RequestStatus.WAITLISTED),
        "upcoming": is_upcoming,
        "past": is_past,
    }
    counts = mine.aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    sections = {}
    wanted: list[int] = []
    for index, key in enumerate(PORTAL_SECTIONS):
        section = PortalSection(
            key=key,
            items=[],
            count=counts[key],
            number=page_number(pages.get(key)),
            per_page=per_page,
        )
        section.number = min(section.number, section.num_pages)
        sections[key] = section
        if section.count:
            first = index * _SECTION_SPAN + (section.number - 1) * per_page
            wanted.extend(range(first + 1, first + per_page + 1))
    if not wanted:
        return Portal(sections=sections)

    section_index = Case(
        *(
            When(condition, then=Value(index))
            for index, condition in enumerate(conditions[key] for key in PORTAL_SECTIONS)
        ),
        output_field=IntegerField(),
    )
    by_first_day = conditions["pending"] | is_upcoming
    # Each section's own order, as keys that are empty (equal) outside that section.
    order = [
        Case(When(conditions["waiting"], then=F("waitlisted_at"))).asc(),
        Case(When(by_first_day, then=F("rotation__start_date"))).asc(),
        Case(When(is_past, then=F("rotation__start_date"))).desc(),
        Case(When(by_first_day, then=F("created_at"))).asc(),
        F("pk").asc(),
    ]
    rows = list(
        mine.annotate(section_index=section_index)
        .filter(section_index__isnull=False)
        .annotate(
            slot=Window(RowNumber(), partition_by=section_index, order_by=order)
            + Cast(section_index, BigIntegerField()) * _SECTION_SPAN
        )
        .filter(slot__in=wanted)
        .order_by("slot")
    )
    summaries = applicant_summaries(application_ids=[r.application_id for r in rows])
    for rotation_request in rows:
        sections[PORTAL_SECTIONS[rotation_request.section_index]].items.append(
            PortalRequest(
                rotation_request=rotation_request,
                summary=summaries.get(rotation_request.application_id),
            )
        )
    return Portal(sections=sections)

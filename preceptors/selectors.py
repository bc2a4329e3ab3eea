"""Named reads of preceptors: the public directory and the portal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.selectors import ApplicantSummary, applicant_summaries
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest, Specialty
from rotations.selectors import upcoming_blocks

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
_LAST_PAGE = 10**6  # a page asked for beyond any section's length (then the last is shown)

# Every section's count and the ids on the page shown of each, in one statement: each of
# the preceptor's requests gets its section (0-3, as PORTAL_SECTIONS), its position in that
# section's own order and the section's count, from window functions; only the rows of the
# pages asked for (past the last page, the last) come back. Written as SQL because the
# ORM spends more CPU building this statement than the database spends running it.
_PORTAL_PAGE_SQL = """
SELECT section, total, id FROM (
    SELECT request.id, kind.section,
        row_number() OVER (
            PARTITION BY kind.section
            ORDER BY
                CASE WHEN kind.section = 1 THEN request.waitlisted_at END,
                CASE WHEN kind.section IN (0, 2) THEN rotation.start_date END,
                CASE WHEN kind.section = 3 THEN rotation.start_date END DESC,
                CASE WHEN kind.section IN (0, 2) THEN request.created_at END,
                request.id
        ) AS position,
        count(*) OVER (PARTITION BY kind.section) AS total
    FROM {requests} request
    JOIN {rotations} rotation ON rotation.id = request.rotation_id
    CROSS JOIN LATERAL (
        SELECT CASE
            WHEN request.status = %(requested)s THEN 0
            WHEN request.status = %(waitlisted)s THEN 1
            WHEN rotation.end_date >= %(today)s THEN 2
            ELSE 3
        END AS section
    ) kind
    WHERE rotation.preceptor_id = %(preceptor)s
      AND request.status IN (%(requested)s, %(waitlisted)s, %(confirmed)s)
) ranked
CROSS JOIN LATERAL (
    SELECT LEAST((%(pages)s::int[])[section + 1], CEIL(total::numeric / %(per_page)s)) AS shown
) page
WHERE position > %(per_page)s * (page.shown - 1) AND position <= %(per_page)s * page.shown
ORDER BY section, position
"""


def page_number(value) -> int:
    """A page asked for in the URL as a whole number from 1; anything else is the first."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(number, _LAST_PAGE) if number >= 1 else 1


def portal(*, preceptor: Preceptor, pages: Mapping[str, object] | None = None) -> Portal:
    """One page of each section of the portal's front page: requests waiting for an answer
    (by first day), the waiting lists (in their order), upcoming observers (by first day) and
    past ones (latest first), each request with the applicant's summary.

    `pages` gives each section's page number by its key (anything that is not a page is the
    first; past the last is the last). Five queries whatever the numbers (none but the first
    when the preceptor has no request): the sections' counts and the ids of the rows shown
    in one, those rows in one, and the summaries of only those rows in three.
    """
    pages = pages or {}
    per_page = settings.PRECEPTOR_PORTAL_PER_PAGE
    sql = _PORTAL_PAGE_SQL.format(
        requests=RotationRequest._meta.db_table, rotations=Rotation._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "requested": RequestStatus.REQUESTED.value,
                "waitlisted": RequestStatus.WAITLISTED.value,
                "confirmed": RequestStatus.CONFIRMED.value,
                "today": timezone.localdate(),
                "preceptor": preceptor.pk,
                "per_page": per_page,
                "pages": [page_number(pages.get(key)) for key in PORTAL_SECTIONS],
            },
        )
        found = cursor.fetchall()
    counts = {PORTAL_SECTIONS[section]: total for section, total, _id in found}
    sections = {}
    for key in PORTAL_SECTIONS:
        section = PortalSection(
            key=key, items=[], count=counts.get(key, 0), number=1, per_page=per_page
        )
        section.number = min(page_number(pages.get(key)), section.num_pages)
        sections[key] = section
    if not found:
        return Portal(sections=sections)

    ids = [request_id for _section, _total, request_id in found]
    rows = RotationRequest.objects.filter(pk__in=ids).select_related(
        "rotation__specialty", "rotation__site"
    )
    by_id = {row.pk: row for row in rows}
    summaries = applicant_summaries(application_ids=[row.application_id for row in by_id.values()])
    for section, _total, request_id in found:
        rotation_request = by_id[request_id]
        sections[PORTAL_SECTIONS[section]].items.append(
            PortalRequest(
                rotation_request=rotation_request,
                summary=summaries.get(rotation_request.application_id),
            )
        )
    return Portal(sections=sections)

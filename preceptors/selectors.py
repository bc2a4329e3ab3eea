"""Named reads of preceptors: the public directory and the portal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from applications.selectors import ApplicantSummary, applicant_summaries
from hmc_portal.id_links import id_link
from hmc_portal.rows import loaded
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest, Site, Specialty
from rotations.offered import loaded_rotation
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
    """A request with the applicant's summary and the link to its page, as the portal lists
    it."""

    rotation_request: RotationRequest
    summary: ApplicantSummary | None
    url: str = ""


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

# Every section's count and the rows on the page shown of each, in one statement: each of
# the preceptor's requests gets its section (0-3, as PORTAL_SECTIONS), its position in that
# section's own order and the section's count, from window functions; only the rows of the
# pages asked for (past the last page, the last) come back, with what the portal shows of
# their rotation. Written as SQL because the ORM spends more CPU building this statement
# than the database spends running it.
_PORTAL_PAGE_SQL = """
SELECT ranked.section, ranked.total, ranked.id, ranked.application_id, ranked.status,
    ranked.rotation_id, ranked.start_date, ranked.end_date, ranked.specialty_id, specialty.name,
    ranked.site_id, site.name
FROM (
    SELECT request.id, kind.section, request.application_id, request.status,
        request.rotation_id, rotation.start_date, rotation.end_date, rotation.specialty_id,
        rotation.site_id,
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
JOIN {specialties} specialty ON specialty.id = ranked.specialty_id
JOIN {sites} site ON site.id = ranked.site_id
CROSS JOIN LATERAL (
    SELECT LEAST(
        (%(pages)s::int[])[ranked.section + 1], CEIL(ranked.total::numeric / %(per_page)s)
    ) AS shown
) page
WHERE ranked.position > %(per_page)s * (page.shown - 1)
    AND ranked.position <= %(per_page)s * page.shown
ORDER BY ranked.section, ranked.position
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
    first; past the last is the last). Two queries whatever the numbers (none but the first
    when the preceptor has no request): the sections' counts and the rows shown with their
    rotation in one, and the summaries of only those rows in the other. The requests and
    rotations come with only what the portal shows loaded (the rest is read on access).
    """
    pages = pages or {}
    per_page = settings.PRECEPTOR_PORTAL_PER_PAGE
    sql = _PORTAL_PAGE_SQL.format(
        requests=RotationRequest._meta.db_table,
        rotations=Rotation._meta.db_table,
        specialties=Specialty._meta.db_table,
        sites=Site._meta.db_table,
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
    counts = {PORTAL_SECTIONS[row[0]]: row[1] for row in found}
    sections = {}
    for key in PORTAL_SECTIONS:
        section = PortalSection(
            key=key, items=[], count=counts.get(key, 0), number=1, per_page=per_page
        )
        section.number = min(page_number(pages.get(key)), section.num_pages)
        sections[key] = section
    if not found:
        return Portal(sections=sections)

    summaries = applicant_summaries(application_ids=[row[3] for row in found])
    link = id_link("preceptors:request")
    for (
        section,
        _total,
        request_id,
        application_id,
        status,
        rotation_id,
        start_date,
        end_date,
        specialty_id,
        specialty_name,
        site_id,
        site_name,
    ) in found:
        rotation = loaded_rotation(
            specialty_name=specialty_name,
            site_name=site_name,
            id=rotation_id,
            start_date=start_date,
            end_date=end_date,
            specialty_id=specialty_id,
            site_id=site_id,
        )
        rotation_request = loaded(
            RotationRequest,
            id=request_id,
            application_id=application_id,
            status=status,
            rotation_id=rotation_id,
        )
        rotation_request.rotation = rotation
        sections[PORTAL_SECTIONS[section]].items.append(
            PortalRequest(
                rotation_request=rotation_request,
                summary=summaries.get(rotation_request.application_id),
                url=link(request_id),
            )
        )
    return Portal(sections=sections)

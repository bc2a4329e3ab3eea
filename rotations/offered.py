"""The choice page's page of open rotations (rotations.views.ChooseRotationsView): the
rotations of selectors.offered_rotations, a page at a time, with their count.

Read in one statement written as SQL: the ORM spent more CPU building the page's statement
and its count than the rest of the page took, on every visit. The statement asks what
offered_rotations asks (public, not started, no clash with the application's active
requests, the visa's first day, the specialties and months of selectors.offer_terms, in
the same order); tests/rotations/test_offered.py holds the two to the same answers.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db import connection
from django.utils import timezone

from hmc_portal.rows import loaded
from preceptors.models import Preceptor

from . import selectors
from .enums import ACTIVE_REQUEST_STATUSES
from .models import Rotation, RotationRequest, Site, Specialty

# Beyond any list's length (the page asked for is then the last), within the database's
# numbers.
_LAST_PAGE = 10**6

_OFFERED_SQL = """
SELECT rotation.id, rotation.start_date, rotation.end_date, rotation.capacity,
    rotation.confirmed_count, rotation.specialty_id, specialty.name, rotation.site_id,
    site.name, rotation.preceptor_id, preceptor.user_id, person.first_name, person.last_name,
    person.email, count(*) OVER () AS total
FROM {rotations} rotation
JOIN {specialties} specialty ON specialty.id = rotation.specialty_id
JOIN {sites} site ON site.id = rotation.site_id
JOIN {preceptors} preceptor ON preceptor.id = rotation.preceptor_id
JOIN {users} person ON person.id = preceptor.user_id
WHERE rotation.published AND specialty.active AND preceptor.active AND person.is_active
    AND rotation.start_date > %(today)s
    AND NOT EXISTS (
        SELECT 1 FROM {requests} chosen
        JOIN {rotations} chosen_rotation ON chosen_rotation.id = chosen.rotation_id
        WHERE chosen.application_id = %(application)s
            AND chosen.status = ANY(%(active)s)
            AND chosen_rotation.start_date <= rotation.end_date
            AND chosen_rotation.end_date >= rotation.start_date
    )
    {terms}
ORDER BY rotation.start_date, specialty.name, rotation.id
LIMIT %(limit)s OFFSET %(offset)s
"""


def offered_page(
    *, application, number, per_page: int, show_all: bool = False, specialty_ids=None
) -> Page:
    """Page `number` of offered_rotations(application=..., show_all=..., specialty_ids=...)
    as a Django Page of rotations (specialty, site, preceptor and their user loaded with
    what a card shows; other fields are read on access). As Paginator.get_page, anything
    that is not a page number is the first page and a number past the last the last (only
    then is a second query made)."""
    try:
        number = min(max(int(number), 1), _LAST_PAGE)
    except (TypeError, ValueError):
        number = 1
    terms = selectors.offer_terms(application, show_all=show_all, specialty_ids=specialty_ids)
    params = {
        "today": timezone.localdate(),
        "application": application.pk,
        "active": [str(status) for status in ACTIVE_REQUEST_STATUSES],
        "limit": per_page,
        "offset": (number - 1) * per_page,
    }
    conditions = []
    if terms.earliest is not None:
        conditions.append("AND rotation.start_date >= %(earliest)s")
        params["earliest"] = terms.earliest
    if terms.specialty_ids is not None:
        conditions.append("AND rotation.specialty_id = ANY(%(specialties)s::bigint[])")
        params["specialties"] = terms.specialty_ids
    if terms.months is not None:
        conditions.append("AND rotation.start_date >= %(first)s")
        conditions.append("AND rotation.start_date < %(after)s")
        params["first"], params["after"] = terms.months
    sql = _OFFERED_SQL.format(
        rotations=Rotation._meta.db_table,
        specialties=Specialty._meta.db_table,
        sites=Site._meta.db_table,
        preceptors=Preceptor._meta.db_table,
        users=Preceptor._meta.get_field("user").related_model._meta.db_table,
        requests=RotationRequest._meta.db_table,
        terms="\n    ".join(conditions),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows and number > 1:
        offered = selectors.offered_rotations(
            application=application, show_all=show_all, specialty_ids=specialty_ids
        )
        page = Paginator(offered, per_page).get_page(number)
        page.object_list = list(page.object_list)
        return page
    paginator = Paginator([], per_page)
    paginator.count = rows[0][-1] if rows else 0
    return Page([_rotation(row) for row in rows], number, paginator)


def _rotation(row) -> Rotation:
    (
        pk,
        start_date,
        end_date,
        capacity,
        confirmed_count,
        specialty_id,
        specialty_name,
        site_id,
        site_name,
        preceptor_id,
        user_id,
        first_name,
        last_name,
        email,
        _total,
    ) = row
    rotation = loaded_rotation(
        specialty_name=specialty_name,
        site_name=site_name,
        id=pk,
        start_date=start_date,
        end_date=end_date,
        capacity=capacity,
        confirmed_count=confirmed_count,
        specialty_id=specialty_id,
        site_id=site_id,
        preceptor_id=preceptor_id,
    )
    preceptor = loaded(Preceptor, id=preceptor_id, user_id=user_id)
    preceptor.user = loaded(
        Preceptor._meta.get_field("user").related_model,
        id=user_id,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    rotation.preceptor = preceptor
    return rotation


def loaded_rotation(*, specialty_name: str, site_name: str, **fields) -> Rotation:
    """A rotation read by hand (hmc_portal.rows.loaded) with `fields`, which include
    specialty_id and site_id, and its specialty and site with their names."""
    rotation = loaded(Rotation, **fields)
    rotation.specialty = loaded(Specialty, id=fields["specialty_id"], name=specialty_name)
    rotation.site = loaded(Site, id=fields["site_id"], name=site_name)
    return rotation

"""Writes to the catalogue: specialties, sites, rotation blocks."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import dateformat
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action

from ..enums import SiteKind
from ..errors import PlacementError
from ..models import BLOCK_DAYS, BLOCK_LAST_DAY, Rotation, Site, Specialty

if TYPE_CHECKING:
    from hmc_portal.users.models import User
    from preceptors.models import Preceptor


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


def block_dates(start: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The 4-week block beginning on the first Monday on or after `start`: (Monday, Friday)."""
    monday = start + datetime.timedelta(days=(7 - start.weekday()) % 7)
    return monday, monday + BLOCK_LAST_DAY


@transaction.atomic
def create_rotation(
    *,
    specialty: Specialty,
    preceptor: Preceptor,
    site: Site,
    start_date: datetime.date,
    capacity: int,
    published: bool,
    reporting_time: datetime.time | None = None,
    by: User | None = None,
) -> Rotation:
    """One 4-week block starting on `start_date` (a Monday). Raises PlacementError when the
    date is not a Monday or the preceptor has a block starting that day already. Logs
    `rotations.rotation.created` (by None: set-up data)."""
    if start_date.weekday() != 0:
        raise PlacementError(
            _("A rotation starts on a Monday; %(day)s is not.")
            % {"day": dateformat.format(start_date, gettext("D d M Y"))}
        )
    if Rotation.objects.filter(preceptor=preceptor, start_date=start_date).exists():
        raise PlacementError(
            _("%(preceptor)s has a rotation starting %(day)s already.")
            % {"preceptor": preceptor, "day": dateformat.format(start_date, gettext("d M Y"))}
        )
    rotation = Rotation(
        specialty=specialty,
        preceptor=preceptor,
        site=site,
        start_date=start_date,
        end_date=start_date + BLOCK_LAST_DAY,
        capacity=capacity,
        published=published,
    )
    if reporting_time is not None:
        rotation.reporting_time = reporting_time
    rotation.full_clean()
    rotation.save()
    log_action(
        rotation,
        "rotations.rotation.created",
        by=by,
        data={
            "start_date": rotation.start_date,
            "capacity": rotation.capacity,
            "published": rotation.published,
        },
    )
    return rotation


@transaction.atomic
def create_rotation_series(
    *,
    preceptor: Preceptor,
    specialty: Specialty,
    site: Site,
    first_day: datetime.date,
    last_day: datetime.date,
    capacity: int,
    published: bool,
    reporting_time: datetime.time | None = None,
    by: User | None = None,
) -> list[Rotation]:
    """Consecutive 4-week blocks for a preceptor from the first Monday on or after
    `first_day`, for as long as a whole block ends by `last_day`. A block that overlaps one
    the preceptor has already is skipped, so running it twice creates nothing more.
    Returns the blocks created; each is logged as created."""
    if capacity < 1:
        raise PlacementError(_("A rotation needs at least one place."))
    start, end = block_dates(first_day)
    if end > last_day:
        raise PlacementError(
            _("No whole 4-week block fits between %(first)s and %(last)s.")
            % {
                "first": dateformat.format(first_day, gettext("d M Y")),
                "last": dateformat.format(last_day, gettext("d M Y")),
            }
        )
    taken = list(
        Rotation.objects.filter(
            preceptor=preceptor, end_date__gte=start, start_date__lte=last_day
        ).values_list("start_date", "end_date")
    )
    created = []
    while end <= last_day:
        if not any(s <= end and start <= e for s, e in taken):
            created.append(
                create_rotation(
                    specialty=specialty,
                    preceptor=preceptor,
                    site=site,
                    start_date=start,
                    capacity=capacity,
                    published=published,
                    reporting_time=reporting_time,
                    by=by,
                )
            )
        start = start + datetime.timedelta(days=BLOCK_DAYS)
        end = start + BLOCK_LAST_DAY
    return created

"""Every write to the fee schedule. A schedule in force (valid_from today or earlier) or past
never changes: each service here refuses it with ScheduleLocked, under a lock on the
schedule's row, so the admin's own checks are not the only guard."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action

from ..errors import BillingError, ScheduleLocked
from ..models import FeeBlockPrice, FeeDiscount, FeeSchedule, local_today

if TYPE_CHECKING:
    from hmc_portal.users.models import User

# The fields of a schedule a new version copies.
SCHEDULE_FIELDS = [
    "currency",
    "application_fee",
    "block_price",
    "deposit",
    "retention_percent",
    "balance_due_days",
    "included",
    "not_included",
    "notes",
]


def locked_message(schedule: FeeSchedule) -> str:
    return _(
        "The fees of %(date)s are in force or past and cannot change. Make a new version "
        "from a later date."
    ) % {"date": formats.date_format(schedule.valid_from, "DATE_FORMAT")}


def check_new_start(valid_from: datetime.date | None, *, today: datetime.date) -> None:
    """A version starts after today: the fees of today, and every quote made with them,
    stay as they are."""
    if valid_from is None or valid_from <= today:
        raise BillingError(
            _("A new version applies from tomorrow at the earliest (%(date)s).")
            % {"date": formats.date_format(today + datetime.timedelta(days=1), "DATE_FORMAT")}
        )


def _lock(schedule_id: int, *, today: datetime.date) -> FeeSchedule:
    stored = FeeSchedule.objects.select_for_update().get(pk=schedule_id)
    if stored.is_locked(today):
        raise ScheduleLocked(locked_message(stored))
    return stored


def _full_clean(obj, *, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        raise BillingError(" ".join(error.messages)) from error


@transaction.atomic
def save_fee_schedule(
    *, schedule: FeeSchedule, by: User | None, today: datetime.date | None = None
) -> FeeSchedule:
    """Creates a future schedule, or saves changes to one that is not in force yet.

    Refuses (ScheduleLocked) a stored schedule in force or past, and (BillingError) a start
    that is not after today or that another version has; writes
    billing.feeschedule.created or .updated."""
    today = today or local_today()
    created = schedule.pk is None
    if not created:
        _lock(schedule.pk, today=today)
    check_new_start(schedule.valid_from, today=today)
    _full_clean(schedule)
    try:
        with transaction.atomic():
            schedule.save()
    except IntegrityError as error:
        raise BillingError(_("Another version applies from that date already.")) from error
    log_action(
        schedule,
        "billing.feeschedule.created" if created else "billing.feeschedule.updated",
        by=by,
        data={"valid_from": schedule.valid_from, "block_price": schedule.block_price},
    )
    return schedule


@transaction.atomic
def delete_fee_schedule(
    *, schedule: FeeSchedule, by: User | None, today: datetime.date | None = None
) -> None:
    """Deletes a version that does not apply yet (with its prices and discounts).
    Refuses (ScheduleLocked) one in force or past; writes billing.feeschedule.deleted first."""
    today = today or local_today()
    stored = _lock(schedule.pk, today=today)
    log_action(
        stored,
        "billing.feeschedule.deleted",
        by=by,
        data={"name": stored.name, "valid_from": stored.valid_from},
    )
    stored.delete()


@transaction.atomic
def save_schedule_part(
    *, part: FeeBlockPrice | FeeDiscount, by: User | None, today: datetime.date | None = None
) -> FeeBlockPrice | FeeDiscount:
    """Adds or changes a block price or a discount of a schedule not in force yet.
    Refuses (ScheduleLocked) one in force or past; writes billing.feeschedule.updated."""
    today = today or local_today()
    schedule = _lock(part.schedule_id, today=today)
    _full_clean(part)
    part.save()
    log_action(
        schedule,
        "billing.feeschedule.updated",
        by=by,
        data={"part": part._meta.model_name, "id": part.pk, "saved": str(part)},
    )
    return part


@transaction.atomic
def delete_schedule_part(
    *, part: FeeBlockPrice | FeeDiscount, by: User | None, today: datetime.date | None = None
) -> None:
    """Removes a block price or a discount of a schedule not in force yet.
    Refuses (ScheduleLocked) one in force or past; writes billing.feeschedule.updated."""
    today = today or local_today()
    schedule = _lock(part.schedule_id, today=today)
    data = {"part": part._meta.model_name, "id": part.pk, "deleted": str(part)}
    part.delete()
    log_action(schedule, "billing.feeschedule.updated", by=by, data=data)


@transaction.atomic
def copy_fee_schedule(
    *,
    schedule: FeeSchedule,
    valid_from: datetime.date,
    by: User | None,
    name: str = "",
    today: datetime.date | None = None,
) -> FeeSchedule:
    """A new version of `schedule` from `valid_from` (after today), with its fees, prices and
    discounts, for staff to edit before it applies. The original is untouched.
    Raises BillingError for a start not after today or taken by another version; writes
    billing.feeschedule.copied on the new version."""
    today = today or local_today()
    check_new_start(valid_from, today=today)
    if FeeSchedule.objects.filter(valid_from=valid_from).exists():
        raise BillingError(_("Another version applies from that date already."))
    source = FeeSchedule.objects.get(pk=schedule.pk)
    copy = FeeSchedule(
        name=name
        or _("%(name)s, from %(date)s")
        % {"name": source.name, "date": formats.date_format(valid_from, "DATE_FORMAT")},
        valid_from=valid_from,
        **{field: getattr(source, field) for field in SCHEDULE_FIELDS},
    )
    _full_clean(copy)
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError as error:
        raise BillingError(_("Another version applies from that date already.")) from error
    FeeBlockPrice.objects.bulk_create(
        FeeBlockPrice(
            schedule=copy, specialty_id=row.specialty_id, site_id=row.site_id, price=row.price
        )
        for row in source.block_prices.all()
    )
    FeeDiscount.objects.bulk_create(
        FeeDiscount(
            schedule=copy,
            basis=row.basis,
            from_block=row.from_block,
            min_specialties=row.min_specialties,
            kind=row.kind,
            value=row.value,
            label=row.label,
        )
        for row in source.discounts.all()
    )
    log_action(
        copy,
        "billing.feeschedule.copied",
        by=by,
        data={"from_schedule": source.pk, "valid_from": valid_from},
    )
    return copy

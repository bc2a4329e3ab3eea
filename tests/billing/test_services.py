"""Versions of the fee schedule: one in force never changes; a future one may; a copy starts
the next; the version in force on a day is the latest that started by then."""

import datetime

import pytest

from billing import services
from billing.errors import BillingError, ScheduleLocked
from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule
from billing.selectors import next_schedule, schedule_in_force
from hmc_portal.audit.models import ActivityLog
from tests.factories import SiteFactory, SpecialtyFactory, StaffFactory

from .factories import FeeBlockPriceFactory, FeeDiscountFactory, FeeScheduleFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 15)
YESTERDAY, TOMORROW = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)


def verbs():
    return list(ActivityLog.objects.order_by("pk").values_list("verb", flat=True))


@pytest.mark.parametrize("valid_from", [TODAY, YESTERDAY])
def test_a_schedule_in_force_or_past_cannot_be_changed(valid_from):
    schedule = FeeScheduleFactory(valid_from=valid_from, block_price=150000)
    schedule.block_price = 1

    with pytest.raises(ScheduleLocked, match="Make a new version from a later date"):
        services.save_fee_schedule(schedule=schedule, by=StaffFactory(), today=TODAY)

    schedule.refresh_from_db()
    assert schedule.block_price == 150000
    assert verbs() == []


def test_a_future_schedule_can_be_changed_and_it_is_logged():
    staff = StaffFactory()
    schedule = FeeScheduleFactory(valid_from=TOMORROW, block_price=150000)
    schedule.block_price = 160000

    services.save_fee_schedule(schedule=schedule, by=staff, today=TODAY)

    schedule.refresh_from_db()
    assert schedule.block_price == 160000
    entry = ActivityLog.objects.get()
    assert (entry.verb, entry.actor, entry.object_id) == (
        "billing.feeschedule.updated",
        staff,
        schedule.pk,
    )


def test_a_future_schedule_cannot_be_moved_into_force():
    schedule = FeeScheduleFactory(valid_from=TOMORROW)
    schedule.valid_from = TODAY

    with pytest.raises(BillingError, match="from tomorrow at the earliest"):
        services.save_fee_schedule(schedule=schedule, by=None, today=TODAY)

    schedule.refresh_from_db()
    assert schedule.valid_from == TOMORROW


@pytest.mark.parametrize("valid_from", [TODAY, YESTERDAY])
def test_a_new_schedule_starts_after_today(valid_from):
    schedule = FeeSchedule(name="New", valid_from=valid_from, block_price=100)

    with pytest.raises(BillingError):
        services.save_fee_schedule(schedule=schedule, by=None, today=TODAY)

    assert FeeSchedule.objects.count() == 0


def test_a_new_schedule_on_a_taken_date_is_refused_with_words():
    FeeScheduleFactory(valid_from=TOMORROW)

    with pytest.raises(BillingError):
        services.save_fee_schedule(
            schedule=FeeSchedule(name="Twin", valid_from=TOMORROW, block_price=100),
            by=None,
            today=TODAY,
        )

    assert FeeSchedule.objects.count() == 1


def test_creating_a_future_schedule_is_logged():
    schedule = services.save_fee_schedule(
        schedule=FeeSchedule(name="Next", valid_from=TOMORROW, block_price=100),
        by=None,
        today=TODAY,
    )

    assert schedule.currency == "USD"
    assert verbs() == ["billing.feeschedule.created"]


@pytest.mark.parametrize("make_part", ["price", "discount"])
def test_prices_and_discounts_of_a_schedule_in_force_cannot_change(make_part):
    schedule = FeeScheduleFactory(valid_from=TODAY)
    if make_part == "price":
        part = FeeBlockPriceFactory(schedule=schedule, specialty=SpecialtyFactory(), price=500)
        part.price = 1
    else:
        part = FeeDiscountFactory(schedule=schedule, value=10)
        part.value = 90

    with pytest.raises(ScheduleLocked):
        services.save_schedule_part(part=part, by=None, today=TODAY)
    with pytest.raises(ScheduleLocked):
        services.delete_schedule_part(part=part, by=None, today=TODAY)
    with pytest.raises(ScheduleLocked):
        services.save_schedule_part(
            part=FeeBlockPrice(schedule=schedule, site=SiteFactory(), price=1), by=None, today=TODAY
        )

    assert sorted(FeeBlockPrice.objects.values_list("price", flat=True)) == (
        [500] if make_part == "price" else []
    )
    assert list(FeeDiscount.objects.values_list("value", flat=True)) == (
        [10] if make_part == "discount" else []
    )
    assert verbs() == []


def test_prices_and_discounts_of_a_future_schedule_can_change():
    schedule = FeeScheduleFactory(valid_from=TOMORROW)
    discount = FeeDiscountFactory(schedule=schedule, value=10)
    discount.value = 12

    services.save_schedule_part(part=discount, by=None, today=TODAY)
    price = services.save_schedule_part(
        part=FeeBlockPrice(schedule=schedule, site=SiteFactory(), price=170000),
        by=None,
        today=TODAY,
    )
    services.delete_schedule_part(part=price, by=None, today=TODAY)

    assert list(schedule.discounts.values_list("value", flat=True)) == [12]
    assert schedule.block_prices.count() == 0
    assert verbs() == ["billing.feeschedule.updated"] * 3


def test_a_discount_that_makes_no_sense_is_refused_with_words():
    schedule = FeeScheduleFactory(valid_from=TOMORROW)

    with pytest.raises(BillingError, match="between 0 and 100"):
        services.save_schedule_part(
            part=FeeDiscount(schedule=schedule, from_block=2, kind="percent", value=120),
            by=None,
            today=TODAY,
        )

    assert FeeDiscount.objects.count() == 0


def test_deleting_a_schedule_in_force_is_refused_and_a_future_one_is_logged():
    in_force = FeeScheduleFactory(valid_from=TODAY)
    future = FeeScheduleFactory(valid_from=TOMORROW)

    with pytest.raises(ScheduleLocked):
        services.delete_fee_schedule(schedule=in_force, by=None, today=TODAY)
    services.delete_fee_schedule(schedule=future, by=None, today=TODAY)

    assert list(FeeSchedule.objects.all()) == [in_force]
    assert verbs() == ["billing.feeschedule.deleted"]


def test_copy_as_a_new_version_keeps_the_fees_prices_and_discounts():
    staff = StaffFactory()
    specialty, site = SpecialtyFactory(), SiteFactory()
    source = FeeScheduleFactory(
        name="2027",
        valid_from=YESTERDAY,
        application_fee=10000,
        block_price=150000,
        deposit=50000,
        retention_percent=30,
        balance_due_days=45,
    )
    FeeBlockPriceFactory(schedule=source, specialty=specialty, site=None, price=180000)
    FeeBlockPriceFactory(schedule=source, specialty=specialty, site=site, price=200000)
    FeeDiscountFactory(schedule=source, from_block=2, value=10, label="Second block")
    FeeDiscountFactory(
        schedule=source, basis="specialties", from_block=None, min_specialties=2, value=5
    )
    new_start = datetime.date(2028, 1, 1)

    copy = services.copy_fee_schedule(schedule=source, valid_from=new_start, by=staff, today=TODAY)

    assert copy.pk != source.pk
    assert (
        copy.valid_from,
        copy.application_fee,
        copy.block_price,
        copy.deposit,
        copy.retention_percent,
        copy.balance_due_days,
        copy.included,
    ) == (new_start, 10000, 150000, 50000, 30, 45, source.included)
    assert copy.name == "2027, from 1 January 2028"
    assert set(copy.block_prices.values_list("specialty", "site", "price")) == {
        (specialty.pk, None, 180000),
        (specialty.pk, site.pk, 200000),
    }
    assert set(
        copy.discounts.values_list("basis", "from_block", "min_specialties", "value", "label")
    ) == {("block", 2, None, 10, "Second block"), ("specialties", None, 2, 5, "")}
    assert source.block_prices.count() == 2 and source.discounts.count() == 2
    entry = ActivityLog.objects.get()
    assert (entry.verb, entry.actor, entry.object_id, entry.data["from_schedule"]) == (
        "billing.feeschedule.copied",
        staff,
        copy.pk,
        source.pk,
    )


@pytest.mark.parametrize("valid_from", [TODAY, YESTERDAY])
def test_copy_starts_after_today(valid_from):
    source = FeeScheduleFactory(valid_from=YESTERDAY - datetime.timedelta(days=30))

    with pytest.raises(BillingError, match="from tomorrow at the earliest"):
        services.copy_fee_schedule(schedule=source, valid_from=valid_from, by=None, today=TODAY)

    assert FeeSchedule.objects.count() == 1


def test_copy_on_a_date_taken_by_another_version_is_refused():
    source = FeeScheduleFactory(valid_from=YESTERDAY)
    FeeScheduleFactory(valid_from=TOMORROW)

    with pytest.raises(BillingError, match="applies from that date already"):
        services.copy_fee_schedule(schedule=source, valid_from=TOMORROW, by=None, today=TODAY)

    assert FeeSchedule.objects.count() == 2


def test_the_schedule_in_force_is_the_latest_started_by_that_day():
    first = FeeScheduleFactory(valid_from=datetime.date(2026, 1, 1))
    second = FeeScheduleFactory(valid_from=datetime.date(2027, 1, 1))
    third = FeeScheduleFactory(valid_from=datetime.date(2028, 1, 1))

    assert schedule_in_force(on=datetime.date(2025, 12, 31)) is None
    assert schedule_in_force(on=datetime.date(2026, 1, 1)) == first
    assert schedule_in_force(on=datetime.date(2026, 12, 31)) == first
    assert schedule_in_force(on=datetime.date(2027, 1, 1)) == second
    assert schedule_in_force(on=datetime.date(2030, 1, 1)) == third
    assert next_schedule(after=datetime.date(2026, 6, 1)) == second
    assert next_schedule(after=datetime.date(2027, 1, 1)) == third
    assert next_schedule(after=datetime.date(2028, 1, 1)) is None

"""The database itself refuses a fee schedule that makes no sense, whatever code writes it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from billing.enums import DiscountBasis, DiscountKind
from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule
from tests.factories import SiteFactory, SpecialtyFactory

from .factories import FeeBlockPriceFactory, FeeDiscountFactory, FeeScheduleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field, value",
    [
        ("application_fee", -1),
        ("block_price", -1),
        ("deposit", -100),
        ("retention_percent", 101),
        ("currency", "usd"),
        ("currency", "US"),
    ],
)
def test_schedule_refused_by_the_database_when_out_of_range(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleFactory(**{field: value})
    assert FeeSchedule.objects.count() == 0


def test_schedule_valid_from_is_unique():
    FeeScheduleFactory(valid_from=datetime.date(2027, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeScheduleFactory(valid_from=datetime.date(2027, 1, 1))
    assert FeeSchedule.objects.count() == 1


def test_schedule_currency_defaults_to_the_setting(settings):
    settings.BILLING_CURRENCY = "EUR"
    schedule = FeeSchedule.objects.create(
        name="x", valid_from=datetime.date(2027, 1, 1), block_price=100
    )
    assert schedule.currency == "EUR"


def test_block_price_one_row_per_specialty_and_site_even_with_no_site():
    specialty = SpecialtyFactory()
    schedule = FeeScheduleFactory()
    FeeBlockPriceFactory(schedule=schedule, specialty=specialty, site=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeBlockPriceFactory(schedule=schedule, specialty=specialty, site=None)
    assert FeeBlockPrice.objects.count() == 1


def test_block_price_needs_a_specialty_or_a_site():
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeBlockPriceFactory(specialty=None, site=None)
    assert FeeBlockPrice.objects.count() == 0
    FeeBlockPriceFactory(specialty=None, site=SiteFactory())
    assert FeeBlockPrice.objects.count() == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": DiscountKind.PERCENT, "value": 101},
        {"value": -5},
        {"from_block": 1},
        {"from_block": None},
        {"basis": DiscountBasis.SPECIALTIES, "from_block": None, "min_specialties": 1},
        {"basis": DiscountBasis.SPECIALTIES, "from_block": 2, "min_specialties": 2},
    ],
)
def test_discount_refused_by_the_database_when_it_makes_no_sense(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeDiscountFactory(**fields)
    assert FeeDiscount.objects.count() == 0


def test_discount_amount_may_exceed_100_and_specialties_basis_is_accepted():
    FeeDiscountFactory(kind=DiscountKind.AMOUNT, value=25000)
    FeeDiscountFactory(basis=DiscountBasis.SPECIALTIES, from_block=None, min_specialties=2)
    assert FeeDiscount.objects.count() == 2

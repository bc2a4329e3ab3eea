"""Factories for the fee schedule: boring and predictable (amounts in cents)."""

import datetime

import factory

from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule


class FeeScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeSchedule

    name = factory.Sequence(lambda n: f"Schedule {n}")
    currency = "USD"
    valid_from = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    application_fee = 0
    block_price = 150000
    deposit = 0
    included = "Liability insurance\nOrientation"
    not_included = "Travel\nHousing\nVisa fees"


class FeeBlockPriceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeBlockPrice

    schedule = factory.SubFactory(FeeScheduleFactory)
    price = 180000


class FeeDiscountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeDiscount

    schedule = factory.SubFactory(FeeScheduleFactory)
    from_block = 2
    kind = "percent"
    value = 10

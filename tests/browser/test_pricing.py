"""/pricing/ on a phone: the fees, the worked example and the refund rules fit 390 px, with
no serious accessibility problem, in English and in Spanish."""

import datetime

import pytest

from tests.billing.factories import (
    FeeBlockPriceFactory,
    FeeDiscountFactory,
    FeeScheduleFactory,
)
from tests.factories import SiteFactory, SpecialtyFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def fees():
    surgery = SpecialtyFactory(name="Surgery")
    SpecialtyFactory(name="Internal Medicine")
    schedule = FeeScheduleFactory(
        valid_from=datetime.date(2026, 1, 1),
        application_fee=10000,
        block_price=150000,
        deposit=50000,
        included="Liability insurance\nOrientation",
        not_included="Travel\nHousing\nVisa fees",
    )
    FeeBlockPriceFactory(schedule=schedule, specialty=surgery, site=None, price=180000)
    FeeBlockPriceFactory(
        schedule=schedule,
        specialty=surgery,
        site=SiteFactory(name="Harris Health Ben Taub Hospital"),
        price=195000,
    )
    FeeDiscountFactory(schedule=schedule, from_block=2, value=10)
    FeeDiscountFactory(schedule=schedule, from_block=3, value=15)
    FeeScheduleFactory(
        valid_from=datetime.date.today() + datetime.timedelta(days=60), block_price=160000
    )


@pytest.mark.parametrize(
    "locale, heading, example",
    [
        ("en-US", "Fees and refunds", "$4,780.00"),
        ("es-ES", "Tarifas y reembolsos", "4\u00a0780,00\u00a0US$"),
    ],
)
def test_pricing_on_a_phone_is_readable_and_accessible(open_phone, fees, locale, heading, example):
    page = open_phone(locale=locale)

    page.goto("/pricing/")

    assert page.locator("h1").all_inner_texts() == [heading]
    assert page.locator("#example-title").is_visible()
    assert example in page.locator(".quote-table tfoot").inner_text()
    assert page.locator("#refunds li").count() == 4
    assert page.locator("#next-prices-title").is_visible()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

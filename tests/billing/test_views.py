"""/pricing/ shows the fees in force with a worked example and the refund rules, in English
and Spanish, or says honestly that nothing is published; the rotation plan shows the exact
quote for the plan before the requests are sent."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)

from .factories import FeeBlockPriceFactory, FeeDiscountFactory, FeeScheduleFactory

pytestmark = pytest.mark.django_db

PRICING = "/pricing/"
CHOOSE = "/dashboard/rotations/"


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def schedule():
    """The demo's fees: $100 to apply, $1,500 a block, $1,800 in Surgery, 10 % off the 2nd
    block and 15 % from the 3rd, a $500 deposit, 25 % kept, balance 30 days before."""
    surgery = SpecialtyFactory(name="Surgery")
    SpecialtyFactory(name="Internal Medicine")
    schedule = FeeScheduleFactory(
        name="Current",
        valid_from=datetime.date(2026, 1, 1),
        application_fee=10000,
        block_price=150000,
        deposit=50000,
        retention_percent=25,
        balance_due_days=30,
        included="Liability insurance\nOrientation on the first day",
        not_included="Travel\nHousing\nVisa fees",
    )
    FeeBlockPriceFactory(schedule=schedule, specialty=surgery, site=None, price=180000)
    FeeDiscountFactory(schedule=schedule, from_block=2, kind="percent", value=10)
    FeeDiscountFactory(schedule=schedule, from_block=3, kind="percent", value=15)
    return schedule


def test_pricing_shows_the_fees_the_example_and_the_refund_rules(client, schedule):
    html = client.get(PRICING).content.decode()

    assert "These fees have applied since Thursday 1 January 2026." in html
    for text in (
        "Application fee, once, when you apply",
        "$100.00",
        "$1,500.00",
        "A 4-week block: Surgery",
        "$1,800.00",
        "$500.00",
        "From block 2 on: 10 % off",
        "From block 3 on: 15 % off",
        "<li>Liability insurance</li>",
        "<li>Visa fees</li>",
    ):
        assert text in html, text
    # Surgery has its own price, so the example shows it: Surgery, Internal Medicine,
    # Surgery = 1,800 + (1,500 - 150) + (1,800 - 270) = 4,680, plus the $100 fee.
    assert "Example: 3 blocks in 2 specialties" in html
    assert "$4,780.00" in html
    assert "the balance of $4,180.00" in html
    assert "except the application fee of $100.00" in html
    assert "the program keeps 25 % of your rotation fees" in html
    assert "<strong>Your visa is refused:</strong> a full refund" in html
    assert "that block's fee comes back in full" in html
    assert 'id="next-prices-title"' not in html  # no next version is published


def test_pricing_shows_the_next_version_from_its_date(client, schedule):
    FeeScheduleFactory(
        name="Next", valid_from=days_from_today(40), block_price=160000, retention_percent=30
    )

    html = client.get(PRICING).content.decode()

    next_part = html.split('id="next-prices-title"', 1)[1]
    assert "$1,600.00" in next_part
    assert "$1,500.00" not in next_part
    assert "the program then keeps 30 %" in next_part


def test_pricing_before_any_version_applies_shows_the_first_one(client):
    FeeScheduleFactory(valid_from=days_from_today(10), block_price=170000)

    html = client.get(PRICING).content.decode()

    assert "These fees apply from" in html
    assert "$1,700.00" in html
    assert 'id="next-prices-title"' not in html


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Fees for the next intake are not published yet."),
        ("es", "Las tarifas de la próxima convocatoria aún no están publicadas."),
    ],
)
def test_pricing_without_a_schedule_says_so(client, language, text):
    response = client.get(PRICING, HTTP_ACCEPT_LANGUAGE=language)

    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert "<table" not in html


def test_pricing_in_spanish_writes_money_and_rules_in_spanish(client, schedule):
    html = client.get(PRICING, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "1\xa0500,00\xa0US$" in html
    assert "Ejemplo: 3 bloques en 2 especialidades" in html
    assert "el programa retiene el 25 %" in html
    assert "Reembolsos" in html


@pytest.mark.parametrize("count", [1, 3])
def test_pricing_reads_the_same_number_of_queries_for_1_or_3_prices(
    client, schedule, count, django_assert_num_queries
):
    for _ in range(count):
        FeeBlockPriceFactory(schedule=schedule, specialty=None, site=SiteFactory(), price=160000)
    FeeScheduleFactory(valid_from=days_from_today(30))
    client.get(PRICING)

    with django_assert_num_queries(7):
        response = client.get(PRICING)

    assert response.content.decode().count("A 4-week block: Any specialty at") == count


def test_the_plan_shows_the_exact_quote_before_sending(client, schedule):
    surgery = SpecialtyFactory(name="Surgery")
    medicine = SpecialtyFactory(name="Internal Medicine")
    site = SiteFactory(name="Ben Taub")
    first, second = (
        RotationFactory(
            specialty=specialty,
            site=site,
            preceptor=PreceptorFactory(),
            start_date=next_monday(weeks),
            end_date=next_monday(weeks) + datetime.timedelta(days=25),
        )
        for specialty, weeks in ((surgery, 8), (medicine, 12))
    )
    application = ApplicationFactory(status="confirmed")
    client.force_login(application.applicant)
    # Chosen in the other order: the quote still counts blocks by date.
    client.post(CHOOSE, {"action": "add", "rotation": second.pk})
    client.post(CHOOSE, {"action": "add", "rotation": first.pk})

    html = client.get(CHOOSE).content.decode()

    quote = html.split('id="quote-title"', 1)[1].split("</section>", 1)[0]
    assert "1. Surgery · Ben Taub" in quote
    assert "2. Internal Medicine · Ben Taub" in quote
    assert "$1,500.00, less $150.00 (From block 2 on: 10 % off)" in quote
    # 1,800 + 1,350 + the $100 application fee.
    assert "$3,250.00" in quote
    due = next_monday(8) - datetime.timedelta(days=30)
    assert f"the balance of $2,650.00 is due by {due:%A} {due.day} {due:%B %Y}" in quote
    assert 'href="/pricing/"' in quote


def test_the_plan_without_published_fees_says_so(client):
    rotation = RotationFactory()
    application = ApplicationFactory(status="confirmed")
    client.force_login(application.applicant)
    client.post(CHOOSE, {"action": "add", "rotation": rotation.pk})

    html = client.get(CHOOSE).content.decode()

    quote = html.split('id="quote-title"', 1)[1].split("</section>", 1)[0]
    assert "Fees for the next intake are not published yet." in quote


def test_an_empty_plan_shows_no_quote(client, schedule):
    RotationFactory()
    application = ApplicationFactory(status="confirmed")
    client.force_login(application.applicant)

    html = client.get(CHOOSE).content.decode()

    assert 'id="quote-title"' not in html


def test_pricing_lists_a_specialty_before_its_sites_and_sites_alone_last(client, schedule):
    surgery = SpecialtyFactory(name="Surgery")
    FeeBlockPriceFactory(schedule=schedule, specialty=None, site=SiteFactory(name="Bellaire"))
    FeeBlockPriceFactory(schedule=schedule, specialty=surgery, site=SiteFactory(name="Ben Taub"))

    html = client.get(PRICING).content.decode()

    rows = [
        html.index(text)
        for text in (
            "A 4-week block: Surgery<",
            "A 4-week block: Surgery at Ben Taub",
            "A 4-week block: Any specialty at Bellaire",
        )
    ]
    assert rows == sorted(rows)

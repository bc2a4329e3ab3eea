"""The applicant is told before places are released: the overdue reminder and the payments
page give the last day to pay and the hold a declared wire gives; with a hold, until when;
after a lapse, that the hold ended."""

import datetime

import pytest
from django.utils import translation

from billing import services
from billing.services.reminders import send_payment_reminders
from hmc_portal.dates import written
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification

from .release_support import days_from_today, declared, overdue_invoice

pytestmark = pytest.mark.django_db

PAGE = "/dashboard/payments/"


@pytest.fixture(autouse=True)
def days(settings):
    settings.BILLING_RELEASE_AFTER_DAYS = 7
    settings.BILLING_WIRE_HOLD_DAYS = 10


def in_language(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return written(day, "date")


def overdue_email(invoice, *, today: datetime.date | None = None):
    send_payment_reminders(today=today)
    return render_notification(Notification.objects.get(dedupe_key=f"invoice:{invoice.pk}:overdue"))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            (
                "If the payment has not arrived by {date}, your places may be released. Sent a "
                "wire transfer? Tell us and your places are held for 10 days"
            ),
        ),
        (
            "es",
            (
                "Si el pago no ha llegado a más tardar el {date}, sus cupos pueden liberarse. "
                "¿Envió una transferencia bancaria? Avísenos y sus cupos quedan reservados "
                "durante 10 días"
            ),
        ),
    ],
)
def test_the_overdue_reminder_says_when_places_may_be_released(language, words):
    invoice = overdue_invoice(days_late=2)
    applicant = invoice.application.applicant
    applicant.language = language
    applicant.save(update_fields=["language"])

    _subject, text, html = overdue_email(invoice)

    sentence = words.format(date=in_language(days_from_today(5), language))
    assert sentence in text
    assert "/dashboard/payments/#declare-wire" in text
    assert 'payments/#declare-wire"' in html
    assert in_language(days_from_today(5), language) in html


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Your places are held until {date} while we wait for your transfer."),
        (
            "es",
            "Sus cupos quedan reservados hasta el {date} mientras esperamos su transferencia.",
        ),
    ],
)
def test_the_overdue_reminder_with_a_hold_says_until_when(language, words):
    invoice = overdue_invoice(days_late=2)
    applicant = invoice.application.applicant
    applicant.language = language
    applicant.save(update_fields=["language"])
    declared(invoice, holds_until=days_from_today(4))

    _subject, text, _html = overdue_email(invoice)

    assert words.format(date=in_language(days_from_today(4), language)) in text
    assert "#declare-wire" not in text


def test_the_page_before_the_due_date_warns_with_the_link(client):
    invoice = overdue_invoice(days_late=-5)
    client.force_login(invoice.application.applicant)
    html = client.get(PAGE).content.decode()
    last_day = written(days_from_today(12), "date")
    assert (
        f"If the payment has not arrived by {last_day}, your places may be released. Sent a wire "
        'transfer? <a href="#declare-wire">Tell us</a> and your places are held for 10 days.'
    ) in html
    assert 'id="declare-wire"' in html
    assert "This invoice is overdue." not in html


def test_the_page_when_overdue_says_so_and_warns(client):
    invoice = overdue_invoice(days_late=3)
    client.force_login(invoice.application.applicant)
    html = client.get(PAGE).content.decode()
    assert "This invoice is overdue." in html
    assert f"has not arrived by {written(days_from_today(4), 'date')}" in html


def test_the_page_with_an_active_hold_says_until_when(client):
    invoice = overdue_invoice(days_late=3)
    declared(invoice, holds_until=days_from_today(0))
    client.force_login(invoice.application.applicant)
    html = client.get(PAGE).content.decode()
    assert (
        f"Your places are held until {written(days_from_today(0), 'date')} while we wait for "
        "your transfer"
    ) in html
    assert "your places may be released" not in html
    assert "The hold on your places ended" not in html


@pytest.mark.parametrize("lapsed_by_the_clock", [True, False])
def test_the_page_after_the_hold_ended_says_so(client, lapsed_by_the_clock):
    invoice = overdue_invoice(days_late=12)
    declared(invoice, holds_until=days_from_today(-1))
    if lapsed_by_the_clock:
        assert services.lapse_wire_declarations() == 1
    client.force_login(invoice.application.applicant)
    html = client.get(PAGE).content.decode()
    ended = written(days_from_today(-1), "date")
    assert (
        f"The hold on your places ended on {ended}: your wire transfer has not reached us." in html
    )
    assert "Your places are held until" not in html
    assert "the program office may now release your places" in html


def test_the_page_reads_in_spanish(client):
    invoice = overdue_invoice(days_late=3)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert (
        f"Si el pago no ha llegado a más tardar el {in_language(days_from_today(4), 'es')}" in html
    )


def test_the_page_past_the_last_day_to_pay_says_the_places_may_go_now(client):
    invoice = overdue_invoice(days_late=8)  # one day past BILLING_RELEASE_AFTER_DAYS (7)
    client.force_login(invoice.application.applicant)
    html = client.get(PAGE).content.decode()
    assert (
        f"The last day to pay was {written(days_from_today(-1), 'date')}: the program office "
        "may now release your places."
    ) in html
    assert "If the payment has not arrived by" not in html

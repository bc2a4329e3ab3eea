"""Invoices issued by the status changes, their numbers, PDFs and emails."""

import datetime
import threading
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from applications.enums import ApplicationStatus as S
from billing import services
from billing.models import Invoice, InvoiceNumber
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import build_message
from hmc_portal.notifications.models import Notification
from rotations.models import RotationRequest
from tests.billing.factories import FeeBlockPriceFactory, FeeDiscountFactory
from tests.billing.support import accepted_application, an_invoice, pdf_text, schedule_in_force
from tests.factories import ReviewableApplicationFactory, RotationFactory, next_monday
from tests.support.lifecycle import move_through

pytestmark = pytest.mark.django_db


def program_year() -> int:
    """The year of the program's day (Houston), which numbers the invoices."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)).year


def test_taking_the_offer_issues_the_deposit_invoice_with_the_application_fee():
    schedule_in_force(deposit=50000, application_fee=10000)
    application = move_through(accepted_application(), S.CONFIRMED)

    invoice = Invoice.objects.get(application=application)
    assert invoice.kind == "deposit"
    assert invoice.total == 60000
    assert [(line.description, line.amount) for line in invoice.lines.all()] == [
        ("Application fee", 10000),
        ("Deposit to secure your observership place", 50000),
    ]
    assert invoice.status == "open"
    assert invoice.due_date == timezone.localdate() + datetime.timedelta(days=14)
    year = program_year()
    assert invoice.number == f"HMC-{year}-00001"
    assert ActivityLog.objects.filter(verb="billing.invoice.issued", object_id=invoice.pk).exists()
    email = Notification.objects.get(dedupe_key=f"invoice:{invoice.pk}:issued")
    message = build_message(email)
    assert invoice.number in message.subject
    (filename, content, mimetype) = message.attachments[0]
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")


def test_no_deposit_in_the_schedule_no_invoice_on_taking_the_offer():
    schedule_in_force(deposit=0, application_fee=10000)
    application = move_through(accepted_application(), S.CONFIRMED)
    assert application.status == S.CONFIRMED
    assert not Invoice.objects.exists()


def test_without_a_schedule_the_offer_is_still_taken_and_nothing_is_invoiced():
    application = move_through(accepted_application(), S.CONFIRMED)
    application.refresh_from_db()
    assert application.status == S.CONFIRMED
    assert not Invoice.objects.exists()


def _confirmed_rotations(application, rotations):
    for rank, rotation in enumerate(rotations, start=1):
        RotationRequest.objects.create(
            application=application, rotation=rotation, rank=rank, status="confirmed"
        )


def test_enrolment_issues_the_balance_for_the_confirmed_blocks_less_the_deposit():
    schedule = schedule_in_force(
        deposit=50000, application_fee=10000, block_price=150000, balance_due_days=30
    )
    FeeDiscountFactory(schedule=schedule, from_block=2, value=10)
    first = RotationFactory(start_date=next_monday(10))
    second = RotationFactory(start_date=next_monday(14))
    FeeBlockPriceFactory(schedule=schedule, specialty=second.specialty, price=200000)
    application = move_through(accepted_application(), S.CONFIRMED)
    _confirmed_rotations(application, [second, first])

    move_through(application, S.ENROLLED)

    balance = Invoice.objects.get(application=application, kind="balance")
    amounts = [line.amount for line in balance.lines.all()]
    # fee 100.00 + block 1 1,500.00 + block 2 2,000.00 less 10 % - the deposit invoice (600.00)
    assert amounts == [10000, 150000, 180000, -60000]
    assert balance.total == 280000
    assert balance.due_date == first.start_date - datetime.timedelta(days=30)
    assert balance.number.endswith("-00002")
    assert balance.lines.filter(rotation=first).exists()


def test_a_balance_due_date_already_past_gives_seven_days():
    today = datetime.date(2026, 6, 1)
    assert services.invoices.balance_due_date(datetime.date(2026, 5, 1), today=today) == (
        datetime.date(2026, 6, 8)
    )
    assert services.invoices.balance_due_date(datetime.date(2026, 7, 1), today=today) == (
        datetime.date(2026, 7, 1)
    )


def test_the_invoice_pdf_reads_back_with_its_number_amounts_and_code(client):
    invoice = an_invoice(total=123456)
    document = invoice.issued_document
    text = pdf_text(document)
    assert invoice.number in text
    assert "$1,234.56" in text
    assert "Balance due" in text
    assert document.grouped_code in text
    assert "First Houston Bank" in text  # the wire instructions

    response = client.get(f"/verify/{document.grouped_code}/")
    assert response.status_code == 200
    assert invoice.number in response.content.decode()
    assert document.kind == "invoice"


def test_an_invoice_of_nothing_is_refused_and_takes_no_number():
    application = ReviewableApplicationFactory(status="confirmed")
    with pytest.raises(services.BillingError):
        services.issue_invoice(
            application=application,
            schedule=schedule_in_force(),
            kind="other",
            lines=[services.LineSpec("Nothing", 0)],
            due_date=timezone.localdate(),
        )
    assert not Invoice.objects.exists()
    assert not InvoiceNumber.objects.filter(last__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_invoices_at_once_take_the_numbers_one_to_twenty():
    schedule = schedule_in_force(deposit=1000)
    applications = [ReviewableApplicationFactory(status="confirmed") for _ in range(20)]
    start = threading.Barrier(20)
    errors = []

    def issue(application):
        try:
            start.wait()
            an_invoice(application=application, schedule=schedule, total=1000)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = program_year()
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 21))
    assert set(Invoice.objects.values_list("number", flat=True)) == {
        f"HMC-{year}-{n:05d}" for n in range(1, 21)
    }
    assert InvoiceNumber.objects.get(year=year).last == 20

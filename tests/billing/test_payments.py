"""Manual payments, receipts, declared wires and reminders."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from billing import services
from billing.models import Invoice, Payment, WireDeclaration
from billing.services.reminders import send_payment_reminders
from hmc_portal.notifications.models import Notification
from tests.billing.support import an_invoice, pdf_text
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def record(invoice, amount, reference="WIRE-001", by=None):
    return services.record_manual_payment(
        invoice=invoice,
        amount=amount,
        reference=reference,
        received_on=timezone.localdate(),
        method="wire",
        by=by or CoordinatorFactory(),
    )


def test_a_payment_of_the_whole_balance_marks_the_invoice_paid_with_a_receipt():
    invoice = an_invoice(total=50000)
    part = record(invoice, 20000, "WIRE-A")
    invoice.refresh_from_db()
    assert invoice.status == "open"
    assert services.balance_of(invoice) == 30000

    last = record(invoice, 30000, "WIRE-B")
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert invoice.paid_at is not None
    text = pdf_text(last.receipt)
    assert last.receipt.kind == "receipt"
    assert "$300.00" in text and invoice.number in text and "WIRE-B" in text
    assert last.receipt.grouped_code in text
    assert Notification.objects.filter(dedupe_key=f"payment:{part.pk}:receipt").exists()
    assert Notification.objects.filter(dedupe_key=f"payment:{last.pk}:receipt").exists()


def test_a_payment_above_the_balance_is_refused_with_the_balance_and_nothing_is_written():
    invoice = an_invoice(total=50000)
    record(invoice, 40000, "WIRE-A")
    with pytest.raises(services.BillingError, match=r"\$100\.00"):
        record(invoice, 10001, "WIRE-B")
    assert Payment.objects.count() == 1


def test_a_reference_already_recorded_is_refused():
    first, second = an_invoice(total=50000), an_invoice(total=50000)
    record(first, 1000, "SAME-REF")
    with pytest.raises(services.BillingError, match="already recorded"):
        record(second, 1000, "SAME-REF")
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("amount", [0, -5, "100", 10.5, True])
def test_an_amount_that_is_not_a_positive_integer_is_refused(amount):
    invoice = an_invoice(total=50000)
    with pytest.raises(services.BillingError):
        record(invoice, amount)
    assert not Payment.objects.exists()


def test_a_paid_invoice_takes_no_more_payments():
    invoice = an_invoice(total=1000)
    record(invoice, 1000, "A")
    with pytest.raises(services.BillingError, match="already paid"):
        record(invoice, 1, "B")


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_recording_the_same_payment_at_once_record_it_once():
    invoice = an_invoice(total=50000)
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    start = threading.Barrier(2)
    outcomes = []

    def attempt(coordinator):
        try:
            start.wait()
            record(invoice, 50000, "BANK-REF-77", by=coordinator)
            outcomes.append("recorded")
        except services.BillingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["recorded", "refused"]
    assert Payment.objects.count() == 1
    assert Invoice.objects.get().status == "paid"


def test_a_declared_wire_holds_the_places_and_the_payment_settles_it(settings):
    settings.BILLING_WIRE_HOLD_DAYS = 10
    invoice = an_invoice(total=50000)
    applicant = invoice.application.applicant
    declaration = services.declare_wire(invoice=invoice, by=applicant, reference="MT103-9")
    assert declaration.holds_until == timezone.localdate() + datetime.timedelta(days=10)
    # declaring again keeps the one hold
    assert services.declare_wire(invoice=invoice, by=applicant).pk == declaration.pk

    payment = services.confirm_wire_received(
        declaration=declaration,
        amount=50000,
        reference="MT103-9",
        received_on=timezone.localdate(),
        by=CoordinatorFactory(),
    )
    declaration.refresh_from_db()
    assert declaration.status == "received"
    assert declaration.payment == payment


def test_someone_else_cannot_declare_a_wire_for_an_invoice():
    invoice = an_invoice()
    other = an_invoice().application.applicant
    with pytest.raises(services.BillingError):
        services.declare_wire(invoice=invoice, by=other)
    assert not WireDeclaration.objects.exists()


def test_a_hold_that_ended_lapses():
    invoice = an_invoice()
    declaration = services.declare_wire(invoice=invoice, by=invoice.application.applicant)
    assert services.lapse_wire_declarations(today=declaration.holds_until) == 0
    later = declaration.holds_until + datetime.timedelta(days=1)
    assert services.lapse_wire_declarations(today=later) == 1
    declaration.refresh_from_db()
    assert declaration.status == "lapsed"


def test_reminders_before_the_due_date_and_when_overdue_go_once_each(settings):
    settings.BILLING_REMINDER_DAYS = 7
    invoice = an_invoice(due_in=30)
    due = invoice.due_date
    keys = lambda: set(  # noqa: E731
        Notification.objects.filter(dedupe_key__startswith=f"invoice:{invoice.pk}:").values_list(
            "dedupe_key", flat=True
        )
    )
    send_payment_reminders(today=due - datetime.timedelta(days=8))
    assert keys() == {f"invoice:{invoice.pk}:issued"}

    send_payment_reminders(today=due - datetime.timedelta(days=7))
    send_payment_reminders(today=due - datetime.timedelta(days=2))
    assert Notification.objects.filter(dedupe_key=f"invoice:{invoice.pk}:due-soon").count() == 1

    send_payment_reminders(today=due + datetime.timedelta(days=1))
    send_payment_reminders(today=due + datetime.timedelta(days=5))
    assert keys() == {
        f"invoice:{invoice.pk}:issued",
        f"invoice:{invoice.pk}:due-soon",
        f"invoice:{invoice.pk}:overdue",
    }


def test_a_paid_invoice_gets_no_reminder():
    invoice = an_invoice(total=1000, due_in=30)
    record(invoice, 1000)
    send_payment_reminders(today=invoice.due_date + datetime.timedelta(days=1))
    assert not Notification.objects.filter(dedupe_key=f"invoice:{invoice.pk}:overdue").exists()


def test_the_reminder_emails_read_in_spanish():
    from hmc_portal.notifications.delivery import render_notification

    invoice = an_invoice(total=150000, due_in=30)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save()
    send_payment_reminders(today=invoice.due_date + datetime.timedelta(days=1))
    subject, text, html = render_notification(
        Notification.objects.get(dedupe_key=f"invoice:{invoice.pk}:overdue")
    )
    assert "vencida" in subject.lower()
    assert "1\u00a0500,00\u00a0US$" in text or "1.500,00\u00a0US$" in text


def test_the_receipt_email_carries_the_pdf_in_the_applicants_language():
    from hmc_portal.notifications.delivery import build_message

    invoice = an_invoice(total=150000)
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save()
    payment = record(invoice, 150000, "WIRE-ES")
    message = build_message(Notification.objects.get(dedupe_key=f"payment:{payment.pk}:receipt"))
    assert message.subject.startswith("Recibo:")
    assert "pagada en su totalidad" in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename == payment.receipt.filename and mimetype == "application/pdf"
    assert content[:4] == b"%PDF"

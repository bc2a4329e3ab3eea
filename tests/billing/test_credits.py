"""A cancelled block stops being charged on an open invoice: its unpaid part there is
credited (an InvoiceCredit with its credit note), its paid part is refunded by the rules."""

import datetime

import pytest

from billing import services
from billing.enums import InvoiceStatus, RefundRule
from billing.errors import BillingError
from billing.models import InvoiceCredit, Payment, Refund
from billing.services.reminders import send_payment_reminders
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations import services as rotation_services
from tests.factories import CoordinatorFactory

from .credit_support import enrolled_with_open_balance
from .refund_support import application, confirmed_request, deposit_invoice, pay, schedule
from .support import pdf_text

pytestmark = pytest.mark.django_db


def credits():
    return list(
        InvoiceCredit.objects.order_by("pk").values_list("invoice__number", "amount", "rule")
    )


def refunds():
    return list(Refund.objects.order_by("pk").values_list("invoice__number", "amount", "rule"))


def cancel(request, by):
    rotation_services.cancel_rotation_request(rotation_request=request, by=by, reason="Changed.")


def test_an_unpaid_balance_invoice_stops_charging_the_cancelled_block_in_full():
    app, first, _second, _deposit, balance = enrolled_with_open_balance()

    cancel(first, app.applicant)

    credit = InvoiceCredit.objects.get()
    balance.refresh_from_db()
    assert credits() == [(balance.number, 150000, RefundRule.AFTER_CONFIRMATION)]
    assert credit.rotation == first.rotation
    assert credit.credit_note_number == f"HMC-CN-{credit.created_at.year}-00001"
    assert Refund.objects.count() == 0  # nothing was paid for the block
    assert (balance.status, services.balance_of(balance)) == (InvoiceStatus.OPEN, 100000)
    assert "$1,000.00" in credit.explanation
    log = ActivityLog.objects.get(verb="billing.invoice.credited")
    assert (log.target, log.data["amount"], log.data["balance"]) == (balance, 150000, 100000)


def test_a_partly_paid_invoice_credits_the_unpaid_part_and_refunds_the_paid_part():
    app, first, _second, _deposit, balance = enrolled_with_open_balance(paid_on_balance=200000)

    cancel(first, CoordinatorFactory())

    balance.refresh_from_db()
    assert credits() == [(balance.number, 50000, RefundRule.PROGRAM_CANCELLED)]
    assert refunds() == [(balance.number, 100000, RefundRule.PROGRAM_CANCELLED)]
    assert InvoiceCredit.objects.get().amount + Refund.objects.get().amount == 150000
    # Payments and credits reach the total: the invoice is settled as paid.
    assert (balance.status, services.balance_of(balance)) == (InvoiceStatus.PAID, 0)
    assert balance.paid_at is not None


def test_the_applicant_cancelling_a_partly_paid_block_keeps_the_rule_on_the_paid_part():
    app, first, _second, _deposit, balance = enrolled_with_open_balance(paid_on_balance=200000)

    cancel(first, app.applicant)

    # $500 credited; of the $1,000 paid for the block the program keeps 25 %.
    assert credits() == [(balance.number, 50000, RefundRule.AFTER_CONFIRMATION)]
    assert refunds() == [(balance.number, 75000, RefundRule.AFTER_CONFIRMATION)]


def test_a_fully_paid_invoice_gets_no_credit_and_the_whole_block_is_refunded():
    app, first, _second, _deposit, balance = enrolled_with_open_balance(paid_on_balance=250000)

    cancel(first, CoordinatorFactory())

    assert InvoiceCredit.objects.count() == 0
    assert refunds() == [(balance.number, 150000, RefundRule.PROGRAM_CANCELLED)]
    assert Notification.objects.filter(template="invoice_credited").count() == 0


def test_a_block_only_paid_by_an_open_deposit_invoice_gets_no_credit():
    fees = schedule()
    app = application()
    request = confirmed_request(app)
    deposit = deposit_invoice(app, fees)

    cancel(request, app.applicant)

    deposit.refresh_from_db()
    assert InvoiceCredit.objects.count() == 0
    assert (deposit.status, services.balance_of(deposit)) == (InvoiceStatus.OPEN, 60000)


def test_two_blocks_cancelled_one_after_the_other_cancel_an_unpaid_invoice():
    app, first, second, deposit, balance = enrolled_with_open_balance()
    number = balance.number

    cancel(first, app.applicant)
    cancel(second, app.applicant)

    balance.refresh_from_db()
    assert credits() == [
        (number, 150000, RefundRule.AFTER_CONFIRMATION),
        (number, 100000, RefundRule.AFTER_CONFIRMATION),
    ]
    assert list(InvoiceCredit.objects.order_by("pk").values_list("credit_note_number", flat=True))[
        -1
    ].endswith("-00002")
    # Fully credited with nothing paid: cancelled, keeping its number.
    assert (balance.status, balance.number, services.balance_of(balance)) == (
        InvoiceStatus.CANCELLED,
        number,
        0,
    )
    assert balance.cancelled_at is not None
    # The second block's other $500 was paid by the deposit: its refund, less 25 %.
    assert refunds() == [(deposit.number, 37500, RefundRule.AFTER_CONFIRMATION)]


def test_a_fully_credited_invoice_gets_no_reminder():
    app, first, second, _deposit, balance = enrolled_with_open_balance()
    cancel(first, app.applicant)
    cancel(second, app.applicant)

    sent = send_payment_reminders(today=balance.due_date + datetime.timedelta(days=3))

    assert sent == 0  # the deposit invoice is paid, the balance invoice settled
    assert not Notification.objects.filter(dedupe_key=f"invoice:{balance.pk}:overdue").exists()


def test_a_reminder_asks_for_the_reduced_balance():
    app, first, _second, _deposit, balance = enrolled_with_open_balance()
    cancel(first, app.applicant)

    send_payment_reminders(today=balance.due_date + datetime.timedelta(days=3))

    reminder = Notification.objects.get(dedupe_key=f"invoice:{balance.pk}:overdue")
    assert reminder.context["balance"] == "$1,000.00"


def test_paying_after_a_credit_is_held_to_the_reduced_balance_and_settles_it():
    app, first, _second, _deposit, balance = enrolled_with_open_balance()
    cancel(first, app.applicant)

    with pytest.raises(BillingError, match=r"more than the balance .*\(\$1,000.00\)"):
        pay(balance, 100001)
    assert Payment.objects.filter(invoice=balance).count() == 0

    pay(balance, 100000)

    balance.refresh_from_db()
    assert (balance.status, services.balance_of(balance)) == (InvoiceStatus.PAID, 0)


def test_crediting_the_same_block_again_credits_nothing_more():
    app, first, _second, _deposit, _balance = enrolled_with_open_balance()
    cancel(first, app.applicant)
    first.refresh_from_db()

    again = services.credit_cancelled_block(application=app, rotation_request=first, by=None)

    assert again == []
    assert InvoiceCredit.objects.count() == 1


def test_a_block_still_confirmed_is_not_credited():
    app, first, _second, _deposit, _balance = enrolled_with_open_balance()

    with pytest.raises(BillingError):
        services.credit_cancelled_block(application=app, rotation_request=first, by=None)

    assert InvoiceCredit.objects.count() == 0


def test_the_program_cancelling_a_rotation_credits_its_block_too():
    _app, _first, second, _deposit, balance = enrolled_with_open_balance()

    rotation_services.cancel_rotation(
        rotation=second.rotation, reason="The preceptor is on leave.", by=CoordinatorFactory()
    )

    assert credits() == [(balance.number, 150000, RefundRule.PROGRAM_CANCELLED)]


def test_the_credit_note_pdf_names_the_invoice_the_block_the_amount_and_what_remains():
    app, first, _second, _deposit, balance = enrolled_with_open_balance()
    cancel(first, app.applicant)
    credit = InvoiceCredit.objects.get()

    text = pdf_text(credit.credit_note)

    assert credit.credit_note_number in text
    assert f"Credits invoice {balance.number}" in text
    assert "Block Block 1" in text  # the block, as the invoice printed it
    assert "Cancelled block: Block 1 -$1,500.00" in text
    assert "Amount credited $1,500.00" in text
    assert "Balance due $1,000.00" in text
    assert "now asks for $1,000.00" in text
    assert credit.credit_note.grouped_code in text
    assert credit.credit_note.kind == "credit_note"


def test_the_applicant_is_emailed_with_the_credit_note_attached(
    django_capture_on_commit_callbacks,
):
    from hmc_portal.notifications.delivery import render_notification

    app, first, _second, _deposit, balance = enrolled_with_open_balance()
    cancel(first, app.applicant)
    credit = InvoiceCredit.objects.get()

    email = Notification.objects.get(template="invoice_credited")
    subject, text, html = render_notification(email)

    assert email.recipient == app.applicant
    assert email.dedupe_key == f"invoicecredit:{credit.pk}:issued"
    assert [a["issued_document"] for a in email.attachments] == [credit.credit_note_id]
    assert email.attachments[0]["filename"].endswith(".pdf")
    assert subject.startswith(f"Invoice {balance.number} now asks for $1,000.00")
    assert credit.credit_note_number in text and credit.credit_note_number in html
    assert credit.explanation in text


def test_the_email_and_the_explanation_are_in_the_applicants_language():
    from hmc_portal.notifications.delivery import render_notification

    app, first, _second, _deposit, balance = enrolled_with_open_balance(language="es")
    cancel(first, app.applicant)
    credit = InvoiceCredit.objects.get()

    subject, text, html = render_notification(Notification.objects.get(template="invoice_credited"))

    # (a subject line's non-breaking spaces are plain ones)
    assert subject.replace("\xa0", " ").startswith(
        f"La factura {balance.number} ahora le pide 1 000,00 US$"
    )
    assert "nota de crédito" in text and "nota de crédito" in html
    assert "1\xa0000,00\xa0US$" in credit.explanation
    assert credit.explanation in text

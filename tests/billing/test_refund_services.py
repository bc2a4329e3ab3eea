"""Refunds through the paths that cause them (withdrawing, cancelling a rotation, the program
cancelling one, a verified visa refusal), and approving, paying and rejecting them."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from applications import services as application_services
from billing import providers, services
from billing.enums import RefundRule, RefundStatus
from billing.errors import BillingError
from billing.models import Invoice, Refund, VisaRefusal
from billing.providers import ProviderRefund
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations import services as rotation_services
from tests.factories import CoordinatorFactory, ReviewerFactory
from tests.support.files import pdf_bytes, upload

from .refund_support import (
    application,
    balance_invoice,
    confirmed_request,
    deposit_invoice,
    pay,
    schedule,
)

pytestmark = pytest.mark.django_db


def verbs(prefix="billing.refund"):
    return list(
        ActivityLog.objects.filter(verb__startswith=prefix)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def refunds():
    return list(Refund.objects.order_by("pk").values_list("amount", "rule", "status"))


def enrolled_with_two_blocks(fees):
    """Deposit $600 and balance $2,500 paid; two blocks confirmed."""
    app = application()
    first = confirmed_request(app)
    second = confirmed_request(app, rank=2)
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    balance = balance_invoice(app, fees, [first.rotation, second.rotation], deposit)
    pay(balance, 250000)
    return app, first, second, deposit, balance


# --- proposed by the cancelling paths ---------------------------------------------------------


def test_withdrawing_before_confirmation_proposes_all_but_the_fee():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)

    application_services.withdraw_application(
        application=app, by=app.applicant, reason="Family reasons."
    )

    refund = Refund.objects.get()
    assert (refund.invoice, refund.amount, refund.rule, refund.status) == (
        deposit,
        50000,
        RefundRule.BEFORE_CONFIRMATION,
        RefundStatus.PROPOSED,
    )
    assert refund.provider == "manual"
    assert refund.payment == deposit.payments.get()
    assert "except the application fee ($100.00)" in refund.explanation
    assert verbs() == ["billing.refund.proposed"]


def test_withdrawing_with_nothing_paid_refunds_nothing_and_cancels_the_invoice():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    number = deposit.number

    application_services.withdraw_application(application=app, by=app.applicant, reason="No.")

    deposit.refresh_from_db()
    assert Refund.objects.count() == 0
    assert (deposit.status, deposit.number) == ("cancelled", number)
    assert deposit.cancelled_at is not None
    assert verbs("billing.invoice.cancelled") == ["billing.invoice.cancelled"]


def test_withdrawing_after_a_partial_payment_refunds_the_part_and_cancels_the_rest():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 30000)

    application_services.withdraw_application(application=app, by=app.applicant, reason="No.")

    deposit.refresh_from_db()
    assert refunds() == [(20000, RefundRule.BEFORE_CONFIRMATION, RefundStatus.PROPOSED)]
    assert deposit.status == "cancelled"


def test_withdrawing_after_a_confirmed_rotation_keeps_the_programs_share():
    fees = schedule()
    app = application()
    confirmed_request(app)
    pay(deposit_invoice(app, fees), 60000)

    application_services.withdraw_application(application=app, by=app.applicant, reason="No.")

    # The request was released first; it had been confirmed: $100 fee + 25 % of $500 kept.
    assert app.rotation_requests.get().status == "cancelled"
    assert refunds() == [(37500, RefundRule.AFTER_CONFIRMATION, RefundStatus.PROPOSED)]


def test_the_applicant_cancelling_a_confirmed_block_proposes_three_quarters_of_it():
    fees = schedule()
    app, first, _second, _deposit, balance = enrolled_with_two_blocks(fees)

    rotation_services.cancel_rotation_request(
        rotation_request=first, by=app.applicant, reason="Exam date moved."
    )

    refund = Refund.objects.get()
    assert (refund.invoice, refund.rotation, refund.amount, refund.rule) == (
        balance,
        first.rotation,
        112500,
        RefundRule.AFTER_CONFIRMATION,
    )


def test_cancelling_a_request_still_waiting_proposes_nothing():
    fees = schedule()
    app = application()
    waiting = confirmed_request(app, status="requested", confirmed_at=None)
    pay(deposit_invoice(app, fees), 60000)

    rotation_services.cancel_rotation_request(rotation_request=waiting, by=app.applicant)

    assert Refund.objects.count() == 0


def test_the_program_office_cancelling_one_request_proposes_the_whole_block():
    fees = schedule()
    app, first, _second, _deposit, _balance = enrolled_with_two_blocks(fees)

    rotation_services.cancel_rotation_request(
        rotation_request=first, by=CoordinatorFactory(), reason="Preceptor unavailable."
    )

    assert refunds() == [(150000, RefundRule.PROGRAM_CANCELLED, RefundStatus.PROPOSED)]


def test_the_program_cancelling_one_rotation_of_two_proposes_that_block_in_full():
    fees = schedule()
    app, _first, second, _deposit, balance = enrolled_with_two_blocks(fees)

    rotation_services.cancel_rotation(
        rotation=second.rotation, reason="The preceptor is on leave.", by=CoordinatorFactory()
    )

    refund = Refund.objects.get()
    assert (refund.invoice, refund.rotation, refund.amount, refund.rule) == (
        balance,
        second.rotation,
        150000,
        RefundRule.PROGRAM_CANCELLED,
    )
    assert "replacement block" in refund.explanation


def test_a_verified_visa_refusal_proposes_everything_back_once():
    fees = schedule()
    app, *_ = enrolled_with_two_blocks(fees)
    refusal = services.submit_visa_refusal(
        application=app,
        upload=upload("refusal.pdf", pdf_bytes()),
        choice="refund",
        by=app.applicant,
    )

    proposed = services.verify_visa_refusal(refusal=refusal, by=CoordinatorFactory())

    assert [(r.amount, r.rule) for r in proposed] == [
        (60000, RefundRule.VISA_DENIED),
        (250000, RefundRule.VISA_DENIED),
    ]
    refusal.refresh_from_db()
    assert refusal.status == "verified"
    # Nothing is left to give back: a second proposal proposes nothing.
    again = services.propose_refunds(application=app, reason="visa_denied", by=None)
    assert again == []
    assert Refund.objects.count() == 2


def test_a_visa_refusal_asking_to_postpone_is_recorded_without_a_refund():
    fees = schedule()
    app, *_ = enrolled_with_two_blocks(fees)
    refusal = services.submit_visa_refusal(
        application=app,
        upload=upload("refusal.pdf", pdf_bytes()),
        choice="postpone",
        by=app.applicant,
    )

    assert services.verify_visa_refusal(refusal=refusal, by=CoordinatorFactory()) == []
    assert Refund.objects.count() == 0
    assert VisaRefusal.objects.get().choice == "postpone"


def test_a_visa_refusal_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_kept():
    fees = schedule()
    app, *_ = enrolled_with_two_blocks(fees)

    with pytest.raises(BillingError, match="PDF"):
        services.submit_visa_refusal(
            application=app,
            upload=upload("refusal.pdf", b"<html>not a letter</html>"),
            choice="refund",
            by=app.applicant,
        )
    assert VisaRefusal.objects.count() == 0


def test_a_reviewer_cannot_verify_a_visa_refusal():
    fees = schedule()
    app, *_ = enrolled_with_two_blocks(fees)
    refusal = services.submit_visa_refusal(
        application=app, upload=upload("r.pdf", pdf_bytes()), choice="refund", by=app.applicant
    )

    with pytest.raises(BillingError, match="Only a coordinator"):
        services.verify_visa_refusal(refusal=refusal, by=ReviewerFactory())
    refusal.refresh_from_db()
    assert refusal.status == "pending"
    assert Refund.objects.count() == 0


# --- approving, paying, rejecting ---------------------------------------------------------------


@pytest.fixture
def proposed():
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000)
    (refund,) = services.propose_refunds(application=app, reason="withdraw", by=app.applicant)
    return refund


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_approving_issues_a_numbered_credit_note_and_emails_it(
    proposed, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory()

    refund = services.approve_refund(refund=proposed, by=coordinator)

    refund.refresh_from_db()
    year = refund.approved_at.year
    assert refund.status == RefundStatus.APPROVED  # manual: staff pay it by wire
    assert refund.credit_note_number == f"HMC-CN-{year}-00001"
    assert refund.approved_by == coordinator
    text = pdf_text(refund.credit_note)
    assert "HMC-CN-" in text and refund.credit_note_number in text
    assert refund.invoice.number in text
    assert "$500.00" in text
    assert refund.credit_note.grouped_code in text
    assert refund.credit_note.kind == "credit_note"
    email = Notification.objects.get(template="refund_approved")
    assert email.recipient == refund.invoice.application.applicant
    assert email.context["amount"] == "$500.00"
    assert len(email.attachments) == 1
    assert verbs() == ["billing.refund.proposed", "billing.refund.approved"]


def test_credit_notes_count_on_their_own_without_gaps(proposed):
    fees = schedule(valid_from=datetime.date(2020, 2, 1))
    other = application()
    pay(deposit_invoice(other, fees), 60000)
    (second,) = services.propose_refunds(application=other, reason="visa_denied", by=None)
    coordinator = CoordinatorFactory()

    first = services.approve_refund(refund=proposed, by=coordinator)
    second = services.approve_refund(refund=second, by=coordinator)

    year = first.approved_at.year
    assert [first.credit_note_number, second.credit_note_number] == [
        f"HMC-CN-{year}-00001",
        f"HMC-CN-{year}-00002",
    ]
    # The invoices' own series goes on where it was.
    assert Invoice.objects.order_by("pk").last().number.endswith("-00002")


def test_approving_twice_is_refused_and_issues_nothing_more(proposed):
    coordinator = CoordinatorFactory()
    services.approve_refund(refund=proposed, by=coordinator)

    with pytest.raises(BillingError, match="approved: to pay by wire already"):
        services.approve_refund(refund=proposed, by=coordinator)

    assert Notification.objects.filter(template="refund_approved").count() == 1
    assert verbs() == ["billing.refund.proposed", "billing.refund.approved"]


def test_a_reviewer_cannot_approve_a_refund(proposed):
    with pytest.raises(BillingError, match="Only a coordinator can approve"):
        services.approve_refund(refund=proposed, by=ReviewerFactory())

    proposed.refresh_from_db()
    assert (proposed.status, proposed.credit_note_number) == (RefundStatus.PROPOSED, "")


def test_a_refund_above_what_is_left_to_refund_is_refused(proposed):
    # $600 paid, $500 proposed: another $200 would give back more than was paid.
    extra = Refund.objects.create(
        invoice=proposed.invoice,
        payment=proposed.payment,
        amount=20000,
        currency="USD",
        rule=RefundRule.GOODWILL,
        explanation="Goodwill.",
        provider="manual",
    )

    with pytest.raises(BillingError, match=r"more than what is left to refund.*\$100\.00"):
        services.approve_refund(refund=extra, by=CoordinatorFactory())

    extra.refresh_from_db()
    assert extra.status == RefundStatus.PROPOSED
    assert services.refundable(proposed.invoice) == 60000 - 50000 - 20000


def test_the_database_refuses_a_refund_of_nothing(proposed):
    with pytest.raises(IntegrityError), transaction.atomic():
        Refund.objects.filter(pk=proposed.pk).update(amount=0)


def test_marking_paid_needs_the_reference_and_emails_the_applicant(proposed):
    coordinator = CoordinatorFactory()
    services.approve_refund(refund=proposed, by=coordinator)

    with pytest.raises(BillingError, match="reference"):
        services.mark_refund_paid(
            refund=proposed, reference="  ", paid_on=datetime.date(2026, 12, 1), by=coordinator
        )
    refund = services.mark_refund_paid(
        refund=proposed, reference="OUT-778", paid_on=datetime.date(2026, 12, 1), by=coordinator
    )

    refund.refresh_from_db()
    assert (refund.status, refund.provider_reference) == (RefundStatus.PAID, "OUT-778")
    assert Notification.objects.filter(template="refund_paid").count() == 1
    with pytest.raises(BillingError, match="paid already"):
        services.mark_refund_paid(
            refund=proposed, reference="OUT-779", paid_on=datetime.date(2026, 12, 1), by=coordinator
        )


def test_a_proposal_cannot_be_marked_paid_before_approval(proposed):
    with pytest.raises(BillingError, match="proposed already"):
        services.mark_refund_paid(
            refund=proposed,
            reference="OUT-1",
            paid_on=datetime.date(2026, 12, 1),
            by=CoordinatorFactory(),
        )


def test_rejecting_needs_a_reason_and_frees_the_amount(proposed):
    coordinator = CoordinatorFactory()
    with pytest.raises(BillingError, match="Say why"):
        services.reject_refund(refund=proposed, reason="", by=coordinator)

    services.reject_refund(refund=proposed, reason="Chose a later intake.", by=coordinator)

    proposed.refresh_from_db()
    assert (proposed.status, proposed.note) == (RefundStatus.REJECTED, "Chose a later intake.")
    assert services.refundable(proposed.invoice) == 60000


class SendingProvider(providers.PaymentProvider):
    """A card provider's stand-in (outside our code): it takes every refund."""

    name = "testcard"
    label = "Test card"

    def refund(self, payment, amount, *, key=""):
        return ProviderRefund(sent=True, reference=f"re_{payment.reference}_{amount}")


class RefusingProvider(providers.PaymentProvider):
    name = "testnorefund"
    label = "No refunds"


@pytest.fixture
def card_providers():
    providers.register(SendingProvider())
    providers.register(RefusingProvider())
    yield
    providers._registry.pop("testcard")
    providers._registry.pop("testnorefund")


@pytest.mark.parametrize(
    ("provider", "status", "reference"),
    [
        ("testcard", RefundStatus.SENT, "re_WIRE-"),
        ("testnorefund", RefundStatus.APPROVED, ""),
    ],
)
def test_approving_sends_the_refund_through_the_payments_provider(
    card_providers, provider, status, reference
):
    fees = schedule()
    app = application()
    deposit = deposit_invoice(app, fees)
    pay(deposit, 60000, provider=provider)
    (refund,) = services.propose_refunds(application=app, reason="visa_denied", by=None)

    services.approve_refund(refund=refund, by=CoordinatorFactory())

    refund.refresh_from_db()
    assert refund.provider == provider
    assert refund.status == status
    assert refund.provider_reference.startswith(reference)
    if status == RefundStatus.SENT:
        assert refund.provider_reference.endswith("_60000")
        assert verbs()[-1] == "billing.refund.sent"

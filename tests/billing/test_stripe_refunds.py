"""A refund of a card payment goes back through Stripe when a coordinator approves it: a
Refund of the payment's intent, for the refund's amount, named so a retry never refunds
twice. When Stripe refuses or cannot be reached, or the payment has no intent, the refund
stays approved for staff and nothing is lost."""

import datetime

import pytest

from billing import services
from billing.enums import RefundStatus
from billing.providers import stripe as stripe_provider
from billing.providers.stripe import CardProviderError
from tests.billing.stripe_support import SECRET_KEY, WEBHOOK_SECRET, FakeCheckoutClient
from tests.factories import CoordinatorFactory

from .refund_support import application, deposit_invoice, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


def paid_by_card(*, reference="pi_3QxTestPaymentIntent0001"):
    """A deposit invoice ($100 fee + $500 deposit) paid in full by card, and the refunds a
    visa refusal proposes for it."""
    app = application()
    invoice = deposit_invoice(app, schedule())
    payment = services.record_payment(
        invoice=invoice,
        provider="stripe",
        amount=invoice.total,
        currency=invoice.currency,
        reference=reference,
        received_on=datetime.date(2026, 11, 2),
        method="card",
    )
    (refund,) = services.propose_refunds(application=app, reason="visa_denied", by=None)
    return payment, refund


def test_approving_a_card_refund_sends_it_to_stripe(monkeypatch):
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    payment, refund = paid_by_card()

    approved = services.approve_refund(refund=refund, by=CoordinatorFactory())

    assert approved.status == RefundStatus.SENT
    assert approved.provider_reference == "re_3QxTestRefund0001"
    ((params, key),) = fake.refund_calls
    assert params["payment_intent"] == "pi_3QxTestPaymentIntent0001"
    assert params["amount"] == refund.amount == 60000  # a visa refusal: everything back
    assert key == f"hmc-refund-{refund.pk}"
    assert params["metadata"]["invoice_number"] == payment.invoice.number


@pytest.mark.parametrize(
    "fake, reference",
    [
        (FakeCheckoutClient(fail=CardProviderError("card_declined")), "pi_3QxTestIntent2"),
        (FakeCheckoutClient(refund_status="failed"), "pi_3QxTestIntent3"),
        (FakeCheckoutClient(), "cs_test_a1NoIntentRecorded"),  # no payment intent to refund
    ],
    ids=["stripe refuses", "refund failed", "no payment intent"],
)
def test_a_card_refund_stripe_cannot_take_stays_approved_for_staff(monkeypatch, fake, reference):
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    _payment, refund = paid_by_card(reference=reference)

    approved = services.approve_refund(refund=refund, by=CoordinatorFactory())

    assert approved.status == RefundStatus.APPROVED
    assert approved.provider_reference == ""
    assert approved.credit_note is not None  # the credit note is issued all the same

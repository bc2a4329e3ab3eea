"""Stripe delivering at once: the same event to two workers, and the completed and the
async-succeeded events of one payment side by side. One payment, one receipt, one stored
event per id; each delivery is answered (a replay or a duplicate), none fails. The control
shows that checking for the payment without the locks records it more than once (the
unique reference then turns the second into an error, which Stripe would retry)."""

import threading

import pytest
from django.db import connection, transaction

from billing.models import Payment, WebhookEvent
from billing.providers import stripe as stripe_provider
from billing.services.card import handle_stripe_event, start_card_payment
from hmc_portal.audit.models import ActivityLog

from .stripe_support import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeCheckoutClient,
    an_open_invoice,
    event,
    paid_session,
)

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 4


@pytest.fixture
def checkout(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    invoice = an_open_invoice(total=50000)
    return start_card_payment(invoice=invoice, by=invoice.application.applicant)


def at_once(work) -> list[str]:
    """Run `work(index, barrier)` in THREADS threads released together; each outcome."""
    barrier = threading.Barrier(THREADS)
    outcomes = [""] * THREADS

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = work(index, barrier)
        except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
            outcomes[index] = f"error: {type(error).__name__}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_the_same_event_delivered_at_once_is_handled_once(checkout):
    body = event(paid_session(checkout), id="evt_twice")

    def deliver(index, barrier):
        row, handled = handle_stripe_event(event=body)
        return f"{row.outcome} {'handled' if handled else 'replay'}"

    outcomes = at_once(deliver)

    assert outcomes == ["paid handled"] + ["paid replay"] * (THREADS - 1)
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.count() == 1
    assert ActivityLog.objects.filter(verb="billing.payment.recorded").count() == 1


def test_different_events_of_one_payment_at_once_record_it_once(checkout):
    types = ["checkout.session.completed", "checkout.session.async_payment_succeeded"]

    def deliver(index, barrier):
        body = event(paid_session(checkout), id=f"evt_{index}", type=types[index % 2])
        row, handled = handle_stripe_event(event=body)
        return row.outcome

    outcomes = at_once(deliver)

    assert outcomes == ["duplicate"] * (THREADS - 1) + ["paid"]
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.count() == THREADS
    assert ActivityLog.objects.filter(verb="billing.payment.recorded").count() == 1


def test_control_checking_without_the_locks_lets_every_worker_try_to_record(checkout):
    reference = "pi_3QxTestPaymentIntent0001"

    def naive(index, barrier):
        with transaction.atomic():
            seen = Payment.objects.filter(provider="stripe", reference=reference).exists()
            barrier.wait()  # everyone has read "not recorded yet"
            return "duplicate" if seen else "would record"

    outcomes = at_once(naive)

    assert outcomes == ["would record"] * THREADS

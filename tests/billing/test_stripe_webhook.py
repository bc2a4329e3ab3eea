"""The Stripe webhook: events signed as Stripe signs them. A payment is recorded only from a
verified, paid checkout whose amount and currency match; each event is handled once; a bad
signature, a mismatch, a replay or an unknown type records nothing."""

import json
import logging
import time

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from billing.models import CheckoutSession, Invoice, Payment, WebhookEvent
from billing.providers import stripe as stripe_provider
from billing.services import record_manual_payment
from billing.services.card import start_card_payment
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import build_message
from hmc_portal.notifications.models import Notification
from tests.billing.support import pdf_text
from tests.factories import StaffFactory

from .stripe_support import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    WEBHOOK_URL,
    FakeCheckoutClient,
    an_open_invoice,
    event,
    paid_session,
    post_event,
    sign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_WEBHOOK_TOLERANCE = 300
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    return fake


@pytest.fixture
def checkout(stripe_on):
    """A card checkout the applicant started for their open invoice of $500.00."""
    invoice = an_open_invoice(total=50000)
    return start_card_payment(invoice=invoice, by=invoice.application.applicant)


def nothing_recorded(invoice: Invoice) -> None:
    invoice.refresh_from_db()
    assert invoice.status == "open"
    assert Payment.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="billing.payment.recorded").exists()


def test_a_paid_checkout_records_one_payment_with_its_receipt_and_the_invoice_is_paid(
    client, checkout, django_capture_on_commit_callbacks
):
    body = event(paid_session(checkout), id="evt_paid_1")

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, body)

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "paid", "replay": False}
    payment = Payment.objects.get()
    assert (payment.invoice_id, payment.provider, payment.reference, payment.method) == (
        checkout.invoice_id,
        "stripe",
        "pi_3QxTestPaymentIntent0001",
        "card",
    )
    assert (payment.amount, payment.currency) == (50000, "USD")
    assert payment.receipt is not None
    assert payment.receipt.kind == "receipt"
    assert "Method Card (Stripe)" in pdf_text(payment.receipt)
    invoice = Invoice.objects.get(pk=checkout.invoice_id)
    assert invoice.status == "paid"
    checkout.refresh_from_db()
    assert (checkout.status, checkout.payment) == ("complete", payment)
    stored = WebhookEvent.objects.get()
    assert (stored.event_id, stored.type, stored.outcome, stored.payment) == (
        "evt_paid_1",
        "checkout.session.completed",
        "paid",
        payment,
    )
    assert stored.processed_at is not None
    receipt_email = Notification.objects.get(dedupe_key=f"payment:{payment.pk}:receipt")
    assert receipt_email.to_email == invoice.application.applicant.email


def test_a_session_without_a_payment_intent_is_recorded_under_its_own_id(client, checkout):
    response = post_event(client, event(paid_session(checkout, payment_intent=None)))

    assert response.status_code == 200
    assert Payment.objects.get().reference == checkout.session_id


def test_an_expanded_payment_intent_gives_its_id_as_the_reference(client, checkout):
    session = paid_session(checkout, payment_intent={"id": "pi_expanded", "object": "x"})

    post_event(client, event(session))

    assert Payment.objects.get().reference == "pi_expanded"


def test_a_bad_signature_is_a_400_and_records_nothing(client, checkout, caplog):
    body = event(paid_session(checkout))

    with caplog.at_level(logging.WARNING, logger="billing.card_views"):
        response = post_event(client, body, secret="whsec_someone_else")

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    nothing_recorded(checkout.invoice)
    assert "signature refused" in caplog.text


def test_a_body_changed_after_signing_is_a_400(client, checkout):
    payload = json.dumps(event(paid_session(checkout)))
    header = sign(payload)
    changed = payload.replace('"amount_total": 50000', '"amount_total": 50001')
    assert changed != payload

    response = post_event(client, changed, signature=header)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    nothing_recorded(checkout.invoice)


@pytest.mark.parametrize("header", [None, "", "garbage", "t=abc,v1=00", "t=123"])
def test_a_missing_or_malformed_signature_header_is_a_400(client, checkout, header):
    response = post_event(client, event(paid_session(checkout)), signature=header)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    nothing_recorded(checkout.invoice)


def test_a_signature_older_than_the_tolerance_is_a_400(client, checkout):
    old = int(time.time()) - 301

    response = post_event(client, event(paid_session(checkout)), timestamp=old)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    nothing_recorded(checkout.invoice)


def test_a_signature_within_the_tolerance_is_accepted(client, checkout):
    response = post_event(client, event(paid_session(checkout)), timestamp=int(time.time()) - 200)

    assert response.status_code == 200
    assert Payment.objects.count() == 1


def test_without_a_webhook_secret_every_event_is_refused(client, checkout, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    response = post_event(client, event(paid_session(checkout)))

    assert response.status_code == 400
    nothing_recorded(checkout.invoice)


def test_a_replayed_event_is_answered_200_and_records_nothing_more(client, checkout):
    body = event(paid_session(checkout), id="evt_replayed")
    post_event(client, body)

    again = post_event(client, body)

    assert again.status_code == 200
    assert again.json() == {"received": True, "outcome": "paid", "replay": True}
    assert Payment.objects.count() == 1
    assert WebhookEvent.objects.count() == 1
    assert ActivityLog.objects.filter(verb="billing.payment.recorded").count() == 1


def test_another_event_for_the_same_payment_records_it_once(client, checkout):
    post_event(client, event(paid_session(checkout), id="evt_completed"))

    response = post_event(
        client,
        event(
            paid_session(checkout),
            id="evt_async_succeeded",
            type="checkout.session.async_payment_succeeded",
        ),
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "duplicate"
    payment = Payment.objects.get()
    assert WebhookEvent.objects.get(event_id="evt_async_succeeded").payment == payment


def test_a_payment_pending_at_completion_is_recorded_when_it_succeeds(client, checkout):
    pending = post_event(
        client, event(paid_session(checkout, payment_status="unpaid"), id="evt_pending")
    )
    assert pending.json()["outcome"] == "not_paid"
    nothing_recorded(checkout.invoice)

    succeeded = post_event(
        client,
        event(
            paid_session(checkout),
            id="evt_succeeded",
            type="checkout.session.async_payment_succeeded",
        ),
    )

    assert succeeded.json()["outcome"] == "paid"
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "reason", "words"),
    [
        ({"amount_total": 40000}, "amount", "Stripe charged $400.00; the checkout was started"),
        ({"amount_total": 50001}, "amount", "Stripe charged $500.01; the checkout was started"),
        ({"currency": "eur"}, "currency", "Stripe charged in EUR; the invoice is in USD."),
        ({"client_reference_id": "999999"}, "invoice", "The checkout names another invoice"),
    ],
)
def test_a_mismatch_is_answered_200_logged_emailed_to_the_office_and_records_nothing(
    client, checkout, caplog, changes, reason, words
):
    with caplog.at_level(logging.WARNING, logger="billing.services.card"):
        response = post_event(client, event(paid_session(checkout, **changes), id="evt_odd"))

    assert response.status_code == 200
    assert response.json()["outcome"] == "mismatch"
    nothing_recorded(checkout.invoice)
    stored = WebhookEvent.objects.get()
    assert (stored.outcome, stored.invoice_id) == ("mismatch", checkout.invoice_id)
    assert stored.detail.startswith(reason)
    entry = ActivityLog.objects.get(verb="billing.card.mismatch")
    assert entry.data["reason"] == reason
    assert "not recorded" in caplog.text
    checkout.refresh_from_db()
    assert checkout.status == "open"
    email = Notification.objects.get(dedupe_key="stripe:evt_odd:mismatch")
    assert email.to_email == "office@hmc.test"
    message = build_message(email)
    assert message.subject == (
        f"[Action required] A card payment for invoice {checkout.invoice.number} was not recorded"
    )
    assert words in message.body
    assert f"/admin/billing/webhookevent/{stored.pk}/change/" in message.body


def test_a_card_payment_for_an_invoice_paid_meanwhile_is_a_mismatch(client, checkout):
    record_manual_payment(
        invoice=checkout.invoice,
        amount=50000,
        reference="WIRE-1",
        received_on=checkout.created_at.date(),
        by=StaffFactory(),
    )

    response = post_event(client, event(paid_session(checkout)))

    assert response.json()["outcome"] == "mismatch"
    assert list(Payment.objects.values_list("provider", flat=True)) == ["manual"]


def test_a_balance_changed_since_the_checkout_is_a_mismatch(client, checkout):
    record_manual_payment(
        invoice=checkout.invoice,
        amount=10000,
        reference="WIRE-PART",
        received_on=checkout.created_at.date(),
        by=StaffFactory(),
    )

    response = post_event(client, event(paid_session(checkout)))

    assert response.json()["outcome"] == "mismatch"
    assert WebhookEvent.objects.get().detail.startswith("balance")
    assert Payment.objects.filter(provider="stripe").count() == 0


def test_a_session_we_never_started_records_nothing(client, checkout):
    session = paid_session(checkout, id="cs_test_not_ours")

    response = post_event(client, event(session))

    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown_session"
    nothing_recorded(checkout.invoice)


@pytest.mark.parametrize("event_type", ["payment_intent.succeeded", "charge.refunded", "x.y"])
def test_an_unknown_event_type_is_stored_answered_200_and_ignored(client, checkout, event_type):
    response = post_event(client, event(paid_session(checkout), type=event_type))

    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert WebhookEvent.objects.get().type == event_type
    nothing_recorded(checkout.invoice)


def test_an_expired_checkout_is_marked_expired(client, checkout):
    session = paid_session(checkout, status="expired", payment_status="unpaid")

    response = post_event(client, event(session, type="checkout.session.expired"))

    assert response.json()["outcome"] == "expired"
    checkout.refresh_from_db()
    assert checkout.status == "expired"
    nothing_recorded(checkout.invoice)


def test_an_error_while_handling_is_a_500_with_nothing_written_and_the_retry_records_it(
    client, checkout, monkeypatch
):
    import billing.services.invoices as invoices

    real_issue = invoices.issue_document

    def broken(**kwargs):
        raise RuntimeError("the PDF renderer fell over")

    monkeypatch.setattr(invoices, "issue_document", broken)
    body = event(paid_session(checkout), id="evt_retried")

    failed = post_event(client, body)

    assert failed.status_code == 500
    assert WebhookEvent.objects.count() == 0
    nothing_recorded(checkout.invoice)

    monkeypatch.setattr(invoices, "issue_document", real_issue)
    retried = post_event(client, body)

    assert retried.json() == {"received": True, "outcome": "paid", "replay": False}
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    "payload",
    ["", "not json", "[]", "{}", '{"id": "evt_1"}', '{"object": "event", "type": "x"}'],
)
def test_a_signed_body_that_is_not_an_event_is_a_400(client, stripe_on, payload):
    response = post_event(client, payload)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_the_webhook_takes_only_post(client, stripe_on):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_the_webhook_needs_no_login_or_csrf_token(stripe_on, checkout):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = post_event(strict, event(paid_session(checkout)))

    assert response.status_code == 200
    assert Payment.objects.count() == 1


def test_the_admin_lists_the_events_and_sessions_read_only(client, checkout):
    post_event(client, event(paid_session(checkout, amount_total=1), id="evt_admin"))
    client.force_login(StaffFactory(is_superuser=True))

    events = client.get("/admin/billing/webhookevent/?outcome__exact=mismatch")
    sessions = client.get("/admin/billing/checkoutsession/")
    add = client.get("/admin/billing/webhookevent/add/")

    assert "evt_admin" in events.content.decode()
    assert checkout.session_id in sessions.content.decode()
    assert add.status_code == 403
    stored = WebhookEvent.objects.get()
    change = client.post(f"/admin/billing/webhookevent/{stored.pk}/change/", {"outcome": "paid"})
    assert change.status_code == 403
    stored.refresh_from_db()
    assert stored.outcome == "mismatch"


# Hostile bodies, validly signed (as if the signing secret leaked): never a 500, never a
# payment. The checkout exists so that a body may name it.
body_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["paid", "usd", "checkout.session", "\x00", "cs_test_", "pi_1"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    event_id=st.one_of(st.text(max_size=300), body_values),
    event_type=st.one_of(
        st.sampled_from(
            [
                "checkout.session.completed",
                "checkout.session.async_payment_succeeded",
                "checkout.session.expired",
            ]
        ),
        body_values,
    ),
    obj=st.one_of(
        body_values,
        st.fixed_dictionaries(
            {
                "object": st.just("checkout.session"),
                "id": st.one_of(st.just("SESSION"), body_values),
                "payment_status": st.one_of(st.just("paid"), body_values),
                "amount_total": body_values,
                "currency": st.one_of(st.just("usd"), body_values),
                "client_reference_id": body_values,
                "metadata": body_values,
                "payment_intent": body_values,
            }
        ),
    ),
)
def test_signed_hostile_events_are_never_a_500_and_never_a_wrong_payment(
    client, checkout, event_id, event_type, obj
):
    if isinstance(obj, dict) and obj.get("id") == "SESSION":
        obj["id"] = checkout.session_id
    body = {"id": event_id, "object": "event", "type": event_type, "data": {"object": obj}}

    response = post_event(client, json.dumps(body))

    assert response.status_code in (200, 400), response.content
    for payment in Payment.objects.all():  # only the exact amount of the checkout, once
        assert (payment.amount, payment.currency, payment.invoice_id) == (
            50000,
            "USD",
            checkout.invoice_id,
        )
    assert Payment.objects.count() <= 1
    assert CheckoutSession.objects.count() == 1


@pytest.mark.parametrize(
    "send",
    [
        lambda client: client.post(WEBHOOK_URL, {"id": "evt_1"}),  # a form, not JSON
        lambda client: client.post(WEBHOOK_URL, "id=evt_1", content_type="text/plain"),
    ],
)
def test_a_body_that_is_not_json_is_a_400(client, checkout, send):
    response = send(client)

    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0


@pytest.mark.parametrize("odd", ['"\\u0000"', "NaN", "Infinity", "1e400", str(2**80)])
def test_a_signed_event_with_values_postgres_refuses_is_stored_without_them(client, checkout, odd):
    payload = json.dumps(event(paid_session(checkout), type="x.odd", id="evt_odd"))
    payload = payload.replace('"livemode": false', f'"livemode": {odd}')

    response = post_event(client, payload)

    assert response.status_code == 200
    assert WebhookEvent.objects.get().outcome == "ignored"


def test_the_office_email_about_a_mismatch_in_spanish(client, checkout, settings):
    settings.LANGUAGE_CODE = "es"
    post_event(client, event(paid_session(checkout, amount_total=40000), id="evt_es"))

    email = Notification.objects.get(dedupe_key="stripe:evt_es:mismatch")
    with translation.override("es"):
        message = build_message(email)

    assert message.subject.startswith("[Acción requerida] No se registró un pago con tarjeta")
    assert "Stripe cobró 400,00\u00a0US$; el pago se inició por 500,00\u00a0US$." in message.body
    html = message.alternatives[0][0]
    assert "Abrir el evento" in html


def test_without_an_office_mailbox_a_mismatch_is_still_kept(client, checkout, settings):
    settings.PROGRAM_OFFICE_EMAIL = ""

    response = post_event(client, event(paid_session(checkout, amount_total=1)))

    assert response.json()["outcome"] == "mismatch"
    assert not Notification.objects.filter(template="card_payment_mismatch").exists()

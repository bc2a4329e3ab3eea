"""Starting a card payment: a Stripe Checkout Session for the invoice's open balance (the
outgoing call answered by a recorded Session), the "Pay by card" button and its redirect,
and no card option anywhere while Stripe is not configured."""

import datetime

import pytest
from django.utils import timezone

from billing.errors import BillingError
from billing.models import CheckoutSession, Invoice
from billing.providers import stripe as stripe_provider
from billing.services.card import CardPaymentError, start_card_payment
from billing.statements import payment_options
from hmc_portal.audit.models import ActivityLog
from tests.factories import StaffFactory, UserFactory

from .stripe_support import (
    RECORDED_SESSION,
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeCheckoutClient,
    an_open_invoice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.SITE_URL = "https://portal.example.org"
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    return fake


@pytest.fixture
def stripe_off(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    return fake


@pytest.fixture
def invoice():
    return an_open_invoice(total=50000)


def card_url(invoice: Invoice) -> str:
    return f"/dashboard/payments/{invoice.pk}/card/"


def test_starting_stores_the_recorded_session_for_the_balance(stripe_on, invoice):
    applicant = invoice.application.applicant

    checkout = start_card_payment(invoice=invoice, by=applicant)

    assert (checkout.session_id, checkout.url) == (RECORDED_SESSION["id"], RECORDED_SESSION["url"])
    assert (checkout.invoice, checkout.amount, checkout.currency, checkout.status) == (
        invoice,
        50000,
        "USD",
        "open",
    )
    assert checkout.created_by == applicant
    assert checkout.expires_at > timezone.now() + datetime.timedelta(minutes=50)
    ((params, key),) = stripe_on.calls
    assert key == f"hmc-invoice-{invoice.pk}-50000USD-1"
    assert checkout.idempotency_key == key
    assert params["mode"] == "payment"
    assert params["line_items"] == [
        {
            "quantity": 1,
            "price_data": {
                "currency": "usd",
                "unit_amount": 50000,
                "product_data": {
                    "name": f"Houston Medical Clerkship: invoice {invoice.number}",
                    "description": f"Balance of invoice {invoice.number}",
                },
            },
        }
    ]
    assert params["client_reference_id"] == str(invoice.pk)
    assert params["metadata"] == {"invoice_id": str(invoice.pk), "invoice_number": invoice.number}
    assert params["payment_intent_data"]["metadata"] == params["metadata"]
    assert params["customer_email"] == applicant.email
    assert params["success_url"] == "https://portal.example.org/dashboard/payments/card/paid/"
    assert params["cancel_url"] == "https://portal.example.org/dashboard/payments/card/cancelled/"
    entry = ActivityLog.objects.get(verb="billing.card.started")
    assert (entry.object_id, entry.actor, entry.data["amount"]) == (invoice.pk, applicant, 50000)


def test_a_spanish_speaker_gets_stripes_page_in_spanish(stripe_on, invoice):
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])

    start_card_payment(invoice=invoice, by=applicant)

    assert stripe_on.calls[0][0]["locale"] == "es"


def test_the_button_redirects_303_to_stripes_page(client, stripe_on, invoice):
    client.force_login(invoice.application.applicant)

    response = client.post(card_url(invoice))

    assert response.status_code == 303
    assert response["Location"] == RECORDED_SESSION["url"]
    assert CheckoutSession.objects.get().invoice == invoice


def test_a_double_click_makes_one_session_and_one_call(client, stripe_on, invoice):
    client.force_login(invoice.application.applicant)

    first = client.post(card_url(invoice))
    second = client.post(card_url(invoice))

    assert first["Location"] == second["Location"]
    assert CheckoutSession.objects.count() == 1
    assert len(stripe_on.calls) == 1


def test_two_calls_with_the_same_key_store_one_row(stripe_on, invoice):
    applicant = invoice.application.applicant
    first = start_card_payment(invoice=invoice, by=applicant)
    # As if the second click had called Stripe before the first stored its row.
    CheckoutSession.objects.all().delete()
    ActivityLog.objects.filter(verb="billing.card.started").delete()

    again = start_card_payment(invoice=invoice, by=applicant)
    stripe_on.sessions.clear()  # a third call would be a new session, had it been made
    third = start_card_payment(invoice=invoice, by=applicant)

    assert again.session_id == first.session_id == third.session_id
    assert stripe_on.calls[0][1] == stripe_on.calls[1][1]
    assert CheckoutSession.objects.count() == 1


def test_an_expired_session_is_replaced_by_a_new_one(stripe_on, invoice):
    applicant = invoice.application.applicant
    first = start_card_payment(invoice=invoice, by=applicant)
    first.status = "expired"
    first.save(update_fields=["status"])

    second = start_card_payment(invoice=invoice, by=applicant)

    assert second.session_id != first.session_id
    assert stripe_on.calls[1][1] == f"hmc-invoice-{invoice.pk}-50000USD-2"
    assert CheckoutSession.objects.count() == 2


def test_a_session_about_to_expire_is_not_offered_again(stripe_on, invoice):
    applicant = invoice.application.applicant
    first = start_card_payment(invoice=invoice, by=applicant)
    first.expires_at = timezone.now() + datetime.timedelta(minutes=5)
    first.save(update_fields=["expires_at"])

    second = start_card_payment(invoice=invoice, by=applicant)

    assert second.pk != first.pk


@pytest.mark.parametrize("status", ["paid", "cancelled"])
def test_a_paid_or_cancelled_invoice_cannot_be_paid_by_card(client, stripe_on, invoice, status):
    Invoice.objects.filter(pk=invoice.pk).update(status=status)
    client.force_login(invoice.application.applicant)

    with pytest.raises(CardPaymentError, match="nothing left to pay"):
        start_card_payment(invoice=invoice, by=invoice.application.applicant)
    response = client.post(card_url(invoice), follow=True)

    assert response.redirect_chain == [("/dashboard/payments/", 302)]
    assert "This invoice has nothing left to pay." in response.content.decode()
    assert CheckoutSession.objects.count() == 0
    assert stripe_on.calls == []


def test_only_the_owner_may_start_a_card_payment(stripe_on, invoice):
    with pytest.raises(BillingError, match="not yours"):
        start_card_payment(invoice=invoice, by=UserFactory())

    assert CheckoutSession.objects.count() == 0


def test_someone_elses_invoice_is_a_404(client, stripe_on, invoice):
    other = an_open_invoice(total=50000)
    client.force_login(other.application.applicant)

    response = client.post(card_url(invoice))

    assert response.status_code == 404
    assert CheckoutSession.objects.count() == 0


def test_the_anonymous_visitor_is_sent_to_log_in(client, stripe_on, invoice):
    response = client.post(card_url(invoice))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert CheckoutSession.objects.count() == 0


def test_stripe_unreachable_says_so_and_writes_nothing(client, stripe_on, invoice):
    stripe_on.fail = stripe_provider.CardProviderError("connection refused")
    client.force_login(invoice.application.applicant)

    response = client.post(card_url(invoice), follow=True)

    assert "The card payment could not be started" in response.content.decode()
    assert CheckoutSession.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="billing.card.started").exists()


@pytest.mark.parametrize(
    "answer",
    [
        {**RECORDED_SESSION, "amount_total": 1},
        {**RECORDED_SESSION, "amount_total": 50000, "currency": "eur"},
        {**RECORDED_SESSION, "amount_total": 50000, "url": "http://evil.example/"},
        {"error": "nothing"},
    ],
)
def test_a_session_unlike_the_request_is_refused(stripe_on, invoice, answer):
    stripe_on.answer = answer

    with pytest.raises(CardPaymentError):
        start_card_payment(invoice=invoice, by=invoice.application.applicant)

    assert CheckoutSession.objects.count() == 0


def test_the_payments_page_offers_the_card_when_stripe_is_configured(client, stripe_on, invoice):
    client.force_login(invoice.application.applicant)

    page = client.get("/dashboard/payments/").content.decode()

    assert f'action="{card_url(invoice)}"' in page
    assert "Pay $500.00 by card" in page
    assert [provider.name for provider in payment_options()] == ["manual", "stripe"]


def test_without_keys_there_is_no_card_option_and_the_card_url_is_a_404(
    client, stripe_off, invoice
):
    client.force_login(invoice.application.applicant)

    page = client.get("/dashboard/payments/").content.decode()
    response = client.post(card_url(invoice))

    assert "by card" not in page
    assert card_url(invoice) not in page
    assert response.status_code == 404
    assert [provider.name for provider in payment_options()] == ["manual"]
    with pytest.raises(CardPaymentError, match="not available"):
        start_card_payment(invoice=invoice, by=invoice.application.applicant)
    assert stripe_off.calls == []


def test_a_secret_key_without_the_webhook_secret_offers_no_card(settings, stripe_on):
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert [provider.name for provider in payment_options()] == ["manual"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/dashboard/payments/card/paid/", "Your card payment is being confirmed"),
        ("/dashboard/payments/card/cancelled/", "The card payment was cancelled"),
    ],
)
def test_coming_back_from_stripe_shows_a_message_and_records_nothing(
    client, stripe_on, invoice, path, message
):
    client.force_login(invoice.application.applicant)

    response = client.get(path, follow=True)

    assert response.redirect_chain == [("/dashboard/payments/", 302)]
    assert message in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == "open"


def test_coming_back_in_spanish(client, stripe_on, invoice):
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)

    response = client.get("/dashboard/payments/card/cancelled/", follow=True)

    assert "El pago con tarjeta se canceló" in response.content.decode()


def test_staff_are_sent_to_admin(client, stripe_on, invoice):
    client.force_login(StaffFactory())

    response = client.post(card_url(invoice))

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert CheckoutSession.objects.count() == 0


@pytest.mark.parametrize(
    ("key", "form_action"),
    [("", ["'self'"]), (SECRET_KEY, ["'self'", "https://checkout.stripe.com"])],
)
def test_the_policy_lets_the_pay_by_card_form_reach_stripe_only_with_a_key(key, form_action):
    """A browser applies form-action to the redirect after a form post: without Stripe's
    origin there, "Pay by card" would stop at the portal (tests/browser/test_pay_by_card.py
    shows it)."""
    import os
    import subprocess
    import sys

    code = (
        "from hmc_portal.settings import base; "
        "print(base.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = {**os.environ, "STRIPE_SECRET_KEY": key, "SECRET_KEY": "x", "REDIS_URL": "redis://x"}
    env.setdefault("DATABASE_URL", "postgres://x@localhost/x")

    printed = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout

    assert printed.strip() == repr(form_action)


def test_the_card_option_in_spanish(client, stripe_on, invoice):
    applicant = invoice.application.applicant
    applicant.language = "es"
    applicant.save(update_fields=["language"])
    client.force_login(applicant)

    page = client.get("/dashboard/payments/").content.decode()

    assert "Pagar con tarjeta" in page
    assert "Pagar 500,00\u00a0US$ con tarjeta" in page
    assert "Pagará en la página segura de Stripe" in page


def test_the_provider_interface_starts_the_same_checkout(rf, stripe_on, invoice):
    from billing import providers

    request = rf.post(card_url(invoice))
    request.user = invoice.application.applicant

    started = providers.get("stripe").start(request, invoice)

    assert started.redirect_url == RECORDED_SESSION["url"]
    assert started.instructions == ""
    assert CheckoutSession.objects.get().session_id == RECORDED_SESSION["id"]


def test_the_card_option_costs_the_payments_page_no_query(
    client, settings, stripe_on, invoice, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(invoice.application.applicant)
    client.get("/dashboard/payments/")  # the session and caches warm
    with CaptureQueriesContext(connection) as with_card:
        client.get("/dashboard/payments/")
    settings.STRIPE_SECRET_KEY = ""

    with django_assert_num_queries(len(with_card.captured_queries)):
        page = client.get("/dashboard/payments/")

    assert "by card" not in page.content.decode()

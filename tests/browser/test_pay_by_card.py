"""Paying by card in a real chromium: the payments page (axe-clean) offers "Pay by card",
the button takes the applicant to Stripe's hosted page (stubbed by the browser: no network),
which the page's Content Security Policy must let the form's redirect reach; back on the
payments page after Stripe's webhook, the invoice is paid with its receipt."""

import copy

import pytest
from django.test import Client

from billing.providers import stripe as stripe_provider
from tests.billing.stripe_support import (
    RECORDED_SESSION,
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeCheckoutClient,
    an_open_invoice,
    event,
    paid_session,
    post_event,
)
from tests.support.browser import assert_accessible, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

STRIPE_PAGE = "<!doctype html><title>Stripe Checkout (test)</title><main><h1>Pay</h1></main>"


@pytest.fixture
def stripe_on(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    # The policy base.py builds when STRIPE_SECRET_KEY is set (tests/billing checks that).
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", "https://checkout.stripe.com"]
    settings.CONTENT_SECURITY_POLICY = policy
    fake = FakeCheckoutClient()
    monkeypatch.setattr(stripe_provider, "checkout_client", lambda: fake)
    return fake


def test_an_applicant_pays_by_card_and_sees_the_invoice_paid(page, stripe_on):
    invoice = an_open_invoice(total=50000)
    applicant = invoice.application.applicant
    stripe_pages = []

    def stripe_checkout(route):
        stripe_pages.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STRIPE_PAGE)

    page.context.route("https://checkout.stripe.com/**", stripe_checkout)
    log_in(page, "/accounts/login/", applicant.email)

    page.goto("/dashboard/payments/")
    assert_accessible(page)
    page.get_by_role("button", name="Pay $500.00 by card").click()
    page.wait_for_url("https://checkout.stripe.com/**")

    assert stripe_pages == [RECORDED_SESSION["url"].split("#")[0]]
    assert page.title() == "Stripe Checkout (test)"

    checkout = invoice.checkout_sessions.get()
    assert post_event(Client(), event(paid_session(checkout))).status_code == 200
    page.goto("/dashboard/payments/card/paid/")

    assert page.get_by_text("Your card payment is being confirmed").is_visible()
    assert page.locator(".invoice-status").first.inner_text() == "Paid"
    assert page.locator(".receipt-download").count() == 1
    assert page.get_by_role("button", name="Pay $500.00 by card").count() == 0

"""Card payments through Stripe Checkout: the applicant is sent to Stripe's hosted payment
page for an invoice's balance, and the payment is recorded only when Stripe's signed webhook
says the Checkout Session is paid (billing.services.card).

The one outgoing call (creating a Checkout Session) goes through `checkout_client()`, which
returns a small client object; the tests replace that function with a fake that returns a
recorded Session. The provider is available only with both STRIPE_SECRET_KEY and
STRIPE_WEBHOOK_SECRET set: without the webhook secret no payment could ever be recorded.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any, Protocol

import stripe
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .base import PaymentProvider, ProviderRefund, ProviderStart, RefundNotSupported

if TYPE_CHECKING:
    from billing.models import Invoice

logger = logging.getLogger(__name__)

NAME = "stripe"
# Seconds a call to Stripe may block a web request before it fails (and is not retried by us:
# the applicant clicks again, and the idempotency key makes that safe).
TIMEOUT = 20
# Stripe accepts expires_at between 30 minutes and 24 hours from now.
MIN_MINUTES, MAX_MINUTES = 30, 24 * 60
# Stripe's Checkout pages speak these of the portal's languages.
CHECKOUT_LOCALES = {"en": "en", "es": "es"}


class CardProviderError(Exception):
    """Stripe could not be reached or refused the request (logged; nothing was written)."""


class CheckoutClient(Protocol):
    def create_session(self, params: dict[str, Any], *, idempotency_key: str) -> dict:
        """Create a Checkout Session; return it as Stripe's JSON (a dict)."""

    def create_refund(self, params: dict[str, Any], *, idempotency_key: str) -> dict:
        """Create a Refund of a payment intent; return it as Stripe's JSON (a dict)."""


class StripeCheckoutClient:
    """The real client: Stripe's API with the secret key, a short timeout and the library's
    own retries on network errors (safe: every call carries an idempotency key)."""

    def __init__(self, api_key: str):
        self._client = stripe.StripeClient(
            api_key,
            max_network_retries=2,
            http_client=stripe.new_default_http_client(timeout=TIMEOUT),
        )

    def create_session(self, params: dict[str, Any], *, idempotency_key: str) -> dict:
        try:
            session = self._client.v1.checkout.sessions.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as error:
            raise CardProviderError(str(error)) from error
        return session.to_dict()

    def create_refund(self, params: dict[str, Any], *, idempotency_key: str) -> dict:
        try:
            refund = self._client.v1.refunds.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as error:
            raise CardProviderError(str(error)) from error
        return refund.to_dict()


def checkout_client() -> CheckoutClient:
    """The client billing.services.card calls to create a Checkout Session."""
    return StripeCheckoutClient(settings.STRIPE_SECRET_KEY)


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def session_params(
    *,
    invoice: Invoice,
    amount: int,
    email: str,
    language: str,
    now: datetime.datetime,
) -> dict[str, Any]:
    """The Checkout Session for paying `amount` (minor units, the invoice's currency) of
    `invoice`: one line, the invoice's id and number in the metadata (also on the payment
    intent, so Stripe's dashboard shows them), back to the payments page either way."""
    minutes = min(max(settings.STRIPE_CHECKOUT_MINUTES, MIN_MINUTES), MAX_MINUTES)
    metadata = {"invoice_id": str(invoice.pk), "invoice_number": invoice.number}
    # Invoices and what Stripe shows for them stay in English, like the PDF.
    description = f"Invoice {invoice.number}"
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": invoice.currency.lower(),
                    "unit_amount": amount,
                    "product_data": {
                        "name": f"{settings.SITE_NAME}: invoice {invoice.number}",
                        "description": f"Balance of invoice {invoice.number}",
                    },
                },
            }
        ],
        "client_reference_id": str(invoice.pk),
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": description},
        "customer_email": email,
        "locale": CHECKOUT_LOCALES.get(language, "auto"),
        "success_url": absolute(reverse("billing:card_paid")),
        "cancel_url": absolute(reverse("billing:card_cancelled")),
        "expires_at": int((now + datetime.timedelta(minutes=minutes)).timestamp()),
    }


class StripeProvider(PaymentProvider):
    name = NAME
    label = _("Card (Stripe)")
    template = "billing/providers/stripe.html"

    def is_available(self) -> bool:
        return is_configured()

    def start(self, request, invoice) -> ProviderStart:
        from billing.services.card import start_card_payment  # the services import providers

        session = start_card_payment(invoice=invoice, by=request.user)
        return ProviderStart(redirect_url=session.url)

    def refund(self, payment, amount, *, key: str = "") -> ProviderRefund:
        """Give `amount` of a card payment back through Stripe (a Refund of its payment
        intent; the same `key` never refunds twice). A payment recorded without a payment
        intent, or Stripe refusing or out of reach, raises RefundNotSupported: the refund
        stays approved for staff, and the log says why."""
        if not payment.reference.startswith("pi_"):
            raise RefundNotSupported(f"no payment intent on payment {payment.pk}")
        params = {
            "payment_intent": payment.reference,
            "amount": amount,
            "metadata": {"payment_id": str(payment.pk), "invoice_number": payment.invoice.number},
        }
        try:
            answer = checkout_client().create_refund(
                params, idempotency_key=f"hmc-{key or f'payment-{payment.pk}-{amount}'}"
            )
        except CardProviderError as error:
            logger.error("Stripe refund of payment %s not sent: %s", payment.pk, error)
            raise RefundNotSupported(str(error)) from error
        if answer.get("status") in ("failed", "canceled"):
            logger.error("Stripe refund %s of payment %s failed", answer.get("id"), payment.pk)
            raise RefundNotSupported(f"refund {answer.get('id')} {answer.get('status')}")
        return ProviderRefund(sent=True, reference=str(answer.get("id", "")))

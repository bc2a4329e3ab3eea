"""Stripe without the network: a fake of the one outgoing call (creating a Checkout Session)
that answers with a recorded Session, and webhook events signed exactly as Stripe signs
them (the `Stripe-Signature` header: `t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<body>"
with the endpoint's signing secret, in hex>`)."""

from __future__ import annotations

import copy
import datetime
import hashlib
import hmac
import json
import time
from pathlib import Path

from django.utils import timezone

from billing import services
from billing.models import FeeSchedule, Invoice
from tests.billing.factories import FeeScheduleFactory
from tests.factories import ReviewableApplicationFactory

SECRET_KEY = "sk_test_51NotARealKeyOnlyForTheTests000000000000000000000000000000000000"
WEBHOOK_SECRET = "whsec_test_only_0f4c1d2e3b4a59687766554433221100"
WEBHOOK_URL = "/billing/stripe/webhook/"
FIXTURES = Path(__file__).parent / "fixtures"
RECORDED_SESSION = json.loads((FIXTURES / "stripe_checkout_session.json").read_text())


def an_open_invoice(*, total: int = 50000, application=None, currency: str = "USD") -> Invoice:
    """A deposit invoice of `total` cents, issued through the real service."""
    application = application or ReviewableApplicationFactory(status="confirmed")
    valid_from = timezone.localdate() - datetime.timedelta(days=365)
    schedule = FeeSchedule.objects.filter(valid_from=valid_from).first() or FeeScheduleFactory(
        valid_from=valid_from, deposit=total, currency=currency
    )
    return services.issue_invoice(
        application=application,
        schedule=schedule,
        kind="deposit",
        lines=[services.LineSpec("Deposit to secure your observership place", total)],
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )


class FakeCheckoutClient:
    """Answers create_session with the recorded Session, carrying what Stripe copies from the
    request (amount, currency, metadata, urls, expiry). Like Stripe, the same idempotency key
    gets the same Session back; another key gets a new one."""

    def __init__(
        self,
        *,
        fail: Exception | None = None,
        answer: dict | None = None,
        refund_status: str = "succeeded",
    ):
        self.calls: list[tuple[dict, str]] = []
        self.refund_calls: list[tuple[dict, str]] = []
        self.refunds: dict[str, dict] = {}
        self.refund_status = refund_status
        self.sessions: dict[str, dict] = {}
        self.fail = fail
        self.answer = answer

    def create_session(self, params, *, idempotency_key):
        self.calls.append((copy.deepcopy(params), idempotency_key))
        if self.fail is not None:
            raise self.fail
        if self.answer is not None:
            return copy.deepcopy(self.answer)
        if idempotency_key in self.sessions:
            return copy.deepcopy(self.sessions[idempotency_key])
        session = copy.deepcopy(RECORDED_SESSION)
        if self.sessions:  # a second session: a new id and url
            n = len(self.sessions) + 1
            session["id"] = f"{session['id'][:-1]}{n}"
            session["url"] = f"https://checkout.stripe.com/c/pay/{session['id']}#fid{n}"
        (item,) = params["line_items"]
        amount = item["price_data"]["unit_amount"] * item["quantity"]
        session.update(
            amount_subtotal=amount,
            amount_total=amount,
            currency=item["price_data"]["currency"],
            client_reference_id=params["client_reference_id"],
            metadata=dict(params["metadata"]),
            customer_email=params["customer_email"],
            success_url=params["success_url"],
            cancel_url=params["cancel_url"],
            expires_at=params["expires_at"],
            created=int(time.time()),
            locale=params["locale"],
        )
        self.sessions[idempotency_key] = session
        return copy.deepcopy(session)

    def create_refund(self, params, *, idempotency_key):
        """A Refund as Stripe answers it (status "succeeded" for a card); the same key gets
        the same Refund back, as Stripe's idempotency does."""
        self.refund_calls.append((copy.deepcopy(params), idempotency_key))
        if self.fail is not None:
            raise self.fail
        if idempotency_key not in self.refunds:
            self.refunds[idempotency_key] = {
                "id": f"re_3QxTestRefund{len(self.refunds) + 1:04d}",
                "object": "refund",
                "amount": params["amount"],
                "currency": "usd",
                "payment_intent": params["payment_intent"],
                "metadata": dict(params.get("metadata", {})),
                "status": self.refund_status,
            }
        return copy.deepcopy(self.refunds[idempotency_key])


def paid_session(checkout, **changes) -> dict:
    """The Session object of a completed, paid checkout for the CheckoutSession row
    `checkout`, as Stripe sends it in the event; `changes` override any field."""
    session = copy.deepcopy(RECORDED_SESSION)
    session.update(
        id=checkout.session_id,
        url=None,
        status="complete",
        payment_status="paid",
        amount_subtotal=checkout.amount,
        amount_total=checkout.amount,
        currency=checkout.currency.lower(),
        client_reference_id=str(checkout.invoice_id),
        metadata={
            "invoice_id": str(checkout.invoice_id),
            "invoice_number": checkout.invoice.number,
        },
        payment_intent="pi_3QxTestPaymentIntent0001",
    )
    session.update(changes)
    return session


def event(obj: dict, *, type: str = "checkout.session.completed", id: str = "evt_1") -> dict:
    """A Stripe event (API version 2025) around `obj`."""
    return {
        "id": id,
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": type,
    }


def sign(payload: str | bytes, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """The Stripe-Signature header Stripe would send with `payload`."""
    if isinstance(payload, bytes):
        payload = payload.decode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def post_event(client, body: dict | str | bytes, *, signature: str | None = "sign", **sign_kw):
    """POST `body` (an event, or raw text) to the webhook as Stripe does, signed unless a
    `signature` header (or None: no header) is given."""
    payload = json.dumps(body) if isinstance(body, dict) else body
    headers = {}
    if signature == "sign":
        signature = sign(payload, **sign_kw)
    if signature is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return client.post(WEBHOOK_URL, data=payload, content_type="application/json", **headers)

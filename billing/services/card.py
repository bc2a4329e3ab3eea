"""Card payments through Stripe Checkout: starting a Checkout Session for an invoice's
balance, and handling the events Stripe posts to the webhook.

Nothing is recorded as paid when a session starts or when the applicant comes back from
Stripe's page: only a signed `checkout.session.completed` (or
`checkout.session.async_payment_succeeded`) event whose session is paid, and whose amount and
currency are those of the session we started and of the invoice's open balance, records the
Payment, through billing.services.record_payment (which issues and emails the receipt). Its
reference is the payment intent's id (the session's id without one), unique per provider, so
the same payment is never recorded twice, even from two different events.

Each event is stored once by its id (WebhookEvent), inserted before it is handled: a replay
finds the row and does nothing. The row and what handling it wrote commit together; an error
rolls both back and the view answers 500, so Stripe delivers the event again.
"""

from __future__ import annotations

import datetime
import logging
import math
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.languages import language_of
from hmc_portal.notifications.outbox import queue_notification

from ..enums import CheckoutStatus, InvoiceStatus, WebhookOutcome
from ..errors import BillingError
from ..models import CheckoutSession, Invoice, Payment, WebhookEvent
from ..money import format_money
from ..providers import stripe as stripe_provider
from .invoices import _lock, balance_of, record_payment

if TYPE_CHECKING:
    from hmc_portal.users.models import User

logger = logging.getLogger(__name__)

PROVIDER = stripe_provider.NAME
# A session about to expire is not offered again: the applicant needs time on Stripe's page.
REUSE_MARGIN = datetime.timedelta(minutes=10)
PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
EXPIRED_EVENTS = {"checkout.session.expired"}
# The events to send from Stripe's dashboard (README); any other is stored and ignored.
HANDLED_EVENTS = PAID_EVENTS | EXPIRED_EVENTS


class CardPaymentError(BillingError):
    """A card payment cannot be started (the message is for the applicant)."""


class NotAnEvent(ValueError):
    """A verified body that is not a Stripe event we can store (no id or type)."""


def _jsonb_safe(value: Any) -> Any:
    """The event as PostgreSQL stores and compares it: it refuses the NUL character in any
    string (jsonb and text alike), and NaN or Infinity in jsonb."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_jsonb_safe(str(key)): _jsonb_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonb_safe(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None  # Python reads NaN and Infinity; JSON and jsonb have neither
    return value


# --- starting a payment ---------------------------------------------------------------


def _open_session(invoice: Invoice, *, amount: int, now: datetime.datetime):
    return (
        CheckoutSession.objects.filter(
            invoice=invoice,
            provider=PROVIDER,
            status=CheckoutStatus.OPEN,
            amount=amount,
            currency=invoice.currency,
            expires_at__gt=now + REUSE_MARGIN,
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _check_session_json(session: Any, *, amount: int, currency: str) -> None:
    if not isinstance(session, dict):
        raise stripe_provider.CardProviderError("the session is not an object")
    url = session.get("url")
    if not isinstance(session.get("id"), str) or not session["id"]:
        raise stripe_provider.CardProviderError("the session has no id")
    if not isinstance(url, str) or not url.startswith("https://"):
        raise stripe_provider.CardProviderError("the session has no https url")
    if session.get("amount_total") != amount or str(session.get("currency")).upper() != currency:
        raise stripe_provider.CardProviderError(
            f"the session is for {session.get('amount_total')} {session.get('currency')}, "
            f"not {amount} {currency}"
        )


def start_card_payment(*, invoice: Invoice, by: User) -> CheckoutSession:
    """Start paying `invoice`'s open balance by card: a Stripe Checkout Session, stored as a
    CheckoutSession row, whose `url` is Stripe's payment page. Owner only; refuses a paid or
    cancelled invoice and Stripe being off. An open session for the same amount that is not
    about to expire is returned again (a double click, a second tab) without calling Stripe;
    the call carries an idempotency key per invoice, balance and attempt, so two clicks at
    once get the same session from Stripe and store one row. Logs billing.card.started.
    Nothing is written when Stripe cannot be reached."""
    if not stripe_provider.is_configured():
        raise CardPaymentError(_("Card payments are not available."))
    invoice = Invoice.objects.select_related("application__applicant").get(pk=invoice.pk)
    if invoice.application.applicant_id != by.pk:
        raise CardPaymentError(_("This invoice is not yours."))
    if invoice.status != InvoiceStatus.OPEN:
        raise CardPaymentError(_("This invoice has nothing left to pay."))
    amount = balance_of(invoice)
    if amount <= 0:
        raise CardPaymentError(_("This invoice has nothing left to pay."))
    now = timezone.now()
    existing = _open_session(invoice, amount=amount, now=now)
    if existing is not None:
        return existing
    # The attempt number changes once a session has expired or completed, so a new click
    # then gets a new session rather than Stripe's stored answer for the old key.
    attempt = CheckoutSession.objects.filter(invoice=invoice, provider=PROVIDER).count() + 1
    key = f"hmc-invoice-{invoice.pk}-{amount}{invoice.currency}-{attempt}"
    params = stripe_provider.session_params(
        invoice=invoice,
        amount=amount,
        email=by.email,
        language=language_of(by),
        now=now,
    )
    try:
        session = stripe_provider.checkout_client().create_session(params, idempotency_key=key)
        _check_session_json(session, amount=amount, currency=invoice.currency)
    except stripe_provider.CardProviderError as error:
        logger.error("stripe: no checkout session for invoice %s: %s", invoice.number, error)
        raise CardPaymentError(
            _(
                "The card payment could not be started. Please try again in a few minutes, "
                "or pay by wire transfer."
            )
        ) from error
    expires_at = session.get("expires_at")
    with transaction.atomic():
        row, created = CheckoutSession.objects.get_or_create(
            session_id=session["id"],
            defaults={
                "invoice": invoice,
                "provider": PROVIDER,
                "amount": amount,
                "currency": invoice.currency,
                "status": CheckoutStatus.OPEN,
                "url": session["url"],
                "idempotency_key": key,
                "expires_at": (
                    datetime.datetime.fromtimestamp(expires_at, tz=datetime.UTC)
                    if isinstance(expires_at, int)
                    else None
                ),
                "created_by": by,
            },
        )
        if created:
            log_action(
                invoice,
                "billing.card.started",
                by=by,
                person=by,
                data={"session": row.session_id, "amount": amount, "currency": row.currency},
            )
    return row


# --- the webhook ----------------------------------------------------------------------


def _id_of(value: Any) -> str:
    """A Stripe reference that may be an id or an expanded object with one."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _event_time(event: dict) -> datetime.datetime:
    created = event.get("created")
    if isinstance(created, int) and not isinstance(created, bool):
        try:
            return datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return timezone.now()


def _mismatch(row: WebhookEvent, invoice: Invoice, reason: str, **data) -> str:
    logger.warning(
        "stripe: event %s for invoice %s not recorded: %s %s",
        row.event_id,
        invoice.number,
        reason,
        data,
    )
    log_action(
        invoice,
        "billing.card.mismatch",
        by=None,
        person=invoice.application.applicant,
        data={"event": row.event_id, "reason": reason, **data},
    )
    row.detail = f"{reason} {data}" if data else reason
    if settings.PROGRAM_OFFICE_EMAIL:
        expected, got = data.get("expected"), data.get("got")
        if reason in ("amount", "balance", "invoice status"):
            expected = format_money(expected, invoice.currency) if expected is not None else ""
            got = format_money(got, invoice.currency) if isinstance(got, int) else str(got)
        queue_notification(
            to=settings.PROGRAM_OFFICE_EMAIL,
            template="card_payment_mismatch",
            key=f"stripe:{row.event_id}:mismatch",
            reply_to=invoice.application.applicant.email,
            context={
                "number": invoice.number,
                "applicant_name": invoice.bill_to_name,
                "applicant_email": invoice.application.applicant.email,
                "reason": reason,
                "expected": str(expected),
                "got": str(got),
                "event_url": settings.SITE_URL
                + reverse("admin:billing_webhookevent_change", args=[row.pk]),
            },
        )
    return WebhookOutcome.MISMATCH


def _record_paid_session(row: WebhookEvent, event: dict, session: dict) -> str:
    session_id = _id_of(session)
    checkout = (
        CheckoutSession.objects.select_for_update()
        .select_related("invoice")
        .filter(provider=PROVIDER, session_id=session_id)
        .first()
    )
    if checkout is None:
        logger.warning("stripe: event %s for an unknown session %r", row.event_id, session_id)
        row.detail = f"session {session_id!r}"
        return WebhookOutcome.UNKNOWN_SESSION
    invoice = _lock(checkout.invoice_id)
    row.invoice = invoice
    if session.get("payment_status") != "paid":
        row.detail = f"payment_status {session.get('payment_status')!r}"
        return WebhookOutcome.NOT_PAID

    reference = _id_of(session.get("payment_intent")) or session_id
    already = Payment.objects.filter(provider=PROVIDER, reference=reference).first()
    if already is not None:
        row.payment = already
        row.detail = f"reference {reference}"
        checkout.status = CheckoutStatus.COMPLETE
        checkout.save(update_fields=["status"])
        return WebhookOutcome.DUPLICATE

    metadata = session.get("metadata") if isinstance(session.get("metadata"), dict) else {}
    said_invoice = {
        str(value)
        for value in (session.get("client_reference_id"), metadata.get("invoice_id"))
        if value is not None
    }
    if said_invoice != {str(invoice.pk)}:
        return _mismatch(row, invoice, "invoice", expected=invoice.pk, got=sorted(said_invoice))
    amount, currency = session.get("amount_total"), str(session.get("currency") or "").upper()
    if currency != checkout.currency or currency != invoice.currency:
        return _mismatch(row, invoice, "currency", expected=invoice.currency, got=currency)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount != checkout.amount:
        return _mismatch(row, invoice, "amount", expected=checkout.amount, got=amount)
    if invoice.status != InvoiceStatus.OPEN:
        return _mismatch(row, invoice, "invoice status", status=invoice.status, got=amount)
    balance = balance_of(invoice)
    if amount != balance:
        return _mismatch(row, invoice, "balance", expected=balance, got=amount)

    payment = record_payment(
        invoice=invoice,
        provider=PROVIDER,
        amount=amount,
        currency=currency,
        reference=reference,
        received_on=_event_time(event),
        method="card",
        notes=f"Stripe Checkout Session {session_id}",
        by=None,
    )
    checkout.status = CheckoutStatus.COMPLETE
    checkout.payment = payment
    checkout.save(update_fields=["status", "payment"])
    row.payment = payment
    row.detail = f"reference {reference}"
    return WebhookOutcome.PAID


def _expire_session(row: WebhookEvent, session: dict) -> str:
    updated = CheckoutSession.objects.filter(
        provider=PROVIDER, session_id=_id_of(session), status=CheckoutStatus.OPEN
    ).update(status=CheckoutStatus.EXPIRED)
    if not updated:
        row.detail = f"session {_id_of(session)!r} not open here"
    return WebhookOutcome.EXPIRED


@transaction.atomic
def handle_stripe_event(*, event: dict) -> tuple[WebhookEvent, bool]:
    """Handle one verified Stripe event (the parsed JSON of the webhook's body), once.

    Returns (the stored event, whether this call handled it); a replay returns the stored
    row and False. A paid checkout session records the payment (see the module's words);
    a mismatch records nothing, is logged, kept on the row (outcome "mismatch") and
    emailed to the program office (PROGRAM_OFFICE_EMAIL) to check and refund; an expired
    session marks its CheckoutSession; any other type is stored and ignored.
    Raises NotAnEvent for a body without a usable id or type, and anything else on an
    unexpected error, with nothing written."""
    if not isinstance(event, dict):
        raise NotAnEvent("not a Stripe event: not an object")
    event = _jsonb_safe(event)
    event_id, event_type = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 255:
        raise NotAnEvent("not a Stripe event: no usable id")
    if not isinstance(event_type, str) or not 0 < len(event_type) <= 100:
        raise NotAnEvent("not a Stripe event: no usable type")
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.create(
                provider=PROVIDER, event_id=event_id, type=event_type, payload=event
            )
    except IntegrityError:
        logger.info("stripe: event %s (%s) received again: ignored", event_id, event_type)
        return WebhookEvent.objects.get(provider=PROVIDER, event_id=event_id), False

    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if event_type not in HANDLED_EVENTS:
        outcome = WebhookOutcome.IGNORED
    elif not isinstance(obj, dict) or obj.get("object") != "checkout.session":
        outcome = WebhookOutcome.IGNORED
        row.detail = "no checkout session in the event"
    elif event_type in EXPIRED_EVENTS:
        outcome = _expire_session(row, obj)
    else:
        outcome = _record_paid_session(row, event, obj)
    row.outcome = outcome
    row.processed_at = timezone.now()
    row.save(update_fields=["outcome", "processed_at", "detail", "invoice", "payment"])
    logger.info("stripe: event %s (%s): %s", event_id, event_type, outcome)
    return row, True

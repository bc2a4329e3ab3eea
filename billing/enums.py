from django.db import models
from django.utils.translation import gettext_lazy as _


class DiscountBasis(models.TextChoices):
    """When a discount applies to a block of the plan."""

    BLOCK = "block", _("From the Nth block of the plan on")
    SPECIALTIES = "specialties", _("Every block, when the plan has at least N specialties")


class DiscountKind(models.TextChoices):
    PERCENT = "percent", _("Percentage of the block's price")
    AMOUNT = "amount", _("Fixed amount off the block's price")


class InvoiceKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")
    OTHER = "other", _("Other")


class InvoiceStatus(models.TextChoices):
    """Kept up to date by billing.services under the invoice's row lock."""

    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


class WireStatus(models.TextChoices):
    DECLARED = "declared", _("Declared")
    RECEIVED = "received", _("Received")
    LAPSED = "lapsed", _("Lapsed")


class CheckoutStatus(models.TextChoices):
    """A Stripe Checkout Session's own status, as Stripe reports it."""

    OPEN = "open", _("Open")
    COMPLETE = "complete", _("Complete")
    EXPIRED = "expired", _("Expired")


class WebhookOutcome(models.TextChoices):
    """What handling a provider's webhook event did (kept on the event, for staff)."""

    RECEIVED = "received", _("Received, not handled yet")
    PAID = "paid", _("Payment recorded")
    DUPLICATE = "duplicate", _("Payment already recorded")
    MISMATCH = "mismatch", _("Mismatch: nothing recorded")
    UNKNOWN_SESSION = "unknown_session", _("Unknown checkout session: nothing recorded")
    NOT_PAID = "not_paid", _("Not paid yet")
    EXPIRED = "expired", _("Checkout session expired")
    IGNORED = "ignored", _("Event type not handled")

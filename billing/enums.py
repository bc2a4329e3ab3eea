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


class RefundRule(models.TextChoices):
    """Why money goes back (billing.refunds.refund_for decides the amount)."""

    BEFORE_CONFIRMATION = "before_confirmation", _("Cancelled before the placement was confirmed")
    AFTER_CONFIRMATION = "after_confirmation", _("Cancelled after the placement was confirmed")
    VISA_DENIED = "visa_denied", _("Visa denied")
    PROGRAM_CANCELLED = "program_cancelled", _("Rotation cancelled by the program")
    GOODWILL = "goodwill", _("Goodwill")


class RefundStatus(models.TextChoices):
    """proposed -> approved (a coordinator; sent to the provider when it can refund) ->
    sent (the provider took it) / paid (staff wired it); proposed -> rejected; proposed ->
    replaced (the applicant chose a replacement block instead: the money stays with the
    program for it, see CarriedPayment)."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved: to pay by wire")
    SENT = "sent", _("Sent to the payment provider")
    PAID = "paid", _("Paid")
    REJECTED = "rejected", _("Rejected")
    REPLACED = "replaced", _("Kept for a replacement block")


# A refund in these states counts against what is left to refund on its invoice (not a
# replaced one: its money is carried to the replacement block instead).
COUNTED_REFUND_STATUSES = (
    RefundStatus.PROPOSED,
    RefundStatus.APPROVED,
    RefundStatus.SENT,
    RefundStatus.PAID,
)


class VisaRefusalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the program office")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


class VisaRefusalChoice(models.TextChoices):
    REFUND = "refund", _("A full refund")
    POSTPONE = "postpone", _("Postpone to a later intake")

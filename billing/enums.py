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

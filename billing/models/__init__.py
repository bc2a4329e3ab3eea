"""The billing app's models, one module per part of the domain (each re-exported here, so
`from billing.models import Invoice` keeps working): fees (the schedule's versions),
invoices (invoices, payments, wires, card checkouts), refunds (refunds, credits on open
invoices, visa refusal letters), replacements (payments kept for replacement blocks).

Money is an integer in the currency's minor unit (cents) with its ISO 4217 currency beside
it; never a float."""

from .fees import (
    FeeBlockPrice,
    FeeDiscount,
    FeeSchedule,
    currency_code,
    default_currency,
    local_today,
    not_negative,
)
from .invoices import (
    CheckoutSession,
    Invoice,
    InvoiceLine,
    InvoiceNumber,
    Payment,
    WebhookEvent,
    WireDeclaration,
)
from .refunds import InvoiceCredit, Refund, VisaRefusal, refusal_key, refusal_storage
from .replacements import CarriedPayment

__all__ = [
    "CarriedPayment",
    "CheckoutSession",
    "FeeBlockPrice",
    "FeeDiscount",
    "FeeSchedule",
    "Invoice",
    "InvoiceCredit",
    "InvoiceLine",
    "InvoiceNumber",
    "Payment",
    "Refund",
    "VisaRefusal",
    "WebhookEvent",
    "WireDeclaration",
    "currency_code",
    "default_currency",
    "local_today",
    "not_negative",
    "refusal_key",
    "refusal_storage",
]

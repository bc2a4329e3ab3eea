"""Billing's writes. Each service owns its transaction, locks the rows it changes, raises
one BillingError with a message for the person who asked, and logs what it did.

schedules: the fee schedule's versions (billing.services.schedules).
numbering: gap-free invoice numbers per year.
invoices: issuing invoices, recording payments, receipts, declared wire transfers.
"""

from ..errors import BillingError, ScheduleLocked
from .invoices import (
    LineSpec,
    balance_of,
    confirm_wire_received,
    declare_wire,
    invoice_offer_taken,
    invoice_rotations_confirmed,
    issue_invoice,
    lapse_wire_declarations,
    paid_amount,
    record_manual_payment,
    record_payment,
)
from .numbering import allocate_invoice_number, format_invoice_number
from .schedules import (
    SCHEDULE_FIELDS,
    check_new_start,
    copy_fee_schedule,
    delete_fee_schedule,
    delete_schedule_part,
    locked_message,
    save_fee_schedule,
    save_schedule_part,
)

__all__ = [
    "SCHEDULE_FIELDS",
    "BillingError",
    "LineSpec",
    "ScheduleLocked",
    "allocate_invoice_number",
    "balance_of",
    "confirm_wire_received",
    "declare_wire",
    "invoice_offer_taken",
    "invoice_rotations_confirmed",
    "issue_invoice",
    "lapse_wire_declarations",
    "paid_amount",
    "record_manual_payment",
    "record_payment",
    "check_new_start",
    "copy_fee_schedule",
    "delete_fee_schedule",
    "delete_schedule_part",
    "format_invoice_number",
    "locked_message",
    "save_fee_schedule",
    "save_schedule_part",
]

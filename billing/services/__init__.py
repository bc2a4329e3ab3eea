"""Billing's writes. Each service owns its transaction, locks the rows it changes, raises
one BillingError with a message for the person who asked, and logs what it did.

schedules: the fee schedule's versions (billing.services.schedules).
numbering: gap-free invoice (and credit note) numbers per year.
invoices: issuing invoices, recording payments, receipts, declared wire transfers.
refunds: refunds by the rules of billing.refunds, credit notes, visa refusal letters.
release: releasing the places of an applicant who has not paid an overdue invoice.
credits: a cancelled block taken off an open invoice (its unpaid part), with a credit note.
credit_notes: the credit notes' number series and PDF layout, shared by refunds and credits.
replacements: a replacement block instead of a refund: the payment kept for it and the
supplementary invoice once it is confirmed.
"""

from ..errors import BillingError, ScheduleLocked
from .credits import credit_cancelled_block
from .invoices import (
    LineSpec,
    balance_of,
    confirm_wire_received,
    credited_amount,
    declare_wire,
    invoice_offer_taken,
    invoice_rotations_confirmed,
    issue_invoice,
    lapse_wire_declarations,
    paid_amount,
    record_manual_payment,
    record_payment,
)
from .numbering import allocate_invoice_number, format_credit_note_number, format_invoice_number
from .refunds import (
    approve_refund,
    mark_refund_paid,
    may_approve_refunds,
    may_verify_visa_refusals,
    propose_refunds,
    refundable,
    reject_refund,
    reject_visa_refusal,
    submit_visa_refusal,
    verify_visa_refusal,
)
from .release import may_release_places, release_unpaid_places
from .replacements import (
    block_paid_for,
    carry_block_payment,
    choose_replacement,
    invoice_replacement,
)
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
    "approve_refund",
    "block_paid_for",
    "carry_block_payment",
    "choose_replacement",
    "invoice_replacement",
    "format_credit_note_number",
    "mark_refund_paid",
    "may_approve_refunds",
    "may_release_places",
    "may_verify_visa_refusals",
    "propose_refunds",
    "refundable",
    "reject_refund",
    "release_unpaid_places",
    "reject_visa_refusal",
    "submit_visa_refusal",
    "verify_visa_refusal",
    "balance_of",
    "credit_cancelled_block",
    "credited_amount",
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

"""Invoice numbers: PREFIX-YEAR-00001, gap-free per year and never reused; credit notes
count in a series of their own: PREFIX-CN-YEAR-00001.

The year's sequence row is locked (SELECT ... FOR UPDATE) while a number is taken, inside
the transaction that writes the invoice: a rolled-back invoice gives its number back with
the rollback, a committed one keeps it for good (a cancelled invoice keeps its number).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from ..models import InvoiceNumber

INVOICE = "invoice"
CREDIT_NOTE = "credit_note"


def _locked_sequence(year: int, series: str) -> InvoiceNumber:
    try:
        return InvoiceNumber.objects.select_for_update().get(series=series, year=year)
    except InvoiceNumber.DoesNotExist:
        pass
    # The year's first invoice: two at once may both try to create the row; the loser's
    # insert fails on the unique year (inside a savepoint) and it locks the winner's row.
    try:
        with transaction.atomic():
            InvoiceNumber.objects.create(series=series, year=year, last=0)
    except IntegrityError:
        pass
    return InvoiceNumber.objects.select_for_update().get(series=series, year=year)


def allocate_invoice_number(year: int, *, series: str = INVOICE) -> int:
    """Take the next number of `year` in `series` (1, 2, ...). Must run inside the caller's
    transaction, which holds the year's lock until it commits or rolls back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_invoice_number needs the invoice's transaction.")
    sequence = _locked_sequence(year, series)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def format_invoice_number(year: int, sequence: int) -> str:
    return f"{settings.BILLING_INVOICE_PREFIX}-{year}-{sequence:05d}"


def format_credit_note_number(year: int, sequence: int) -> str:
    return f"{settings.BILLING_INVOICE_PREFIX}-CN-{year}-{sequence:05d}"

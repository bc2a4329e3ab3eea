"""Credits on open invoices, as arithmetic: what cancelling a block takes off an invoice
that still asks for it. A block's line on an open invoice is money not yet (entirely) paid:
its unpaid part is credited (billing.services.credits writes an InvoiceCredit), its paid
part goes back by the refund rules (billing.refunds). An invoice's outstanding balance is
its total less its payments less its credits. Writes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import InvoiceStatus
from .models import Invoice


@dataclass(frozen=True)
class BlockCredit:
    """What a cancelled block takes off an open invoice: its unpaid part there."""

    invoice: Invoice
    rotation_id: int
    block: int  # the block's line(s) on the invoice
    outstanding: int  # what the invoice asked for before this credit
    amount: int

    @property
    def balance_after(self) -> int:
        return self.outstanding - self.amount


def gross_paid(invoice: Invoice) -> int:
    """What the invoice's payments add up to (prefetched or not), refunds not taken off."""
    return sum(payment.amount for payment in invoice.payments.all())


def credited(invoice: Invoice, *, rotation_id: int | None = None) -> int:
    """The invoice's credits (prefetched or not); only those of one block when given."""
    return sum(
        credit.amount
        for credit in invoice.credits.all()
        if rotation_id is None or credit.rotation_id == rotation_id
    )


def outstanding(invoice: Invoice) -> int:
    """What the invoice still asks for: total less payments less credits (0 unless open)."""
    if invoice.status != InvoiceStatus.OPEN:
        return 0
    return invoice.total - gross_paid(invoice) - credited(invoice)


def block_amount(invoice: Invoice, rotation_id: int) -> int:
    return sum(
        line.amount
        for line in invoice.lines.all()
        if line.rotation_id == rotation_id and line.amount > 0
    )


def block_credits(invoices: list[Invoice], *, rotation_id: int) -> list[BlockCredit]:
    """What cancelling the block of `rotation_id` takes off each open invoice that charges
    it: the block's line less what was already credited for it there, at most what the
    invoice still asks for (so the paid part stays paid and goes to the refund). One piece
    of arithmetic for the "before cancelling" panel and the service that credits."""
    result = []
    for invoice in invoices:
        if invoice.status != InvoiceStatus.OPEN:
            continue
        block = block_amount(invoice, rotation_id)
        if block <= 0:
            continue
        owed = outstanding(invoice)
        amount = min(block - credited(invoice, rotation_id=rotation_id), owed)
        if amount > 0:
            result.append(
                BlockCredit(
                    invoice=invoice,
                    rotation_id=rotation_id,
                    block=block,
                    outstanding=owed,
                    amount=amount,
                )
            )
    return result

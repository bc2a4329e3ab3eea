"""Credit notes: one gap-free number series (PREFIX-CN-YEAR-00001) and one PDF layout for
every credit note, whether it gives money back (an approved refund) or takes a cancelled
block off an open invoice (an invoice credit). Issued through hmc_portal.issuance, in
English like every document for US authorities, with its verification code."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.utils import timezone

from hmc_portal.issuance.rendering import written_date
from hmc_portal.issuance.services import IssuanceError, issue_document

from ..errors import BillingError
from ..models import Invoice
from .numbering import CREDIT_NOTE, allocate_invoice_number, format_credit_note_number

if TYPE_CHECKING:
    from hmc_portal.issuance.models import IssuedDocument
    from hmc_portal.users.models import User


def next_credit_note_number(now: datetime.datetime) -> str:
    """Take the next credit note number of `now`'s year (inside the caller's transaction:
    a rollback gives it back)."""
    year = timezone.localdate(now).year
    return format_credit_note_number(year, allocate_invoice_number(year, series=CREDIT_NOTE))


def credit_note_pdf(
    *,
    number: str,
    date: datetime.datetime,
    invoice: Invoice,
    reason: str,
    details: Sequence[tuple[str, str]] = (),
    rows: Sequence[Sequence[str]],
    totals: Sequence[tuple[str, str]],
    paragraph: str,
) -> Callable:
    """The body of a credit note: which invoice it credits and why, `details` (e.g. the
    block), the money table and one paragraph in words."""
    currency = invoice.currency

    def build(pdf) -> None:
        pdf.key_values(
            [
                ("Credit note number", number),
                ("Date", written_date(timezone.localdate(date))),
                ("Credits invoice", invoice.number),
                ("Invoice date", written_date(timezone.localdate(invoice.issued_at))),
                ("Issued to", invoice.bill_to_name),
                ("Country", invoice.bill_to_country or "-"),
                ("Reason", reason),
                *details,
            ]
        )
        pdf.money_table(
            columns=["Description", f"Amount ({currency})"], rows=list(rows), totals=list(totals)
        )
        pdf.paragraph(paragraph)

    return build


def issue_credit_note(
    *, invoice: Invoice, number: str, build: Callable, by: User | None
) -> IssuedDocument:
    """Store and render the credit note `number` for the invoice's applicant."""
    try:
        return issue_document(
            kind="credit_note",
            owner=invoice.application.applicant,
            holder_name=invoice.bill_to_name,
            title=f"Credit note {number}",
            reference=number,
            build=build,
            by=by,
        )
    except IssuanceError as error:
        raise BillingError(str(error)) from error

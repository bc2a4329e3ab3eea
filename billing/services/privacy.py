"""An applicant's erasure, billing's part: the money rows are tax records and stay, with
their numbers, dates, amounts and statuses; what names or describes the applicant is
blanked and the stored PDFs and files are deleted once the erasure commits. Run by
billing.privacy's shredders inside the erasure's transaction; not logged here (the erasure
logs itself once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import erase_document
from hmc_portal.privacy.shredding import delete_files_on_commit

from ..models import (
    Invoice,
    InvoiceCredit,
    Payment,
    Refund,
    VisaRefusal,
    WebhookEvent,
)

if TYPE_CHECKING:
    from hmc_portal.users.models import User

ERASED_NAME = "Erased"


def _erase_documents(ids) -> None:
    for document in IssuedDocument.objects.filter(pk__in=[pk for pk in ids if pk]):
        erase_document(document=document, revoke=False)


@transaction.atomic
def erase_invoices(*, user: User) -> int:
    """The invoices keep their numbers, lines and totals; the name billed becomes "Erased"
    and the PDFs of the invoices and of the credits on them are deleted (the credit notes'
    numbers and amounts stay)."""
    invoices = list(Invoice.objects.select_for_update().filter(application__applicant=user))
    credits = InvoiceCredit.objects.filter(invoice__in=invoices)
    _erase_documents(
        [invoice.issued_document_id for invoice in invoices]
        + list(credits.values_list("credit_note_id", flat=True))
    )
    Invoice.objects.filter(pk__in=[invoice.pk for invoice in invoices]).update(
        bill_to_name=ERASED_NAME
    )
    return len(invoices)


@transaction.atomic
def erase_payments(*, user: User) -> int:
    """Payments keep their amounts, dates and the bank's or provider's references; staff
    notes are blanked, the receipts' PDFs deleted, and what the card provider posted about
    them (which carries the card holder's name and email) is emptied."""
    payments = Payment.objects.filter(invoice__application__applicant=user)
    _erase_documents(payments.values_list("receipt_id", flat=True))
    WebhookEvent.objects.filter(invoice__application__applicant=user).update(payload={}, detail="")
    return payments.update(notes="")


@transaction.atomic
def erase_refunds(*, user: User) -> int:
    """Refunds keep their amounts, rules, explanations (the program's words) and credit note
    numbers; staff notes are blanked and the credit notes' PDFs deleted."""
    refunds = Refund.objects.filter(invoice__application__applicant=user)
    _erase_documents(refunds.values_list("credit_note_id", flat=True))
    return refunds.update(note="")


@transaction.atomic
def erase_visa_refusals(*, user: User) -> int:
    """The refusal letters leave the storage once the erasure commits; the rows keep what the
    refund rested on (the choice, the decision, its dates) without the file's name or the
    note to the applicant."""
    refusals = list(VisaRefusal.objects.select_for_update().filter(application__applicant=user))
    delete_files_on_commit(refusal.file for refusal in refusals)
    return VisaRefusal.objects.filter(pk__in=[refusal.pk for refusal in refusals]).update(
        file="", original_name="", staff_note=""
    )

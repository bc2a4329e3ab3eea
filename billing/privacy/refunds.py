"""Refunds (with their credit notes) and the visa refusal letters behind some of them."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.schema import DATETIME, INTEGER, STRING, array, iso, nullable, obj, section
from hmc_portal.privacy.shredding import exported_file

from ..models import Refund, VisaRefusal
from ..services.privacy import erase_refunds, erase_visa_refusals
from .common import issued_files

REFUND = obj(
    id=INTEGER,
    invoice_number=STRING,
    amount=INTEGER,
    currency=STRING,
    rule=STRING,
    explanation=STRING,
    status=STRING,
    provider=STRING,
    provider_reference=STRING,
    credit_note_number=STRING,
    staff_note=STRING,
    proposed_at=DATETIME,
    approved_at=nullable(DATETIME),
    paid_at=nullable(DATETIME),
    rejected_at=nullable(DATETIME),
)


class RefundShredder(DataShredder):
    name = "billing.refunds"
    issued_kinds = ("credit_note",)
    verbose_name = _("Refunds")
    keeps = _(
        "Refunds and their credit notes are tax records the law requires us to keep: their "
        "amounts, dates, numbers and the rule applied stay. Credit notes' PDFs and staff "
        "notes are deleted."
    )
    schema = section(array(REFUND))

    def export(self, user) -> ExportSection:
        refunds = list(
            Refund.objects.filter(invoice__application__applicant=user)
            .select_related("invoice")
            .order_by("pk")
        )
        return ExportSection(
            data=[
                {
                    "id": refund.pk,
                    "invoice_number": refund.invoice.number,
                    "amount": refund.amount,
                    "currency": refund.currency,
                    "rule": refund.rule,
                    "explanation": refund.explanation,
                    "status": refund.status,
                    "provider": refund.provider,
                    "provider_reference": refund.provider_reference,
                    "credit_note_number": refund.credit_note_number,
                    "staff_note": refund.note,
                    "proposed_at": iso(refund.created_at),
                    "approved_at": iso(refund.approved_at),
                    "paid_at": iso(refund.paid_at),
                    "rejected_at": iso(refund.rejected_at),
                }
                for refund in refunds
            ],
            files=issued_files("billing/credit-notes", [r.credit_note_id for r in refunds]),
        )

    def shred(self, user) -> None:
        erase_refunds(user=user)


REFUSAL = obj(
    id=INTEGER,
    application_id=INTEGER,
    file_name=STRING,
    content_type=STRING,
    size=INTEGER,
    choice=STRING,
    status=STRING,
    note_to_applicant=STRING,
    uploaded_at=DATETIME,
    decided_at=nullable(DATETIME),
)


class VisaRefusalShredder(DataShredder):
    name = "billing.visa_refusals"
    verbose_name = _("Visa refusal letters")
    keeps = _(
        "What a refund rested on stays (your choice, the decision and its dates); the letter "
        "itself is deleted."
    )
    schema = section(array(REFUSAL))

    def export(self, user) -> ExportSection:
        refusals = list(VisaRefusal.objects.filter(application__applicant=user).order_by("pk"))
        files = (
            exported_file("billing/visa-refusals", item.pk, item.original_name, item.file)
            for item in refusals
        )
        return ExportSection(
            data=[
                {
                    "id": item.pk,
                    "application_id": item.application_id,
                    "file_name": item.original_name,
                    "content_type": item.content_type,
                    "size": item.size,
                    "choice": item.choice,
                    "status": item.status,
                    "note_to_applicant": item.staff_note,
                    "uploaded_at": iso(item.uploaded_at),
                    "decided_at": iso(item.decided_at),
                }
                for item in refusals
            ],
            files=[file for file in files if file is not None],
        )

    def shred(self, user) -> None:
        erase_visa_refusals(user=user)

"""Invoices (with their lines and the credits on them) and what was paid against them:
payments, receipts, declared wire transfers, card checkouts, payments kept for a
replacement block."""

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.schema import (
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    iso,
    nullable,
    obj,
    section,
)

from ..models import CarriedPayment, CheckoutSession, Invoice, Payment, WireDeclaration
from ..services.privacy import erase_invoices, erase_payments
from .common import issued_files

LINE = obj(position=INTEGER, description=STRING, amount=INTEGER)
CREDIT = obj(
    credit_note_number=STRING,
    amount=INTEGER,
    currency=STRING,
    rule=STRING,
    explanation=STRING,
    issued_at=DATETIME,
)
INVOICE = obj(
    id=INTEGER,
    application_id=INTEGER,
    number=STRING,
    kind=STRING,
    status=STRING,
    currency=STRING,
    total=INTEGER,
    bill_to_name=STRING,
    bill_to_country=STRING,
    issued_at=DATETIME,
    due_date=DATE,
    paid_at=nullable(DATETIME),
    cancelled_at=nullable(DATETIME),
    lines=array(LINE),
    credits=array(CREDIT),
)


class InvoiceShredder(DataShredder):
    name = "billing.invoices"
    issued_kinds = ("invoice",)
    verbose_name = _("Invoices and credit notes")
    keeps = _(
        "Invoices and credit notes are tax records the law requires us to keep: their "
        "numbers, dates, lines and amounts stay, with the name billed replaced by “Erased”. "
        "Their PDFs are deleted."
    )
    schema = section(array(INVOICE))

    def export(self, user) -> ExportSection:
        invoices = list(
            Invoice.objects.filter(application__applicant=user)
            .prefetch_related("lines", "credits")
            .order_by("pk")
        )
        credits = [credit for invoice in invoices for credit in invoice.credits.all()]
        return ExportSection(
            data=[
                {
                    "id": invoice.pk,
                    "application_id": invoice.application_id,
                    "number": invoice.number,
                    "kind": invoice.kind,
                    "status": invoice.status,
                    "currency": invoice.currency,
                    "total": invoice.total,
                    "bill_to_name": invoice.bill_to_name,
                    "bill_to_country": invoice.bill_to_country,
                    "issued_at": iso(invoice.issued_at),
                    "due_date": iso(invoice.due_date),
                    "paid_at": iso(invoice.paid_at),
                    "cancelled_at": iso(invoice.cancelled_at),
                    "lines": [
                        {
                            "position": line.position,
                            "description": line.description,
                            "amount": line.amount,
                        }
                        for line in invoice.lines.all()
                    ],
                    "credits": [
                        {
                            "credit_note_number": credit.credit_note_number,
                            "amount": credit.amount,
                            "currency": credit.currency,
                            "rule": credit.rule,
                            "explanation": credit.explanation,
                            "issued_at": iso(credit.created_at),
                        }
                        for credit in invoice.credits.all()
                    ],
                }
                for invoice in invoices
            ],
            files=issued_files("billing/invoices", [i.issued_document_id for i in invoices])
            + issued_files("billing/credit-notes", [c.credit_note_id for c in credits]),
        )

    def shred(self, user) -> None:
        erase_invoices(user=user)


PAYMENT = obj(
    id=INTEGER,
    invoice_number=STRING,
    provider=STRING,
    method=STRING,
    amount=INTEGER,
    currency=STRING,
    reference=STRING,
    notes=STRING,
    received_at=DATETIME,
    receipt=nullable(STRING),
)
WIRE = obj(
    id=INTEGER,
    invoice_number=STRING,
    reference=STRING,
    status=STRING,
    declared_at=DATETIME,
    places_held_until=DATE,
    resolved_at=nullable(DATETIME),
)
CHECKOUT = obj(
    id=INTEGER,
    invoice_number=STRING,
    provider=STRING,
    amount=INTEGER,
    currency=STRING,
    status=STRING,
    started_at=DATETIME,
    expires_at=nullable(DATETIME),
)
CARRIED = obj(
    id=INTEGER,
    rotation_request_id=INTEGER,
    amount=INTEGER,
    currency=STRING,
    used_on_invoice=nullable(STRING),
    used_at=nullable(DATETIME),
    recorded_at=DATETIME,
)


class PaymentShredder(DataShredder):
    name = "billing.payments"
    issued_kinds = ("receipt",)
    verbose_name = _("Payments, receipts and wire transfers")
    keeps = _(
        "Payments are tax records the law requires us to keep: their amounts, dates and the "
        "bank's or card provider's references stay. Receipts' PDFs and notes about you are "
        "deleted."
    )
    schema = section(
        obj(
            payments=array(PAYMENT),
            wire_transfers=array(WIRE),
            card_checkouts=array(CHECKOUT),
            kept_for_replacement_blocks=array(CARRIED),
        )
    )

    def export(self, user) -> ExportSection:
        payments = list(
            Payment.objects.filter(invoice__application__applicant=user)
            .select_related("invoice", "receipt")
            .order_by("pk")
        )
        wires = WireDeclaration.objects.filter(application__applicant=user).select_related(
            "invoice"
        )
        checkouts = CheckoutSession.objects.filter(
            invoice__application__applicant=user
        ).select_related("invoice")
        carried = CarriedPayment.objects.filter(application__applicant=user).select_related(
            "used_on"
        )
        return ExportSection(
            data={
                "payments": [
                    {
                        "id": payment.pk,
                        "invoice_number": payment.invoice.number,
                        "provider": payment.provider,
                        "method": payment.method,
                        "amount": payment.amount,
                        "currency": payment.currency,
                        "reference": payment.reference,
                        "notes": payment.notes,
                        "received_at": iso(payment.received_at),
                        "receipt": payment.receipt.reference if payment.receipt_id else None,
                    }
                    for payment in payments
                ],
                "wire_transfers": [
                    {
                        "id": wire.pk,
                        "invoice_number": wire.invoice.number,
                        "reference": wire.reference,
                        "status": wire.status,
                        "declared_at": iso(wire.declared_at),
                        "places_held_until": iso(wire.holds_until),
                        "resolved_at": iso(wire.resolved_at),
                    }
                    for wire in wires.order_by("pk")
                ],
                "card_checkouts": [
                    {
                        "id": checkout.pk,
                        "invoice_number": checkout.invoice.number,
                        "provider": checkout.provider,
                        "amount": checkout.amount,
                        "currency": checkout.currency,
                        "status": checkout.status,
                        "started_at": iso(checkout.created_at),
                        "expires_at": iso(checkout.expires_at),
                    }
                    for checkout in checkouts.order_by("pk")
                ],
                "kept_for_replacement_blocks": [
                    {
                        "id": item.pk,
                        "rotation_request_id": item.rotation_request_id,
                        "amount": item.amount,
                        "currency": item.currency,
                        "used_on_invoice": item.used_on.number if item.used_on_id else None,
                        "used_at": iso(item.used_at),
                        "recorded_at": iso(item.created_at),
                    }
                    for item in carried.order_by("pk")
                ],
            },
            files=issued_files("billing/receipts", [p.receipt_id for p in payments]),
        )

    def shred(self, user) -> None:
        erase_payments(user=user)

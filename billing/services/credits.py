"""Credits on open invoices: a confirmed block is cancelled (by the applicant or by the
program, whatever the cause) while its line sits on an invoice not yet paid in full. That
invoice stops charging it: billing.credits.block_credits decides how much (the block's
unpaid part there, at most what the invoice still asks for), and credit_cancelled_block
writes it as an InvoiceCredit with its credit note (the refunds' gap-free series, a PDF
through hmc_portal.issuance) and emails the applicant "Invoice X now asks for Y". The paid
part of the block goes back as a refund (billing.services.refunds), in the same
transaction.

An invoice whose payments and credits reach its total is settled: paid when anything was
paid on it, cancelled (keeping its number) when nothing was."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification
from rotations.enums import RequestStatus

from ..credits import BlockCredit
from ..enums import InvoiceStatus, RefundRule
from ..errors import BillingError
from ..models import Invoice, InvoiceCredit
from ..money import format_money
from ..refunds import credits_for_block
from .credit_notes import credit_note_pdf, issue_credit_note, next_credit_note_number
from .invoices import credited_amount, paid_amount
from .refunds import _lock_invoices

if TYPE_CHECKING:
    from applications.models import Application
    from hmc_portal.users.models import User
    from rotations.models import RotationRequest


def _rule(application: Application, by: User | None) -> str:
    """Why the block went: the applicant cancelled it, or the program (its office) did."""
    if by is not None and by.pk == application.applicant_id:
        return RefundRule.AFTER_CONFIRMATION
    return RefundRule.PROGRAM_CANCELLED


def _block_description(invoice: Invoice, rotation_id: int) -> str:
    """The block's line as the (English) invoice printed it."""
    for line in invoice.lines.all():
        if line.rotation_id == rotation_id and line.amount > 0:
            return line.description
    return "Cancelled block"


def _credit_pdf(credit: InvoiceCredit, planned: BlockCredit, *, paid: int, credited: int):
    """The credit note of an invoice credit: the invoice it reduces, the block, the amount
    and what remains due (English)."""
    invoice = credit.invoice

    def money(amount: int) -> str:
        return format_money(amount, credit.currency, language="en")

    with translation.override("en"):
        rule = str(RefundRule(credit.rule).label)
    block = _block_description(invoice, planned.rotation_id)
    remaining = invoice.total - paid - credited
    earlier = credited - credit.amount
    return credit_note_pdf(
        number=credit.credit_note_number,
        date=credit.created_at,
        invoice=invoice,
        reason=rule,
        details=[("Block", block)],
        rows=[
            [f"Invoice {invoice.number} total", money(invoice.total)],
            [f"Paid on invoice {invoice.number}", money(paid)],
            *(
                [[f"Earlier credits on invoice {invoice.number}", money(-earlier)]]
                if earlier
                else []
            ),
            [f"Cancelled block: {block}", money(-credit.amount)],
        ],
        totals=[("Amount credited", money(credit.amount)), ("Balance due", money(remaining))],
        paragraph=(
            f"This credit note reduces invoice {invoice.number} by {money(credit.amount)}: the "
            f"unpaid part of a cancelled block is no longer charged. Invoice {invoice.number} "
            f"now asks for {money(remaining)}."
        ),
    )


def _email(credit: InvoiceCredit, *, balance: int) -> None:
    invoice = credit.invoice
    applicant = invoice.application.applicant
    with speaking_to(applicant):
        context = {
            "number": credit.credit_note_number,
            "invoice_number": invoice.number,
            "amount": format_money(credit.amount, credit.currency),
            "balance": format_money(balance, credit.currency),
            "settled": balance == 0,
            "explanation": credit.explanation,
            "payments_url": settings.SITE_URL + reverse("billing:payments"),
        }
    document = credit.credit_note
    queue_notification(
        to=applicant,
        template="invoice_credited",
        key=f"invoicecredit:{credit.pk}:issued",
        context=context,
        attachments=[Attachment(document.filename, "application/pdf", issued_document=document.pk)],
    )


def _settle(invoice: Invoice, *, paid: int, credited: int) -> None:
    """Payments and credits reach the total: paid if anything was paid, else cancelled."""
    if paid + credited != invoice.total:
        return
    now = timezone.now()
    if paid > 0:
        invoice.status, invoice.paid_at = InvoiceStatus.PAID, now
        invoice.save(update_fields=["status", "paid_at"])
    else:
        invoice.status, invoice.cancelled_at = InvoiceStatus.CANCELLED, now
        invoice.save(update_fields=["status", "cancelled_at"])


def credit_cancelled_block(
    *, application: Application, rotation_request: RotationRequest, by: User | None
) -> list[InvoiceCredit]:
    """The block of `rotation_request` (cancelled) stops being charged on the application's
    open invoices: one InvoiceCredit per open invoice charging it, for its unpaid part
    there, with its credit note and an email to the applicant. Runs in the caller's
    transaction (the cancellation), under the invoices' row locks; a second call for the
    same block credits nothing more. Refuses a request that is not cancelled. Logs
    `billing.invoice.credited` on each invoice. Returns the credits (none when nothing was
    owed for the block)."""
    if rotation_request.status != RequestStatus.CANCELLED:
        raise BillingError(_("Only a cancelled rotation is taken off an invoice."))
    rule = _rule(application, by)
    applicant = application.applicant
    credits = []
    with transaction.atomic():
        _lock_invoices(application)
        for planned in credits_for_block(
            application=application, rotation_request=rotation_request
        ):
            invoice = (
                Invoice.objects.select_for_update(of=("self",))
                .select_related("application__applicant")
                .get(pk=planned.invoice.pk)
            )
            paid = paid_amount(invoice)
            balance = planned.outstanding - planned.amount
            with speaking_to(applicant):
                explanation = _(
                    "The rotation %(rotation)s was cancelled, so invoice %(number)s no longer "
                    "charges its unpaid part, %(amount)s. The invoice now asks for %(balance)s."
                ) % {
                    "rotation": rotation_request.rotation,
                    "number": invoice.number,
                    "amount": format_money(planned.amount, invoice.currency),
                    "balance": format_money(balance, invoice.currency),
                }
            credit = InvoiceCredit.objects.create(
                invoice=invoice,
                rotation_id=planned.rotation_id,
                amount=planned.amount,
                currency=invoice.currency,
                rule=rule,
                explanation=explanation,
                credit_note_number=next_credit_note_number(timezone.now()),
                created_by=by,
            )
            credited = credited_amount(invoice)
            credit.credit_note = issue_credit_note(
                invoice=invoice,
                number=credit.credit_note_number,
                build=_credit_pdf(credit, planned, paid=paid, credited=credited),
                by=by,
            )
            credit.save(update_fields=["credit_note"])
            _settle(invoice, paid=paid, credited=credited)
            log_action(
                invoice,
                "billing.invoice.credited",
                by=by,
                person=applicant,
                data={
                    "credit_note": credit.credit_note_number,
                    "rotation": planned.rotation_id,
                    "amount": credit.amount,
                    "currency": credit.currency,
                    "balance": invoice.total - paid - credited,
                    "status": invoice.status,
                },
            )
            _email(credit, balance=invoice.total - paid - credited)
            credits.append(credit)
    return credits

"""Invoices, payments, receipts and declared wire transfers.

Every write locks the invoice's row (SELECT ... FOR UPDATE) first, so two people acting on
the same invoice at once take turns: the second sees what the first did (a payment already
recorded, a balance already reached) and is refused with a message. Each invoice and each
receipt is a PDF issued through hmc_portal.issuance (in English, with its verification
code), emailed to the applicant through the outbox with the PDF attached.

What billing charges, and when (what /dashboard/payments/ says in words):
- taking the offer (application -> confirmed): a deposit invoice, if the schedule in force
  has a deposit, due in BILLING_DEPOSIT_DUE_DAYS days; the application fee, if the schedule
  has one, rides on the application's first invoice;
- every chosen rotation confirmed (application -> enrolled): the balance invoice: the
  application fee and the confirmed blocks (billing.quotes.quote_plan, under the schedule
  of the application's first invoice, so the prices of the day the offer was taken hold),
  less what earlier invoices of the application charged. Due balance_due_days before the
  first block, but never in less than MIN_DAYS_TO_PAY days.
No schedule in force: no invoice; the status change goes on, and the log says why.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.issuance.rendering import written_date
from hmc_portal.issuance.services import IssuanceError, issue_document
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification
from rotations.enums import RequestStatus
from rotations.models import RotationRequest

from .. import providers
from ..enums import InvoiceKind, InvoiceStatus, WireStatus
from ..errors import BillingError
from ..models import FeeSchedule, Invoice, InvoiceLine, Payment, WireDeclaration, local_today
from ..money import format_money
from ..providers.manual import METHOD_CHOICES, wire_instructions
from ..quotes import quote_plan
from ..selectors import schedule_for_application, schedule_in_force
from .numbering import allocate_invoice_number, format_invoice_number

if TYPE_CHECKING:
    from applications.models import Application
    from hmc_portal.users.models import User

logger = logging.getLogger(__name__)

MIN_DAYS_TO_PAY = 7
MAX_REFERENCE = 120
MAX_NOTES = 2000


@dataclass(frozen=True)
class LineSpec:
    description: str
    amount: int
    rotation_id: int | None = None


# --- reading an invoice's money -------------------------------------------------------


def paid_amount(invoice: Invoice) -> int:
    """What the invoice's payments add up to (cents)."""
    return invoice.payments.aggregate(total=Sum("amount"))["total"] or 0


def credited_amount(invoice: Invoice) -> int:
    """What the invoice's credits (cancelled blocks no longer charged) add up to (cents)."""
    return invoice.credits.aggregate(total=Sum("amount"))["total"] or 0


def balance_of(invoice: Invoice) -> int:
    """What is still asked for on the invoice: its total less payments less credits."""
    return invoice.total - paid_amount(invoice) - credited_amount(invoice)


def _lock(invoice_id: int) -> Invoice:
    return (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "schedule")
        .get(pk=invoice_id)
    )


# --- issuing --------------------------------------------------------------------------


def _program_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)


def _bill_to(application: Application) -> tuple[str, str]:
    """The name and country printed on the invoice (the country's English name)."""
    applicant = application.applicant
    name = applicant.get_full_name() or applicant.email
    profile = getattr(applicant, "applicant_profile", None)
    with translation.override("en"):
        country = str(profile.country.name) if profile is not None and profile.country else ""
    return name, country


def _invoice_pdf(invoice: Invoice, lines: list[InvoiceLine], *, paid: int):
    """The body of an invoice's PDF (English; the frame adds the header, the holder, the
    reference and the verification code)."""
    currency = invoice.currency

    def money(amount: int) -> str:
        return format_money(amount, currency, language="en")

    def build(pdf) -> None:
        pdf.key_values(
            [
                ("Invoice number", invoice.number),
                ("Due date", written_date(invoice.due_date)),
                ("Bill to", invoice.bill_to_name),
                ("Country", invoice.bill_to_country or "-"),
                ("Application", f"{invoice.application.intake} observership program"),
                ("Fee schedule", invoice.schedule.name),
            ]
        )
        pdf.money_table(
            columns=["Description", f"Amount ({currency})"],
            rows=[[line.description, money(line.amount)] for line in lines],
            totals=[
                ("Total", money(invoice.total)),
                ("Paid", money(paid)),
                ("Balance due", money(invoice.total - paid)),
            ],
        )
        pdf.heading("How to pay", level=2)
        pdf.paragraph(
            f"Pay {money(invoice.total - paid)} by {written_date(invoice.due_date)}. "
            f"Write the invoice number {invoice.number} as the payment reference."
        )
        for line in wire_instructions().splitlines():
            pdf.paragraph(line, size=9)

    return build


def _receipt_pdf(payment: Payment, invoice: Invoice, *, paid: int, credited: int = 0):
    currency = payment.currency

    def money(amount: int) -> str:
        return format_money(amount, currency, language="en")

    # A manual payment names its method; a provider's payment (a card through Stripe) is
    # named by the provider.
    methods = dict(METHOD_CHOICES)
    if payment.method in methods:
        method = methods[payment.method]
    elif (provider := providers.get(payment.provider)) is not None:
        method = provider.label
    else:
        method = payment.method or payment.provider

    def build(pdf) -> None:
        with_en = str(method)
        pdf.key_values(
            [
                ("Received from", invoice.bill_to_name),
                ("Date received", written_date(timezone.localdate(payment.received_at))),
                ("Amount received", money(payment.amount)),
                ("Method", with_en),
                ("Payment reference", payment.reference),
                ("For invoice", invoice.number),
            ]
        )
        rows = [[f"Invoice {invoice.number}", money(invoice.total)]]
        if credited:
            rows.append(["Credited (cancelled blocks)", money(-credited)])
        pdf.money_table(
            columns=["Invoice", f"Amount ({currency})"],
            rows=rows,
            totals=[
                ("Paid to date", money(paid)),
                ("Balance due", money(invoice.total - credited - paid)),
            ],
        )
        pdf.paragraph("Thank you. This receipt confirms the payment above was received.")

    return build


def issue_invoice(
    *,
    application: Application,
    schedule: FeeSchedule,
    kind: str,
    lines: list[LineSpec],
    due_date: datetime.date,
    by: User | None = None,
) -> Invoice:
    """Number, store, render and email one invoice. Raises BillingError when the lines add
    up to nothing (nothing is written then). Runs inside the caller's transaction when there
    is one (a status change): the invoice, its number and its PDF commit or roll back with
    it."""
    if kind not in InvoiceKind.values:
        raise ValueError(f"Unknown invoice kind {kind!r}.")
    total = sum(line.amount for line in lines)
    if not lines or total <= 0:
        raise BillingError(_("An invoice needs lines that add up to more than nothing."))
    with transaction.atomic():
        issued_at = timezone.now()
        # The year of the program's day (Houston), as the PDF's date of issue reads.
        year = timezone.localdate(issued_at, timezone=_program_zone()).year
        sequence = allocate_invoice_number(year)
        name, country = _bill_to(application)
        invoice = Invoice.objects.create(
            application=application,
            schedule=schedule,
            kind=kind,
            number=format_invoice_number(year, sequence),
            year=year,
            sequence=sequence,
            currency=schedule.currency,
            total=total,
            bill_to_name=name[:200],
            bill_to_country=country[:100],
            issued_at=issued_at,
            due_date=due_date,
            created_by=by,
        )
        rows = InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                position=position,
                description=line.description[:300],
                amount=line.amount,
                rotation_id=line.rotation_id,
            )
            for position, line in enumerate(lines, start=1)
        )
        try:
            invoice.issued_document = issue_document(
                kind="invoice",
                owner=application.applicant,
                holder_name=name,
                title=f"Invoice {invoice.number}",
                reference=invoice.number,
                build=_invoice_pdf(invoice, rows, paid=0),
                by=by,
            )
        except IssuanceError as error:
            raise BillingError(str(error)) from error
        invoice.save(update_fields=["issued_document"])
        log_action(
            invoice,
            "billing.invoice.issued",
            by=by,
            person=application.applicant,
            data={
                "number": invoice.number,
                "kind": kind,
                "total": total,
                "currency": invoice.currency,
                "due_date": due_date,
            },
        )
        _email(invoice, "invoice_issued", f"invoice:{invoice.pk}:issued", invoice.issued_document)
    return invoice


def _email(invoice: Invoice, template: str, key: str, document=None, **extra) -> None:
    applicant = invoice.application.applicant
    currency = invoice.currency
    with speaking_to(applicant):  # the words and amounts in the applicant's language
        context = {
            "number": invoice.number,
            "kind": str(InvoiceKind(invoice.kind).label),
            "total": format_money(invoice.total, currency),
            "balance": format_money(balance_of(invoice), currency),
            "due_date": written(invoice.due_date, "date"),
            "payments_url": settings.SITE_URL + reverse("billing:payments"),
            **{
                name: format_money(value, currency) if name == "amount" else value
                for name, value in extra.items()
            },
        }
    attachments = (
        [Attachment(document.filename, "application/pdf", issued_document=document.pk)]
        if document is not None
        else []
    )
    queue_notification(
        to=applicant, template=template, key=key, context=context, attachments=attachments
    )


# --- what a status change issues ------------------------------------------------------


def _earlier_invoices(application: Application) -> list[Invoice]:
    return list(
        Invoice.objects.filter(application=application)
        .exclude(status=InvoiceStatus.CANCELLED)
        .order_by("issued_at", "pk")
    )


def _fee_line(schedule: FeeSchedule) -> list[LineSpec]:
    if schedule.application_fee <= 0:
        return []
    return [LineSpec("Application fee", schedule.application_fee)]


def invoice_offer_taken(*, application: Application, by: User | None = None) -> Invoice | None:
    """The applicant took the offer: the deposit invoice (with the application fee if no
    earlier invoice carried it), if the schedule in force has a deposit. Once per
    application; None when there is nothing to invoice (no schedule, no deposit, already
    invoiced)."""
    schedule = schedule_in_force()
    if schedule is None:
        logger.info(
            "No fee schedule in force: no deposit invoice for application %s.", application.pk
        )
        return None
    if schedule.deposit <= 0:
        return None
    earlier = _earlier_invoices(application)
    if any(invoice.kind == InvoiceKind.DEPOSIT for invoice in earlier):
        return None
    lines = [] if earlier else _fee_line(schedule)
    lines.append(LineSpec("Deposit to secure your observership place", schedule.deposit))
    due = local_today() + datetime.timedelta(days=settings.BILLING_DEPOSIT_DUE_DAYS)
    return issue_invoice(
        application=application,
        schedule=schedule,
        kind=InvoiceKind.DEPOSIT,
        lines=lines,
        due_date=due,
        by=by,
    )


def balance_due_date(first_due: datetime.date | None, *, today: datetime.date) -> datetime.date:
    """balance_due_days before the first block, but never in less than MIN_DAYS_TO_PAY."""
    earliest = today + datetime.timedelta(days=MIN_DAYS_TO_PAY)
    if first_due is None or first_due < earliest:
        return earliest
    return first_due


def invoice_rotations_confirmed(
    *, application: Application, by: User | None = None
) -> Invoice | None:
    """Every chosen rotation is confirmed: the balance invoice for the confirmed blocks,
    less what earlier invoices of the application charged. Once per application; None when
    there is no schedule, no confirmed block, or nothing left to charge."""
    earlier = _earlier_invoices(application)
    if any(invoice.kind == InvoiceKind.BALANCE for invoice in earlier):
        return None
    schedule, _fixed = schedule_for_application(application=application)
    if schedule is None:
        logger.info(
            "No fee schedule in force: no balance invoice for application %s.", application.pk
        )
        return None
    rotations = [
        request.rotation
        for request in RotationRequest.objects.filter(
            application=application, status=RequestStatus.CONFIRMED
        ).select_related("rotation__specialty", "rotation__site")
    ]
    if not rotations:
        return None
    with translation.override("en"):  # the lines are printed on the (English) invoice
        quote = quote_plan(schedule=schedule, blocks=rotations)
    by_start = sorted(rotations, key=lambda rotation: (rotation.start_date, rotation.pk))
    lines = _fee_line(schedule)
    for quote_line, rotation in zip(quote.lines, by_start, strict=True):
        description = quote_line.description
        if quote_line.discount:
            description = f"{description} ({quote_line.discount_label})"
        lines.append(LineSpec(description, quote_line.amount, rotation_id=rotation.pk))
    for invoice in earlier:
        lines.append(LineSpec(f"Less invoice {invoice.number}", -invoice.total))
    if sum(line.amount for line in lines) <= 0:
        logger.info("Nothing left to invoice for application %s.", application.pk)
        return None
    return issue_invoice(
        application=application,
        schedule=schedule,
        kind=InvoiceKind.BALANCE,
        lines=lines,
        due_date=balance_due_date(quote.balance_due, today=local_today()),
        by=by,
    )


# --- payments ---------------------------------------------------------------------------


def _received_at(received_on: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(received_on, datetime.datetime):
        return received_on
    return timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12)))


def record_payment(
    *,
    invoice: Invoice,
    provider: str,
    amount: int,
    currency: str,
    reference: str,
    received_on: datetime.date | datetime.datetime,
    method: str = "",
    notes: str = "",
    by: User | None = None,
) -> Payment:
    """Record money received against `invoice` through `provider` (any provider: the manual
    one through record_manual_payment, Stripe from its webhook), issue and email its
    receipt, and mark the invoice paid when the balance (total less payments less credits)
    reaches 0. Under the invoice's lock:
    refuses a cancelled or paid invoice, another currency, an amount of 0 or below or above
    the balance, and a reference the provider already recorded. Nothing is written when it
    refuses."""
    reference = (reference or "").strip()
    notes = (notes or "").strip()
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise BillingError(_("Enter an amount above zero."))
    if not reference:
        raise BillingError(_("Enter the payment's reference (from the bank or the terminal)."))
    if len(reference) > MAX_REFERENCE:
        raise BillingError(_("The reference is too long (120 characters at most)."))
    if len(notes) > MAX_NOTES:
        raise BillingError(_("The notes are too long (2,000 characters at most)."))
    if received_on is None:
        raise BillingError(_("Enter the date the payment was received."))
    with transaction.atomic():
        locked = _lock(invoice.pk)
        if locked.status == InvoiceStatus.CANCELLED:
            raise BillingError(_("Invoice %(number)s is cancelled.") % {"number": locked.number})
        if locked.status == InvoiceStatus.PAID:
            raise BillingError(
                _("Invoice %(number)s is already paid in full.") % {"number": locked.number}
            )
        if currency != locked.currency:
            raise BillingError(
                _("Invoice %(number)s is in %(currency)s.")
                % {"number": locked.number, "currency": locked.currency}
            )
        if Payment.objects.filter(provider=provider, reference=reference).exists():
            raise BillingError(
                _("A payment with the reference %(reference)s is already recorded.")
                % {"reference": reference}
            )
        paid = paid_amount(locked)
        credited = credited_amount(locked)
        balance = locked.total - paid - credited
        if amount > balance:
            raise BillingError(
                _(
                    "%(amount)s is more than the balance of invoice %(number)s "
                    "(%(balance)s). Record at most the balance."
                )
                % {
                    "amount": format_money(amount, locked.currency),
                    "number": locked.number,
                    "balance": format_money(balance, locked.currency),
                }
            )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    invoice=locked,
                    provider=provider,
                    amount=amount,
                    currency=currency,
                    reference=reference,
                    method=method,
                    notes=notes,
                    received_at=_received_at(received_on),
                    recorded_by=by,
                )
        except IntegrityError as error:  # the same reference on another invoice, at once
            raise BillingError(
                _("A payment with the reference %(reference)s is already recorded.")
                % {"reference": reference}
            ) from error
        paid += amount
        if paid + credited == locked.total:
            locked.status = InvoiceStatus.PAID
            locked.paid_at = timezone.now()
            locked.save(update_fields=["status", "paid_at"])
        payment.receipt = issue_document(
            kind="receipt",
            owner=locked.application.applicant,
            holder_name=locked.bill_to_name,
            title=f"Receipt for invoice {locked.number}",
            reference=f"{locked.number}-R{payment.pk}",
            build=_receipt_pdf(payment, locked, paid=paid, credited=credited),
            by=by,
        )
        payment.save(update_fields=["receipt"])
        WireDeclaration.objects.filter(
            invoice=locked, status=WireStatus.DECLARED, payment__isnull=True
        ).update(status=WireStatus.RECEIVED, payment=payment, resolved_at=timezone.now())
        log_action(
            locked,
            "billing.payment.recorded",
            by=by,
            person=locked.application.applicant,
            data={
                "payment": payment.pk,
                "provider": provider,
                "amount": amount,
                "currency": currency,
                "reference": reference,
                "paid_in_full": locked.status == InvoiceStatus.PAID,
            },
        )
        _email(
            locked,
            "payment_received",
            f"payment:{payment.pk}:receipt",
            payment.receipt,
            amount=amount,
            paid_in_full=locked.status == InvoiceStatus.PAID,
        )
    return payment


def record_manual_payment(
    *,
    invoice: Invoice,
    amount: int,
    reference: str,
    received_on: datetime.date,
    method: str = "wire",
    notes: str = "",
    by: User,
) -> Payment:
    """A coordinator records a wire transfer or a card terminal payment (see record_payment
    for what is refused)."""
    if method not in dict(METHOD_CHOICES):
        raise BillingError(_("Choose how the payment was made."))
    return record_payment(
        invoice=invoice,
        provider="manual",
        amount=amount,
        currency=invoice.currency,
        reference=reference,
        received_on=received_on,
        method=method,
        notes=notes,
        by=by,
    )


# --- declared wire transfers ----------------------------------------------------------


def declare_wire(*, invoice: Invoice, by: User, reference: str = "") -> WireDeclaration:
    """The applicant says they sent a wire transfer for `invoice`: their places are held for
    BILLING_WIRE_HOLD_DAYS days while staff wait for it. A second declaration while one is
    open returns the open one."""
    reference = (reference or "").strip()
    if len(reference) > MAX_REFERENCE:
        raise BillingError(_("The reference is too long (120 characters at most)."))
    with transaction.atomic():
        locked = _lock(invoice.pk)
        if locked.application.applicant_id != by.pk:
            raise BillingError(_("This invoice is not yours."))
        if locked.status != InvoiceStatus.OPEN:
            raise BillingError(_("This invoice has nothing left to pay."))
        existing = WireDeclaration.objects.filter(
            invoice=locked, status=WireStatus.DECLARED
        ).first()
        if existing is not None:
            return existing
        today = local_today()
        declaration = WireDeclaration.objects.create(
            application=locked.application,
            invoice=locked,
            declared_at=timezone.now(),
            holds_until=today + datetime.timedelta(days=settings.BILLING_WIRE_HOLD_DAYS),
            reference=reference,
        )
        log_action(
            declaration,
            "billing.wire.declared",
            by=by,
            person=by,
            data={"invoice": locked.number, "holds_until": declaration.holds_until},
        )
    return declaration


def confirm_wire_received(
    *,
    declaration: WireDeclaration,
    amount: int,
    reference: str,
    received_on: datetime.date,
    by: User,
) -> Payment:
    """Staff confirm a declared wire arrived: the manual payment is recorded (which marks
    the declaration received)."""
    declaration = WireDeclaration.objects.select_related("invoice").get(pk=declaration.pk)
    if declaration.status != WireStatus.DECLARED:
        raise BillingError(_("This declared transfer is already settled."))
    return record_manual_payment(
        invoice=declaration.invoice,
        amount=amount,
        reference=reference,
        received_on=received_on,
        method="wire",
        by=by,
    )


def lapse_wire_declarations(*, today: datetime.date | None = None) -> int:
    """Declarations whose hold ended without the money arriving lapse (the clock's job).
    Returns how many."""
    today = today or local_today()
    count = 0
    for pk in WireDeclaration.objects.filter(
        status=WireStatus.DECLARED, holds_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            declaration = (
                WireDeclaration.objects.select_for_update().select_related("application").get(pk=pk)
            )
            if declaration.status != WireStatus.DECLARED:
                continue
            declaration.status = WireStatus.LAPSED
            declaration.resolved_at = timezone.now()
            declaration.save(update_fields=["status", "resolved_at"])
            log_action(
                declaration,
                "billing.wire.lapsed",
                by=None,
                person=declaration.application.applicant,
                data={"holds_until": declaration.holds_until},
            )
            count += 1
    return count

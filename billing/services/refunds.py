"""Refunds and credit notes, and the visa refusal letters that lead to one.

propose_refunds: what the cancelling paths ask for (through billing.receivers): the rule of
billing.refunds.refund_for turned into Refund rows (one per invoice with money to give
back, status proposed) and the open invoices cancelled.
approve_refund: a coordinator approves; the credit note is numbered (its own gap-free
series) and issued as a PDF, the applicant is emailed with it, and the refund goes to the
payment's provider (Stripe sends it; a wire or a card terminal payment is marked for staff
to pay by wire).
mark_refund_paid: staff wired the money back, with the transfer's reference.
reject_refund: a proposal staff turn down (the applicant chose a replacement block or a
later intake instead), with a reason.

Every write locks the invoice first (then the refund), so "never more than was paid on the
invoice less earlier refunds" is checked against what is committed.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications import files  # the checks every applicant's upload goes through
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification
from rotations import services as rotation_services
from rotations.enums import ACTIVE_REQUEST_STATUSES, CancelCause
from rotations.errors import PlacementError

from .. import providers
from ..enums import (
    COUNTED_REFUND_STATUSES,
    InvoiceStatus,
    RefundRule,
    RefundStatus,
    VisaRefusalChoice,
    VisaRefusalStatus,
)
from ..errors import BillingError
from ..models import CarriedPayment, Invoice, Payment, Refund, VisaRefusal
from ..money import format_money
from ..refunds import Reason, refund_for
from .credit_notes import credit_note_pdf, issue_credit_note, next_credit_note_number
from .invoices import paid_amount

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from applications.models import Application
    from hmc_portal.users.models import User
    from rotations.models import RotationRequest

MAX_REFERENCE = 120
MAX_NOTE = 2000
APPROVE_PERMISSION = "billing.approve_refund"
VERIFY_PERMISSION = "billing.change_visarefusal"


def may_approve_refunds(user) -> bool:
    """Coordinators (and superusers): approve, pay and reject refunds."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(APPROVE_PERMISSION))


def may_verify_visa_refusals(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perm(VERIFY_PERMISSION))


def refundable(invoice: Invoice, *, excluding: Refund | None = None) -> int:
    """What is left to give back on `invoice`: paid less the refunds counted against it."""
    refunds = Refund.objects.filter(invoice=invoice, status__in=COUNTED_REFUND_STATUSES)
    if excluding is not None:
        refunds = refunds.exclude(pk=excluding.pk)
    return paid_amount(invoice) - sum(refunds.values_list("amount", flat=True))


def _lock_invoices(application: Application) -> list[Invoice]:
    return list(
        Invoice.objects.select_for_update(of=("self",))
        .filter(application=application)
        .order_by("pk")
    )


def _refunded_payment(invoice: Invoice) -> Payment | None:
    """The payment a refund goes back through: the invoice's latest."""
    return invoice.payments.order_by("-received_at", "-pk").first()


def propose_refunds(
    *,
    application: Application,
    reason: str,
    by: User | None,
    rotation_request: RotationRequest | None = None,
    now: datetime.datetime | None = None,
) -> list[Refund]:
    """Turn the refund rule for `reason` into proposed refunds (one per invoice with money
    to give back; the explanation in the applicant's language) and cancel the open invoices
    of an applicant who leaves. Runs in the caller's transaction (a status change, a
    cancellation), under the invoices' row locks. Logs `billing.refund.proposed` for each
    refund and `billing.invoice.cancelled` for each cancelled invoice. Returns the refunds
    (none when nothing was paid)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_invoices(application)
        with speaking_to(application.applicant):
            quote = refund_for(
                application=application,
                reason=reason,
                now=now,
                rotation_request=rotation_request,
            )
        refunds = []
        for line in quote.lines:
            if line.refunded > 0:
                if line.refunded > refundable(line.invoice):
                    raise BillingError(_("A refund cannot be more than what is left to refund."))
                payment = _refunded_payment(line.invoice)
                refund = Refund.objects.create(
                    invoice=line.invoice,
                    payment=payment,
                    rotation_id=line.rotation_id,
                    amount=line.refunded,
                    currency=line.invoice.currency,
                    rule=quote.rule,
                    explanation=quote.explanation,
                    provider=payment.provider if payment is not None else "manual",
                    created_by=by,
                )
                log_action(
                    refund,
                    "billing.refund.proposed",
                    by=by,
                    person=application.applicant,
                    data={
                        "invoice": line.invoice.number,
                        "rule": quote.rule,
                        "paid": line.paid,
                        "kept": line.kept,
                        "amount": line.refunded,
                        "currency": refund.currency,
                    },
                )
                refunds.append(refund)
            if line.cancel:
                _cancel_invoice(line.invoice, by=by, reason=reason)
    return refunds


def _cancel_invoice(invoice: Invoice, *, by: User | None, reason: str) -> None:
    invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
    if invoice.status != InvoiceStatus.OPEN:
        return
    invoice.status = InvoiceStatus.CANCELLED
    invoice.cancelled_at = timezone.now()
    invoice.save(update_fields=["status", "cancelled_at"])
    log_action(
        invoice,
        "billing.invoice.cancelled",
        by=by,
        person=invoice.application.applicant,
        data={"number": invoice.number, "reason": reason, "paid": paid_amount(invoice)},
    )


def _lock_refund(refund: Refund) -> tuple[Invoice, Refund]:
    invoice = (
        Invoice.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "schedule")
        .get(pk=refund.invoice_id)
    )
    locked = (
        Refund.objects.select_for_update(of=("self",)).select_related("payment").get(pk=refund.pk)
    )
    locked.invoice = invoice
    return invoice, locked


def _status_refusal(refund: Refund) -> BillingError:
    return BillingError(
        _("This refund is %(status)s already.")
        % {"status": str(RefundStatus(refund.status).label).lower()}
    )


def _credit_note_pdf(refund: Refund, invoice: Invoice):
    """The body of a refund's credit note (English, like every issued document)."""

    def money(amount: int) -> str:
        return format_money(amount, refund.currency, language="en")

    with translation.override("en"):
        rule = str(RefundRule(refund.rule).label)
    return credit_note_pdf(
        number=refund.credit_note_number,
        date=refund.approved_at,
        invoice=invoice,
        reason=rule,
        rows=[
            [f"Invoice {invoice.number} total", money(invoice.total)],
            [f"Paid on invoice {invoice.number}", money(paid_amount(invoice))],
            [f"Refund: {rule}", money(-refund.amount)],
        ],
        totals=[("Amount credited", money(refund.amount))],
        paragraph=(
            f"This credit note gives back {money(refund.amount)} of what was paid on "
            f"invoice {invoice.number}, under the program's refund rules ({rule.lower()})."
        ),
    )


def _email(refund: Refund, template: str, key: str, *, document=None) -> None:
    invoice = refund.invoice
    applicant = invoice.application.applicant
    with speaking_to(applicant):
        context = {
            "number": refund.credit_note_number,
            "invoice_number": invoice.number,
            "amount": format_money(refund.amount, refund.currency),
            "rule": str(RefundRule(refund.rule).label),
            "explanation": refund.explanation,
            "by_wire": refund.status == RefundStatus.APPROVED,
            "reference": refund.provider_reference,
            "paid_on": written(timezone.localdate(refund.paid_at), "date")
            if refund.paid_at
            else "",
            "payments_url": settings.SITE_URL + reverse("billing:refunds"),
        }
    attachments = (
        [Attachment(document.filename, "application/pdf", issued_document=document.pk)]
        if document is not None
        else []
    )
    queue_notification(
        to=applicant, template=template, key=key, context=context, attachments=attachments
    )


def approve_refund(*, refund: Refund, by: User) -> Refund:
    """A coordinator approves a proposed refund: checks it is still within what was paid on
    the invoice less the other refunds, numbers and issues the credit note PDF, emails it
    to the applicant, and hands the refund to the payment's provider (sent: Stripe; kept
    approved, to pay by wire: manual, or a provider that cannot refund). Refuses anyone
    else, and a refund that is not proposed (approving twice). Logs
    `billing.refund.approved` (and `billing.refund.sent`)."""
    if not may_approve_refunds(by):
        raise BillingError(_("Only a coordinator can approve a refund."))
    with transaction.atomic():
        invoice, refund = _lock_refund(refund)
        if refund.status != RefundStatus.PROPOSED:
            raise _status_refusal(refund)
        left = refundable(invoice, excluding=refund)
        if refund.amount > left:
            raise BillingError(
                _(
                    "%(amount)s is more than what is left to refund on invoice %(number)s "
                    "(%(left)s)."
                )
                % {
                    "amount": format_money(refund.amount, refund.currency),
                    "number": invoice.number,
                    "left": format_money(max(left, 0), refund.currency),
                }
            )
        now = timezone.now()
        refund.credit_note_number = next_credit_note_number(now)
        refund.status = RefundStatus.APPROVED
        refund.approved_by, refund.approved_at = by, now
        refund.credit_note = issue_credit_note(
            invoice=invoice,
            number=refund.credit_note_number,
            build=_credit_note_pdf(refund, invoice),
            by=by,
        )
        refund.save(
            update_fields=[
                "credit_note_number",
                "credit_note",
                "status",
                "approved_by",
                "approved_at",
                "updated_at",
            ]
        )
        log_action(
            refund,
            "billing.refund.approved",
            by=by,
            person=invoice.application.applicant,
            data={
                "credit_note": refund.credit_note_number,
                "invoice": invoice.number,
                "amount": refund.amount,
                "currency": refund.currency,
            },
        )
        # Last, so that nothing of ours can fail after the provider moved money.
        _send_to_provider(refund, by=by)
        _email(
            refund,
            "refund_approved",
            f"refund:{refund.pk}:approved",
            document=refund.credit_note,
        )
    return refund


def _send_to_provider(refund: Refund, *, by: User) -> None:
    provider = providers.get(refund.provider)
    if provider is None or refund.payment is None:
        return
    try:
        result = provider.refund(refund.payment, refund.amount, key=f"refund-{refund.pk}")
    except providers.RefundNotSupported:
        return  # stays approved: staff pay it by wire
    if not result.sent:
        return
    refund.status = RefundStatus.SENT
    refund.provider_reference = result.reference[:MAX_REFERENCE]
    refund.save(update_fields=["status", "provider_reference", "updated_at"])
    log_action(
        refund,
        "billing.refund.sent",
        by=by,
        person=refund.invoice.application.applicant,
        data={"provider": refund.provider, "reference": refund.provider_reference},
    )


def mark_refund_paid(*, refund: Refund, reference: str, paid_on: datetime.date, by: User) -> Refund:
    """Staff wired an approved refund back: records the transfer's reference and the date,
    and tells the applicant. Refuses anyone but a coordinator, a refund not approved (a
    proposal, one already paid or sent), and an empty or over-long reference. Logs
    `billing.refund.paid`."""
    if not may_approve_refunds(by):
        raise BillingError(_("Only a coordinator can mark a refund paid."))
    reference = (reference or "").strip()
    if not reference:
        raise BillingError(_("Enter the wire transfer's reference."))
    if len(reference) > MAX_REFERENCE:
        raise BillingError(_("The reference is too long (120 characters at most)."))
    if paid_on is None:
        raise BillingError(_("Enter the date the money was sent."))
    with transaction.atomic():
        invoice, refund = _lock_refund(refund)
        if refund.status != RefundStatus.APPROVED:
            raise _status_refusal(refund)
        refund.status = RefundStatus.PAID
        refund.provider_reference = reference
        refund.paid_at = timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))
        refund.save(update_fields=["status", "provider_reference", "paid_at", "updated_at"])
        log_action(
            refund,
            "billing.refund.paid",
            by=by,
            person=invoice.application.applicant,
            data={"reference": reference, "paid_on": paid_on, "amount": refund.amount},
        )
        _email(refund, "refund_paid", f"refund:{refund.pk}:paid")
    return refund


def reject_refund(*, refund: Refund, reason: str, by: User) -> Refund:
    """Turn down a proposed refund, with the reason (the applicant chose a replacement
    block or a later intake, the proposal was a mistake). Coordinators only. Logs
    `billing.refund.rejected`."""
    if not may_approve_refunds(by):
        raise BillingError(_("Only a coordinator can reject a refund."))
    reason = (reason or "").strip()
    if not reason:
        raise BillingError(_("Say why the refund is rejected."))
    if len(reason) > MAX_NOTE:
        raise BillingError(_("The reason is too long (2,000 characters at most)."))
    with transaction.atomic():
        invoice, refund = _lock_refund(refund)
        if refund.status != RefundStatus.PROPOSED:
            raise _status_refusal(refund)
        refund.status = RefundStatus.REJECTED
        refund.note = reason
        refund.rejected_at = timezone.now()
        refund.save(update_fields=["status", "note", "rejected_at", "updated_at"])
        log_action(
            refund,
            "billing.refund.rejected",
            by=by,
            person=invoice.application.applicant,
            data={"reason": reason, "amount": refund.amount},
        )
    return refund


# --- visa refusal letters ------------------------------------------------------------------


def submit_visa_refusal(
    *, application: Application, upload: UploadedFile, choice: str, by: User
) -> VisaRefusal:
    """The applicant uploads their visa refusal letter (a PDF, JPEG or PNG, checked by its
    bytes and scanned like every document; stored privately under a random key) with what
    they ask for: a full refund or postponing to a later intake. One letter waits at a time.
    Logs `billing.visarefusal.uploaded`."""
    if application.applicant_id != by.pk:
        raise BillingError(_("This application is not yours."))
    if choice not in VisaRefusalChoice.values:
        raise BillingError(_("Choose a full refund or postponing to a later intake."))
    try:
        checked = files.inspect_upload(upload)
    except files.InvalidDocument as error:
        raise BillingError(str(error)) from error
    with transaction.atomic():
        if VisaRefusal.objects.filter(
            application=application, status=VisaRefusalStatus.PENDING
        ).exists():
            raise BillingError(
                _("Your letter is already with the program office. We will email you.")
            )
        refusal = VisaRefusal(
            application=application,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            choice=choice,
        )
        content = upload if checked.content is None else checked.content
        refusal.file.save(checked.name, File(content), save=False)
        refusal.save()
        log_action(
            refusal,
            "billing.visarefusal.uploaded",
            by=by,
            person=by,
            data={"choice": choice, "name": checked.name, "size": checked.size},
        )
    return refusal


def _email_refusal_decided(
    refusal: VisaRefusal, *, refunded: int = 0, currency: str = "", kept=()
) -> None:
    """Tell the applicant what became of their letter (the template reads the status; a
    postponement lists what is kept for which released block)."""
    applicant = refusal.application.applicant
    with speaking_to(applicant):
        context = {
            "status": refusal.status,
            "choice": refusal.choice,
            "note": refusal.staff_note,
            "amount": format_money(refunded, currency) if refunded else "",
            "kept": [
                {
                    "block": str(carried.rotation_request.rotation),
                    "amount": format_money(carried.amount, carried.currency),
                }
                for carried in kept
                if carried.amount
            ],
            "refunds_url": settings.SITE_URL + reverse("billing:refunds"),
            "rotations_url": settings.SITE_URL + reverse("rotations:choose"),
        }
    queue_notification(
        to=applicant,
        template="visa_refusal_decided",
        key=f"visarefusal:{refusal.pk}:{refusal.status}",
        context=context,
    )


def _lock_pending_refusal(refusal: VisaRefusal) -> VisaRefusal:
    """The refusal letter, locked, still waiting for a decision (or BillingError)."""
    refusal = (
        VisaRefusal.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=refusal.pk)
    )
    if refusal.status != VisaRefusalStatus.PENDING:
        raise BillingError(_("This letter was decided already."))
    return refusal


def verify_visa_refusal(*, refusal: VisaRefusal, by: User) -> list[Refund]:
    """Staff checked the letter: it is verified; if the applicant asked for a refund, the
    full refund is proposed (billing.refunds: visa denied); if they postpone, their places
    are released (rotations.services.release_places, cause visa postponed: each confirmed
    block gives them a replacement allowance for a later one) and no refund is proposed:
    what was paid for each confirmed block is kept for its replacement (CarriedPayment,
    recorded by billing.receivers as each block is released; the block's unpaid part on an
    open invoice is credited there too). Emails the applicant. Logs
    `billing.visarefusal.verified`."""
    if not may_verify_visa_refusals(by):
        raise BillingError(_("Only a coordinator can verify a visa refusal."))
    with transaction.atomic():
        refusal = _lock_pending_refusal(refusal)
        refusal.status = VisaRefusalStatus.VERIFIED
        refusal.decided_by, refusal.decided_at = by, timezone.now()
        refusal.save(update_fields=["status", "decided_by", "decided_at"])
        log_action(
            refusal,
            "billing.visarefusal.verified",
            by=by,
            person=refusal.application.applicant,
            data={"choice": refusal.choice},
        )
        refunds, kept = [], []
        if refusal.choice == VisaRefusalChoice.REFUND:
            refunds = propose_refunds(
                application=refusal.application, reason=Reason.VISA_DENIED, by=by
            )
        else:
            kept = _release_for_postponement(refusal, by=by)
        _email_refusal_decided(
            refusal,
            refunded=sum(refund.amount for refund in refunds),
            currency=refunds[0].currency if refunds else "",
            kept=kept,
        )
        return refunds


def _postponed_reason(application) -> str:
    """Why the places were released, in the words of the applicant who reads it."""
    with speaking_to(application.applicant):
        return _("Postponed after a visa refusal.")


def _release_for_postponement(refusal: VisaRefusal, *, by: User) -> list[CarriedPayment]:
    """The applicant postpones: release their active places (none: nothing to release) and
    return the payments kept for the confirmed blocks released."""
    application = refusal.application
    if not application.rotation_requests.filter(status__in=ACTIVE_REQUEST_STATUSES).exists():
        return []
    try:
        released = rotation_services.release_places(
            application=application,
            by=by,
            cause=CancelCause.VISA_POSTPONED,
            reason=_postponed_reason(application),
        )
    except PlacementError as error:
        raise BillingError(str(error)) from error
    return list(
        CarriedPayment.objects.filter(rotation_request__in=released)
        .select_related("rotation_request__rotation__specialty")
        .order_by("rotation_request__rotation__start_date", "pk")
    )


def reject_visa_refusal(*, refusal: VisaRefusal, note: str, by: User) -> VisaRefusal:
    """Staff cannot accept the letter (unreadable, not a refusal): rejected with a note the
    applicant reads (on the page and by email); they may upload another. Logs
    `billing.visarefusal.rejected`."""
    if not may_verify_visa_refusals(by):
        raise BillingError(_("Only a coordinator can decide on a visa refusal."))
    note = (note or "").strip()
    if not note:
        raise BillingError(_("Say why the letter is not accepted."))
    if len(note) > MAX_NOTE:
        raise BillingError(_("The reason is too long (2,000 characters at most)."))
    with transaction.atomic():
        refusal = _lock_pending_refusal(refusal)
        refusal.status = VisaRefusalStatus.REJECTED
        refusal.staff_note = note
        refusal.decided_by, refusal.decided_at = by, timezone.now()
        refusal.save(update_fields=["status", "staff_note", "decided_by", "decided_at"])
        log_action(
            refusal,
            "billing.visarefusal.rejected",
            by=by,
            person=refusal.application.applicant,
            data={"note": note},
        )
        _email_refusal_decided(refusal)
    return refusal

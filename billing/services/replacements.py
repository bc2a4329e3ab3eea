"""A replacement block instead of a refund: the money paid for a block that did not run
stays with the program (CarriedPayment) and pays for the block that replaces it.

choose_replacement: the program cancelled a confirmed block; its applicant chooses a
replacement block instead of the refund (their proposed refunds become "replaced", the
rotations app grants the replacement allowance).
carry_block_payment: a block released because the visa was refused and the applicant
postpones (billing.receivers, before the open invoice's unpaid part is credited): what was
paid for it is kept.
invoice_replacement: the replacement block is confirmed (billing.receivers): a supplementary
invoice for it, priced like the block it replaces, less what was paid for that one; none
when nothing is left to pay.

Lock order, as every placement writer: the application, then the invoices (then the
refunds and the rotation request).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from rotations import services as rotation_services
from rotations.errors import PlacementError

from ..enums import InvoiceKind, InvoiceStatus, RefundStatus
from ..errors import BillingError
from ..models import CarriedPayment, Invoice, InvoiceLine, Refund, local_today
from ..money import format_money
from ..quotes import block_description
from ..refunds import Reason, net_paid, refund_for
from ..replacements import replacement_choices
from .invoices import LineSpec, balance_due_date, issue_invoice

if TYPE_CHECKING:
    from hmc_portal.users.models import User
    from rotations.models import ReplacementAllowance, RotationRequest


def _lock_invoices(application) -> list[Invoice]:
    return list(
        Invoice.objects.select_for_update(of=("self",))
        .filter(application=application)
        .order_by("pk")
    )


def _log_carried(carried: CarriedPayment, *, by: User | None, why: str) -> None:
    log_action(
        carried,
        "billing.payment.carried",
        by=by,
        person=carried.application.applicant,
        data={
            "rotation_request": carried.rotation_request_id,
            "amount": carried.amount,
            "currency": carried.currency,
            "why": why,
        },
    )


def choose_replacement(*, rotation_request: RotationRequest, by: User) -> CarriedPayment:
    """The applicant of a block the program cancelled chooses a replacement block instead
    of its refund: the refunds proposed for the block become REPLACED (no longer counted),
    what they gave back is kept for the replacement (CarriedPayment: what was paid for the
    block, as billing.refunds' program-cancelled rule computed it when the block was
    cancelled; 0 when nothing had been paid), and rotations.services.grant_replacement lets
    them choose the new block. Only the applicant, for their own block, once, while every
    refund for it is still proposed. Emails the applicant; logs `billing.refund.replaced`
    per refund and `billing.payment.carried`."""
    application = rotation_request.application
    if by is None or application.applicant_id != by.pk:
        raise BillingError(_("Only the applicant can choose a replacement block."))
    with transaction.atomic():
        application = application_for_update(application_id=application.pk)
        _lock_invoices(application)
        if CarriedPayment.objects.filter(rotation_request=rotation_request).exists():
            raise BillingError(_("You chose a replacement block for this rotation already."))
        choices = replacement_choices(application=application, rotation_request=rotation_request)
        if not choices:
            raise BillingError(
                _(
                    "This rotation has no replacement block to choose: only a confirmed block "
                    "the program cancelled does, until its refund is approved."
                )
            )
        (choice,) = choices
        refunds = list(
            Refund.objects.select_for_update(of=("self",))
            .filter(pk__in=[refund.pk for refund in choice.refunds])
            .select_related("invoice")
            .order_by("pk")
        )
        for refund in refunds:
            if refund.status != RefundStatus.PROPOSED:  # decided while we waited for the lock
                raise BillingError(_("The program office has decided on this refund already."))
            refund.status = RefundStatus.REPLACED
            refund.save(update_fields=["status", "updated_at"])
            log_action(
                refund,
                "billing.refund.replaced",
                by=by,
                person=application.applicant,
                data={"invoice": refund.invoice.number, "amount": refund.amount},
            )
        carried = CarriedPayment.objects.create(
            application=application,
            rotation_request=rotation_request,
            amount=sum(refund.amount for refund in refunds),
            currency=refunds[0].currency if refunds else choice.currency,
            created_by=by,
        )
        _log_carried(carried, by=by, why="replacement_chosen")
        try:
            rotation_services.grant_replacement(rotation_request=rotation_request, by=by)
        except PlacementError as error:
            raise BillingError(str(error)) from error
        _email_chosen(carried)
    return carried


def _email_chosen(carried: CarriedPayment) -> None:
    applicant = carried.application.applicant
    rotation = carried.rotation_request.rotation
    with speaking_to(applicant):
        context = {
            "block": str(rotation),
            "amount": format_money(carried.amount, carried.currency) if carried.amount else "",
            "rotations_url": settings.SITE_URL + reverse("rotations:choose"),
            "refunds_url": settings.SITE_URL + reverse("billing:refunds"),
        }
    queue_notification(
        to=applicant,
        template="replacement_chosen",
        key=f"carried:{carried.pk}:chosen",
        context=context,
    )


def block_paid_for(*, rotation_request: RotationRequest) -> int:
    """What was paid for a confirmed block, by billing.refunds' rule for a block the
    program cancelled (everything paid for it), at most what the application's payments
    still hold beyond the application fee and the payments already kept for other blocks
    (the rule reads each block alone; blocks released together must not share money)."""
    application = rotation_request.application
    quote = refund_for(
        application=application,
        reason=Reason.PROGRAM_CANCELLED,
        now=timezone.now(),
        rotation_request=rotation_request,
    )
    invoices = list(
        Invoice.objects.filter(application=application)
        .exclude(status=InvoiceStatus.CANCELLED)
        .select_related("schedule")
        .order_by("issued_at", "pk")
    )
    if not invoices:
        return 0
    held = sum(net_paid(invoice) for invoice in invoices) - invoices[0].schedule.application_fee
    kept = sum(
        CarriedPayment.objects.filter(application=application, used_at__isnull=True)
        .exclude(rotation_request=rotation_request)
        .values_list("amount", flat=True)
    )
    return max(0, min(quote.paid, held - kept))


def carry_block_payment(*, rotation_request: RotationRequest, by: User | None) -> CarriedPayment:
    """Keep what was paid for a confirmed block released after a visa refusal (the
    applicant postpones: billing.receivers calls this for each block released, before the
    block's unpaid part is credited on its open invoice). Once per block: a second call
    returns the first record. Logs `billing.payment.carried`."""
    application = rotation_request.application
    with transaction.atomic():
        invoices = _lock_invoices(application)
        existing = CarriedPayment.objects.filter(rotation_request=rotation_request).first()
        if existing is not None:
            return existing
        carried = CarriedPayment.objects.create(
            application=application,
            rotation_request=rotation_request,
            amount=block_paid_for(rotation_request=rotation_request),
            currency=invoices[0].currency if invoices else settings.BILLING_CURRENCY,
            created_by=by,
        )
        _log_carried(carried, by=by, why="visa_postponed")
    return carried


def _replaced_line(application, rotation_request: RotationRequest) -> InvoiceLine | None:
    """The invoice line that charged the replaced block (the latest, if billed twice)."""
    return (
        InvoiceLine.objects.filter(
            invoice__application=application,
            rotation_id=rotation_request.rotation_id,
            amount__gt=0,
        )
        .select_related("invoice__schedule")
        .order_by("-invoice__issued_at", "-pk")
        .first()
    )


def invoice_replacement(
    *, rotation_request: RotationRequest, allowance: ReplacementAllowance, by: User | None
) -> Invoice | None:
    """The replacement block `rotation_request` is confirmed: a supplementary invoice (kind
    other) for it, priced like the block it replaces (that block's invoice line: like for
    like), less the payment kept for that block; due like a balance (balance_due_days
    before the block, never in less than a week). No invoice when nothing is left to pay,
    or when the replaced block was never invoiced (the balance invoice, still to come,
    charges the confirmed replacement). The kept payment is marked used either way. Once
    per replacement. Logs `billing.payment.carried_used`."""
    application = rotation_request.application
    replaced = allowance.replaces
    with transaction.atomic():
        _lock_invoices(application)
        carried = (
            CarriedPayment.objects.select_for_update(of=("self",))
            .filter(rotation_request=replaced)
            .first()
        )
        if carried is not None and carried.is_used:
            return None
        kept = carried.amount if carried is not None else 0
        line = _replaced_line(application, replaced)
        invoice = None
        if line is not None and line.amount - kept > 0:
            schedule = line.invoice.schedule
            rotation = rotation_request.rotation
            with translation.override("en"):  # printed on the (English) invoice
                lines = [
                    LineSpec(
                        f"Replacement block: {block_description(rotation)}",
                        line.amount,
                        rotation_id=rotation.pk,
                    )
                ]
                if kept:
                    lines.append(
                        LineSpec(f"Less paid for {block_description(replaced.rotation)}", -kept)
                    )
            first_due = rotation.start_date - datetime.timedelta(days=schedule.balance_due_days)
            invoice = issue_invoice(
                application=application,
                schedule=schedule,
                kind=InvoiceKind.OTHER,
                lines=lines,
                due_date=balance_due_date(first_due, today=local_today()),
                by=by,
            )
        if carried is not None:
            carried.used_on = invoice
            carried.used_at = timezone.now()
            carried.save(update_fields=["used_on", "used_at"])
            log_action(
                carried,
                "billing.payment.carried_used",
                by=by,
                person=application.applicant,
                data={
                    "rotation_request": rotation_request.pk,
                    "invoice": invoice.number if invoice is not None else "",
                    "amount": carried.amount,
                },
            )
    return invoice

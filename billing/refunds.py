"""The refund rules, as data and arithmetic: what goes back to an applicant who leaves, and
why, in the reader's language. Reads the application's invoices, payments and earlier
refunds; writes nothing (billing.services.refunds writes what this decides).

The rules (the percentage is the schedule's `retention_percent`, HMC's 25 %):
- the applicant cancels before the placement is confirmed (no rotation request of the
  application was ever confirmed): everything paid comes back except the application fee;
- the applicant cancels after the placement is confirmed: the program keeps
  retention_percent % of what was paid for the blocks (rounded half up to the cent) and the
  application fee; the rest comes back. Cancelling one confirmed rotation applies the same
  rule to that block's amount (its invoice line);
- the visa was denied (the refusal letter verified by staff): everything paid comes back;
- the program cancels a rotation: that block's amount comes back in full.
A block's money is its invoice line; part of it may have been paid by the deposit (the
balance invoice takes the deposit off): see _block_quote. A cancelled block whose line sits
on an open invoice is credited there for its unpaid part (block_credits: an InvoiceCredit,
whatever the cause); only the paid part is a refund.
Only money actually paid comes back, less what earlier refunds already gave back. An open
invoice of an applicant who leaves the program is cancelled (it keeps its number): nothing
more is owed on it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .credits import BlockCredit, block_amount, block_credits, credited, gross_paid
from .enums import COUNTED_REFUND_STATUSES, InvoiceStatus, RefundRule
from .models import Invoice, Refund
from .money import format_money

if TYPE_CHECKING:
    from applications.models import Application
    from rotations.models import RotationRequest


class Reason:
    """What happened, as the cancelling paths say it."""

    WITHDRAW = "withdraw"  # the applicant leaves the program (withdrawn, declined...)
    CANCEL_REQUEST = "cancel_request"  # the applicant cancels one rotation request
    VISA_DENIED = "visa_denied"  # staff verified the visa refusal letter
    PROGRAM_CANCELLED = "program_cancelled"  # the program cancels a rotation

    ALL = (WITHDRAW, CANCEL_REQUEST, VISA_DENIED, PROGRAM_CANCELLED)


def round_half_up_percent(amount: int, percent: int) -> int:
    """`percent` % of `amount` (cents, not negative), rounded half up to the cent."""
    return (amount * percent + 50) // 100


@dataclass(frozen=True)
class InvoiceRefund:
    """What the rule gives back on one invoice."""

    invoice: Invoice
    paid: int  # paid on the invoice, less earlier refunds
    kept: int
    refunded: int
    cancel: bool = False  # an open invoice: cancelled, nothing more owed on it
    rotation_id: int | None = None


@dataclass(frozen=True)
class RefundQuote:
    rule: str
    reason: str
    currency: str
    explanation: str
    lines: list[InvoiceRefund] = field(default_factory=list)
    credits: list[BlockCredit] = field(default_factory=list)

    @property
    def credited(self) -> int:
        return sum(credit.amount for credit in self.credits)

    @property
    def paid(self) -> int:
        return sum(line.paid for line in self.lines)

    @property
    def kept(self) -> int:
        return sum(line.kept for line in self.lines)

    @property
    def refunded(self) -> int:
        return sum(line.refunded for line in self.lines)

    @property
    def to_cancel(self) -> list[Invoice]:
        return [line.invoice for line in self.lines if line.cancel]

    @property
    def rule_label(self) -> str:
        return str(RefundRule(self.rule).label)

    def money(self, amount: int) -> str:
        return format_money(amount, self.currency)


def _invoices(application: Application) -> list[Invoice]:
    return list(
        Invoice.objects.filter(application=application)
        .exclude(status=InvoiceStatus.CANCELLED)
        .select_related("schedule")
        .prefetch_related(
            "payments",
            "lines",
            "credits",
            Prefetch("refunds", queryset=Refund.objects.filter(status__in=COUNTED_REFUND_STATUSES)),
        )
        .order_by("issued_at", "pk")
    )


def net_paid(invoice: Invoice) -> int:
    """Paid on the invoice less the refunds counted against it (prefetched or not)."""
    paid = sum(payment.amount for payment in invoice.payments.all())
    refunded = sum(
        refund.amount
        for refund in invoice.refunds.all()
        if refund.status in COUNTED_REFUND_STATUSES
    )
    return paid - refunded


def credits_for_block(
    *, application: Application, rotation_request: RotationRequest
) -> list[BlockCredit]:
    """block_credits for the application's invoices (cancelled ones left out). Writes
    nothing."""
    return block_credits(_invoices(application), rotation_id=rotation_request.rotation_id)


def was_confirmed(application: Application, *, now: datetime.datetime) -> bool:
    """Whether a rotation request of the application was confirmed by `now` (a request
    cancelled since keeps its confirmed_at: leaving is still after confirmation)."""
    return application.rotation_requests.filter(
        confirmed_at__isnull=False, confirmed_at__lte=now
    ).exists()


def refund_for(
    *,
    application: Application,
    reason: str,
    now: datetime.datetime,
    rotation_request: RotationRequest | None = None,
) -> RefundQuote:
    """What `reason` gives back to the applicant of `application` at `now`, per invoice,
    with a sentence in the active language saying why. `rotation_request` is the block for
    CANCEL_REQUEST and PROGRAM_CANCELLED. Writes nothing."""
    if reason not in Reason.ALL:
        raise ValueError(f"Unknown refund reason {reason!r}.")
    invoices = _invoices(application)
    currency = invoices[0].currency if invoices else ""
    schedule = invoices[0].schedule if invoices else None
    fee = schedule.application_fee if schedule is not None else 0
    percent = schedule.retention_percent if schedule is not None else 0
    if reason in (Reason.CANCEL_REQUEST, Reason.PROGRAM_CANCELLED):
        if rotation_request is None:
            raise ValueError("A block's refund needs its rotation request.")
        return _block_quote(
            invoices,
            reason=reason,
            currency=currency,
            fee=fee,
            percent=percent,
            request=rotation_request,
        )
    if reason == Reason.VISA_DENIED:
        rule = RefundRule.VISA_DENIED
    elif was_confirmed(application, now=now):
        rule = RefundRule.AFTER_CONFIRMATION
    else:
        rule = RefundRule.BEFORE_CONFIRMATION
    lines = []
    fee_left = fee
    for invoice in invoices:
        paid = net_paid(invoice)
        if rule == RefundRule.VISA_DENIED:
            kept = 0
        else:
            fee_kept = min(fee_left, paid)
            fee_left -= fee_kept
            kept = fee_kept
            if rule == RefundRule.AFTER_CONFIRMATION:
                kept += round_half_up_percent(paid - fee_kept, percent)
        lines.append(
            InvoiceRefund(
                invoice=invoice,
                paid=paid,
                kept=kept,
                refunded=paid - kept,
                cancel=invoice.status == InvoiceStatus.OPEN,
            )
        )
    quote = RefundQuote(rule=rule, reason=reason, currency=currency, explanation="", lines=lines)
    return _explained(quote, fee=fee, percent=percent)


def _block_quote(invoices, *, reason, currency, fee, percent, request) -> RefundQuote:
    """One block: what was paid for it is its invoice line less what was credited for it
    there, less what is still unpaid on that invoice (total less credits less payments: the
    unpaid part is counted against the block first: only money surely paid comes back).
    That money sits on the block's invoice and, for the part the deposit
    paid, on the earlier invoices (never their application fee): it is taken from the
    block's invoice first, then from the earlier ones, newest first, each at most what is
    left to refund on it."""
    rule = (
        RefundRule.PROGRAM_CANCELLED
        if reason == Reason.PROGRAM_CANCELLED
        else RefundRule.AFTER_CONFIRMATION
        if request.confirmed_at is not None
        else RefundRule.BEFORE_CONFIRMATION
    )
    lines = []
    for position, invoice in enumerate(invoices):
        block = block_amount(invoice, request.rotation_id)
        if not block:
            continue
        unpaid = max(0, invoice.total - credited(invoice) - gross_paid(invoice))
        own_credit = credited(invoice, rotation_id=request.rotation_id)
        left = max(0, block - own_credit - unpaid)
        sources = [invoice, *reversed(invoices[:position])]
        for source in sources:
            if left <= 0:
                break
            available = net_paid(source)
            if source is invoices[0]:
                available -= fee  # the application fee is not the block's money
            paid = min(left, max(0, available))
            if paid <= 0:
                continue
            left -= paid
            kept = (
                round_half_up_percent(paid, percent) if rule == RefundRule.AFTER_CONFIRMATION else 0
            )
            lines.append(
                InvoiceRefund(
                    invoice=source,
                    paid=paid,
                    kept=kept,
                    refunded=paid - kept,
                    rotation_id=request.rotation_id,
                )
            )
    quote = RefundQuote(
        rule=rule,
        reason=reason,
        currency=currency,
        explanation="",
        lines=lines,
        credits=block_credits(invoices, rotation_id=request.rotation_id),
    )
    return _explained(quote, fee=0, percent=percent, block=True)


def _explained(quote: RefundQuote, *, fee: int, percent: int, block: bool = False) -> RefundQuote:
    words = {
        "paid": quote.money(quote.paid),
        "kept": quote.money(quote.kept),
        "refunded": quote.money(quote.refunded),
        "fee": quote.money(fee) if quote.currency else "",
        "percent": percent,
    }
    rule = quote.rule
    if quote.paid <= 0:
        if block:
            sentence = _("Nothing has been paid for this rotation yet, so nothing is refunded.")
        else:
            sentence = _("You have paid nothing yet, so nothing is refunded.")
    elif rule == RefundRule.VISA_DENIED:
        sentence = (
            _(
                "Your visa was denied: everything you paid comes back. You paid %(paid)s; "
                "you get back %(refunded)s."
            )
            % words
        )
    elif rule == RefundRule.PROGRAM_CANCELLED:
        sentence = (
            _(
                "The program cancelled this rotation: what you paid for it comes back in full, "
                "%(refunded)s. If you would rather have a replacement block, choose it on your "
                "refunds page before the refund is approved."
            )
            % words
        )
    elif rule == RefundRule.BEFORE_CONFIRMATION:
        if fee and quote.kept:
            sentence = (
                _(
                    "You are cancelling before your placement is confirmed: everything you paid "
                    "comes back except the application fee (%(kept)s). You paid %(paid)s; you get "
                    "back %(refunded)s."
                )
                % words
            )
        else:
            sentence = (
                _(
                    "You are cancelling before your placement is confirmed: everything you paid "
                    "comes back. You paid %(paid)s; you get back %(refunded)s."
                )
                % words
            )
    elif block:
        sentence = (
            _(
                "This rotation is confirmed, so the program keeps %(percent)s %% of what you paid "
                "for it (%(kept)s). You paid %(paid)s for it; you get back %(refunded)s."
            )
            % words
        )
    elif fee:
        sentence = (
            _(
                "Your placement is confirmed, so the program keeps the application fee and "
                "%(percent)s %% of what you paid for your rotations: %(kept)s in all. You paid "
                "%(paid)s; you get back %(refunded)s."
            )
            % words
        )
    else:
        sentence = (
            _(
                "Your placement is confirmed, so the program keeps %(percent)s %% of what you "
                "paid for your rotations (%(kept)s). You paid %(paid)s; you get back %(refunded)s."
            )
            % words
        )
    if quote.to_cancel:
        sentence = " ".join(
            [
                sentence,
                _("Your open invoices are cancelled with it: you will owe nothing more on them."),
            ]
        )
    return RefundQuote(
        rule=quote.rule,
        reason=quote.reason,
        currency=quote.currency,
        explanation=sentence,
        lines=quote.lines,
        credits=quote.credits,
    )

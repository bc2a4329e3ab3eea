"""Payment reminders, queued by the clock (billing.tasks): one BILLING_REMINDER_DAYS days
before an open invoice's due date, one once it is overdue (which says when the places may
be released, or until when a declared wire holds them). Dedupe keys
`invoice:<id>:due-soon` and `invoice:<id>:overdue` send each once, whatever how often the
scan runs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction

from hmc_portal.dates import written
from hmc_portal.languages import speaking_to

from ..enums import InvoiceStatus
from ..models import Invoice, local_today
from ..places import active_hold, last_day_to_pay
from .invoices import _email


def _release_words(invoice: Invoice, *, today: datetime.date) -> dict:
    """What the overdue reminder says of the places: held until a date by a declared wire,
    or released if the payment has not arrived by due + BILLING_RELEASE_AFTER_DAYS (with
    the hold a declaration gives), the dates in the applicant's language."""
    hold = active_hold(invoice, today=today)
    with speaking_to(invoice.application.applicant):
        return {
            "held_until": written(hold.holds_until, "date") if hold else "",
            "release_date": written(last_day_to_pay(invoice), "date"),
            "hold_days": settings.BILLING_WIRE_HOLD_DAYS,
        }


def send_payment_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the reminders due today; returns how many were looked at and queued (a second
    run queues nothing more). An invoice issued inside the reminder window gets no "due
    soon" reminder: its own email gave the date days ago at most."""
    today = today or local_today()
    window = datetime.timedelta(days=settings.BILLING_REMINDER_DAYS)
    open_invoices = Invoice.objects.filter(status=InvoiceStatus.OPEN).select_related(
        "application__applicant"
    )
    count = 0
    for invoice in open_invoices.filter(due_date__lt=today):
        with transaction.atomic():
            _email(
                invoice,
                "payment_overdue",
                f"invoice:{invoice.pk}:overdue",
                **_release_words(invoice, today=today),
            )
        count += 1
    for invoice in open_invoices.filter(due_date__gte=today, due_date__lte=today + window):
        if invoice.issued_at.date() >= invoice.due_date - window:
            continue
        with transaction.atomic():
            _email(invoice, "payment_due_soon", f"invoice:{invoice.pk}:due-soon")
        count += 1
    return count

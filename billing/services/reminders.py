"""Payment reminders, queued by the clock (billing.tasks): one BILLING_REMINDER_DAYS days
before an open invoice's due date, one once it is overdue. Dedupe keys
`invoice:<id>:due-soon` and `invoice:<id>:overdue` send each once, whatever how often the
scan runs."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction

from ..enums import InvoiceStatus
from ..models import Invoice, local_today
from .invoices import _email


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
            _email(invoice, "payment_overdue", f"invoice:{invoice.pk}:overdue")
        count += 1
    for invoice in open_invoices.filter(due_date__gte=today, due_date__lte=today + window):
        if invoice.issued_at.date() >= invoice.due_date - window:
            continue
        with transaction.atomic():
            _email(invoice, "payment_due_soon", f"invoice:{invoice.pk}:due-soon")
        count += 1
    return count

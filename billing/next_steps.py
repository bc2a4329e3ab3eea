"""The applicant's next step when money is due (hmc_portal.next_steps): an open invoice
within BILLING_REMINDER_DAYS of its due date, or past it, comes before the rotations' steps,
unless the applicant has declared a wire transfer for it (then they wait for us)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from hmc_portal.dates import written
from hmc_portal.next_steps import NextStep, NextStepProvider, next_steps

from .enums import InvoiceStatus, WireStatus
from .models import Invoice, local_today
from .money import format_money
from .services.invoices import balance_of


def payment_next_step(*, application, **kwargs) -> NextStep | None:
    today = local_today()
    window = today + datetime.timedelta(days=settings.BILLING_REMINDER_DAYS)
    invoice = (
        Invoice.objects.filter(
            application=application, status=InvoiceStatus.OPEN, due_date__lte=window
        )
        .exclude(wire_declarations__status=WireStatus.DECLARED)
        .order_by("due_date", "pk")
        .first()
    )
    if invoice is None:
        return None
    words = {
        "amount": format_money(balance_of(invoice), invoice.currency),
        "number": invoice.number,
        "date": written(invoice.due_date, "date"),
    }
    overdue = invoice.due_date < today
    if overdue:
        sentence = _(
            "Invoice %(number)s was due by %(date)s: pay %(amount)s, or tell us that you have "
            "sent a wire transfer, so that your places stay yours."
        )
    else:
        sentence = _("Pay %(amount)s for invoice %(number)s by %(date)s.")
    return NextStep(
        state="payment_overdue" if overdue else "payment_due",
        sentence=sentence % words,
        badge=_("Action needed: payment overdue") if overdue else _("Action needed: payment due"),
        needs_action=True,
        action_label=_("How to pay"),
        action_url=reverse("billing:payments"),
        when=invoice.due_date,
    )


next_steps.register(NextStepProvider(name="payments", provide=payment_next_step, order=20))

"""The applicant's next step when money is at stake (hmc_portal.next_steps), before the
rotations' steps: a block the program cancelled waits for the choice between its refund and
a replacement block; an open invoice within BILLING_REMINDER_DAYS of its due date, or past
it, unless the applicant has declared a wire transfer for it (then they wait for us)."""

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
from .replacements import replacement_choices
from .services.invoices import balance_of


def payment_next_step(*, application, **kwargs) -> NextStep | None:
    choices = replacement_choices(application=application)
    if choices:
        return _replacement_choice(choices[0].rotation_request.rotation)
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


def _replacement_choice(rotation) -> NextStep:
    """The program cancelled a block: its refund or a replacement block, the applicant's
    choice, on the refunds page."""
    return NextStep(
        state="replacement_or_refund",
        sentence=_(
            "The program office cancelled your %(specialty)s block of %(date)s. Choose what "
            "you prefer: the refund of what you paid for it, or a replacement block instead."
        )
        % {
            "specialty": rotation.specialty.name,
            "date": written(rotation.start_date, "date"),
        },
        badge=_("Action needed: refund or replacement block"),
        needs_action=True,
        action_label=_("Choose: refund or replacement"),
        action_url=reverse("billing:refunds"),
    )


next_steps.register(NextStepProvider(name="payments", provide=payment_next_step, order=20))

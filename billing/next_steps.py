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
from rotations.selectors import application_requests, has_replaceable_block

from .enums import WireStatus
from .models import local_today
from .money import format_money
from .replacements import replacement_choices
from .statements import page_statement, statement_for


def payment_next_step(*, application, shared: bool = False, **kwargs) -> NextStep | None:
    # On a page (`shared`), the application's requests are read once for every panel: a
    # refund-or-replacement choice needs a block the program cancelled among them.
    if not shared or has_replaceable_block(application_requests(application)):
        choices = replacement_choices(application=application)
        if choices:
            return _replacement_choice(choices[0].rotation_request.rotation)
    statement = page_statement(application) if shared else statement_for(application.applicant_id)
    today = local_today()
    window = today + datetime.timedelta(days=settings.BILLING_REMINDER_DAYS)
    # The application's open invoice due first within the window, unless the applicant has
    # declared a wire transfer for it (then they wait for us).
    due = sorted(
        (
            row
            for row in (statement.rows if statement else ())
            if row.is_open
            and row.invoice.application_id == application.pk
            and row.invoice.due_date <= window
            and not any(d.status == WireStatus.DECLARED for d in row.invoice.unpaid_declarations)
        ),
        key=lambda row: (row.invoice.due_date, row.invoice.pk),
    )
    if not due:
        return None
    invoice = due[0].invoice
    words = {
        "amount": format_money(due[0].balance, invoice.currency),
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

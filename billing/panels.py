"""The panels billing adds to pages of the apps below it (hmc_portal.panels)."""

from django.utils import timezone

from hmc_portal.panels import Panel, before_cancelling, dashboard, rotation_plan

from .quotes import quote_plan
from .refunds import Reason, refund_for
from .selectors import schedule_for_application
from .statements import page_statement


def plan_quote_panel(*, request, application, rotations, **kwargs) -> dict | None:
    """The exact quote for the applicant's planned rotations under the fees their balance
    invoice will use (selectors.schedule_for_application: those of the day they took the
    offer once invoiced, else those in force today; templates/billing/_plan_quote.html); a
    note pointing to /pricing/ when none are published."""
    schedule, fixed = schedule_for_application(application=application)
    if schedule is None:
        return {"quote": None}
    return {
        "quote": quote_plan(schedule=schedule, blocks=rotations),
        "schedule": schedule,
        "fixed_by_offer": fixed,
    }


rotation_plan.register(
    Panel(name="quote", template="billing/_plan_quote.html", context=plan_quote_panel, order=10)
)


def payments_panel(*, request, application, **kwargs) -> dict | None:
    """What the applicant owes and when, with the way to the payments page
    (templates/billing/_dashboard_payments.html); nothing before the first invoice."""
    statement = page_statement(application)  # read once with the next step
    if statement is None:
        return None
    return {"statement": statement}


dashboard.register(
    Panel(
        name="payments",
        template="billing/_dashboard_payments.html",
        context=payments_panel,
        order=40,
    )
)


def refund_quote_panel(*, request, application, rotation_request=None, **kwargs) -> dict | None:
    """Before the applicant withdraws or cancels a rotation: what they will get back and
    why, by invoice, and for a rotation what each open invoice will ask for less
    (templates/billing/_refund_quote.html); nothing before the first invoice."""
    if not application.invoices.exists():
        return None
    quote = refund_for(
        application=application,
        reason=Reason.WITHDRAW if rotation_request is None else Reason.CANCEL_REQUEST,
        now=timezone.now(),
        rotation_request=rotation_request,
    )
    money = quote.money
    return {
        "quote": quote,
        "lines": [
            {
                "number": line.invoice.number,
                "paid": money(line.paid),
                "kept": money(line.kept),
                "refunded": money(line.refunded),
            }
            for line in quote.lines
        ],
        "total": {
            "paid": money(quote.paid),
            "kept": money(quote.kept),
            "refunded": money(quote.refunded),
        },
        # The block's unpaid part on an open invoice is taken off it (billing.credits).
        "credits": [
            {
                "number": credit.invoice.number,
                "amount": money(credit.amount),
                "balance": money(credit.balance_after),
            }
            for credit in quote.credits
        ],
    }


before_cancelling.register(
    Panel(
        name="refund",
        template="billing/_refund_quote.html",
        context=refund_quote_panel,
        order=10,
    )
)

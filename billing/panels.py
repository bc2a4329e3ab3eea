"""The panels billing adds to pages of the apps below it (hmc_portal.panels)."""

from hmc_portal.panels import Panel, dashboard, rotation_plan

from .quotes import quote_plan
from .selectors import schedule_for_application
from .statements import statement_for


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
    statement = statement_for(request.user)
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

"""The panels pre-arrival compliance adds to pages of the apps below it
(hmc_portal.panels): "cleared / not yet cleared" per observer on the preceptor's portal,
and the applicant's pre-arrival checklist on their dashboard."""

from django.conf import settings

from hmc_portal.panels import Panel, dashboard, preceptor_portal

from ..selectors import has_confirmed_request
from . import compliance_selectors as selectors


def preceptor_clearance_panel(
    *, request, preceptor, upcoming_observers: int | None = None, **kwargs
) -> dict | None:
    """The confirmed observers of the preceptor's rotations not yet over, the next ones
    first and as many as a portal section shows: cleared to start or not yet (never the
    evidence itself, which is the program office's to see). `more` when others start
    later (one row more is read to know it). No query when the portal counted no
    confirmed observer of a rotation not yet over."""
    if upcoming_observers == 0:
        return None
    shown = settings.PRECEPTOR_PORTAL_PER_PAGE
    rows = selectors.clearance_for_preceptor(preceptor_id=preceptor.pk, limit=shown + 1)
    return {"rows": rows[:shown], "more": len(rows) > shown} if rows else None


def applicant_checklist_panel(*, request, application, **kwargs) -> dict | None:
    """Once a rotation is confirmed: cleared to start or how many things are still open,
    with the way to the checklist."""
    if not has_confirmed_request(application):
        return None
    rows = selectors.application_compliance(application_id=application.pk)
    if not rows:
        return None
    open_items = {
        item.requirement.pk
        for row in rows
        for item in row.clearance.items
        if item.state not in ("done", "not_needed")
    }
    return {"cleared": all(row.cleared for row in rows), "open_count": len(open_items)}


preceptor_portal.register(
    Panel(
        name="compliance",
        template="rotations/arrival/_preceptor_clearance.html",
        context=preceptor_clearance_panel,
        order=40,
    )
)
dashboard.register(
    Panel(
        name="compliance",
        template="rotations/arrival/_dashboard_compliance.html",
        context=applicant_checklist_panel,
        order=35,
    )
)

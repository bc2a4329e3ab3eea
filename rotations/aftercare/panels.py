"""The panels the follow-up adds to pages of the apps below it (hmc_portal.panels):
"observers to evaluate" on the preceptor's portal, the observer's attendance on their
dashboard."""

from hmc_portal.panels import Panel, dashboard, preceptor_portal

from ..selectors import has_confirmed_request
from . import selectors


def preceptor_followup_panel(
    *,
    request,
    preceptor,
    upcoming_observers: int | None = None,
    past_observers: int | None = None,
    **kwargs,
) -> dict | None:
    """How many observers wait for attendance or an evaluation, with the way to the page;
    nothing when no block has started (no query when the portal counted no confirmed
    observer at all)."""
    if upcoming_observers == 0 and past_observers == 0:
        return None
    blocks = selectors.blocks_for_preceptor(preceptor_id=preceptor.pk)
    if not blocks:
        return None
    to_do = [block for block in blocks if block.to_do]
    return {"to_do": to_do, "late": sum(block.late for block in to_do)}


def applicant_attendance_panel(*, request, application, **kwargs) -> dict | None:
    """Each started block: the attendance the preceptor confirmed (days attended and
    missed), or that it waits; nothing before the first day."""
    if not has_confirmed_request(application):
        return None
    blocks = selectors.started_blocks_for_application(application_id=application.pk)
    return {"blocks": blocks, "application": application} if blocks else None


preceptor_portal.register(
    Panel(
        name="followup",
        template="rotations/aftercare/_preceptor_followup.html",
        context=preceptor_followup_panel,
        order=20,
    )
)
dashboard.register(
    Panel(
        name="attendance",
        template="rotations/aftercare/_dashboard_attendance.html",
        context=applicant_attendance_panel,
        order=31,
    )
)

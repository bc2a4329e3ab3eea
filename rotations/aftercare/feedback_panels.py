"""The panels the observers' feedback adds to pages of the apps below it
(hmc_portal.panels): the blocks waiting for the applicant's feedback on their dashboard,
and the preceptor's own results (over three responses or more) on their portal."""

from hmc_portal.panels import Panel, dashboard, preceptor_portal

from ..selectors import has_confirmed_request
from .feedback import MIN_RESPONSES
from .feedback_selectors import blocks_awaiting_feedback, preceptor_summary


def feedback_dashboard_panel(*, request, application, **kwargs) -> dict | None:
    """Each confirmed block that reached its last day without feedback, with its link."""
    if not has_confirmed_request(application):
        return None
    blocks = blocks_awaiting_feedback(application_id=application.pk)
    return {"blocks": blocks} if blocks else None


def preceptor_feedback_panel(*, request, preceptor, **kwargs) -> dict:
    """The preceptor's averages, share who would recommend and comments (alphabetical, no
    dates) once MIN_RESPONSES responses exist; before that only a line saying so."""
    return {"summary": preceptor_summary(preceptor_id=preceptor.pk), "minimum": MIN_RESPONSES}


dashboard.register(
    Panel(
        name="feedback",
        template="rotations/aftercare/_dashboard_feedback.html",
        context=feedback_dashboard_panel,
        order=32,
    )
)
preceptor_portal.register(
    Panel(
        name="feedback",
        template="rotations/aftercare/_preceptor_feedback.html",
        context=preceptor_feedback_panel,
        order=50,
    )
)

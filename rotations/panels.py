"""The panels rotations adds to pages of the apps below it (hmc_portal.panels)."""

from applications.enums import ApplicationStatus
from hmc_portal.panels import Panel, dashboard

from . import permissions, selectors


def rotation_choices_panel(*, request, application, **kwargs) -> dict | None:
    """The applicant's rotation choices and the way to choose them, once the offer is
    accepted (templates/rotations/_dashboard_rotations.html); nothing before."""
    rotation_requests = selectors.application_requests(application)
    can_choose = permissions.can_choose_rotations(request.user, application)
    if not (can_choose or rotation_requests):
        return None
    return {
        "application": application,
        "rotation_requests": rotation_requests,
        "can_choose_rotations": can_choose,
        # Enrolled and still allowed to choose: only replacement blocks.
        "replacing": can_choose and application.status == ApplicationStatus.ENROLLED,
    }


dashboard.register(
    Panel(
        name="rotations",
        template="rotations/_dashboard_rotations.html",
        context=rotation_choices_panel,
        order=30,
    )
)

"""The panel events adds to the applicant's dashboard (hmc_portal.panels), registered in
EventsConfig.ready: the events they attended, for the observer's record, and those ahead."""

from django.utils import timezone

from hmc_portal.panels import Panel, dashboard

from .enums import RegistrationStatus
from .models import Registration
from .selectors.events import attended_events


def events_panel(*, request, application, **kwargs) -> dict | None:
    """ "Attended: <title>, <date>" for each event attended, and the places ahead
    (templates/events/_dashboard_events.html); nothing for someone with neither."""
    attended = attended_events(request.user)
    upcoming = list(
        Registration.objects.select_related("event")
        .filter(
            user=request.user,
            event__ends_at__gt=timezone.now(),
            event__published=True,
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("event__starts_at", "pk")
    )
    if not attended and not upcoming:
        return None
    return {"attended": attended, "upcoming": upcoming}


def register_panels() -> None:
    dashboard.register(
        Panel(
            name="events",
            template="events/_dashboard_events.html",
            context=events_panel,
            order=45,
        )
    )

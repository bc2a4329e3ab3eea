"""The panel events adds to the applicant's dashboard (hmc_portal.panels), registered in
EventsConfig.ready: the events they attended, for the observer's record, and those ahead."""

from django.db.models import Q
from django.utils import timezone

from hmc_portal.panels import Panel, dashboard

from .enums import RegistrationStatus
from .models import Registration


def events_panel(*, request, application, **kwargs) -> dict | None:
    """ "Attended: <title>, <date>" for each event attended, and the places ahead
    (templates/events/_dashboard_events.html); nothing for someone with neither. One query:
    the person's registrations that were attended or are still ahead."""
    now = timezone.now()
    attended_or_ahead = Q(status=RegistrationStatus.REGISTERED, attended_at__isnull=False) | Q(
        event__ends_at__gt=now, event__published=True
    )
    registrations = list(
        Registration.objects.select_related("event")
        .filter(attended_or_ahead, user=request.user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("event__starts_at", "event_id", "pk")
    )
    # As selectors.events.attended_events (the observer's record) and the places ahead.
    attended = [
        r.event
        for r in registrations
        if r.status == RegistrationStatus.REGISTERED and r.attended_at is not None
    ]
    upcoming = [r for r in registrations if r.event.ends_at > now and r.event.published]
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

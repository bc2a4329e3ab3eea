"""Mentoring's panels: the applicant's dashboard (their next session, or the link to book)
and the preceptor portal (a preceptor who mentors: their next sessions and their times).
Registered from EventsConfig.ready."""

from __future__ import annotations

from hmc_portal.panels import Panel, dashboard, no_application, preceptor_portal

from . import selectors


def dashboard_mentoring_panel(*, request, application, **_) -> dict | None:
    """Shown from MENTORING_FROM_STATUS on (or while a session is still to come)."""
    user = request.user
    upcoming = selectors.upcoming_bookings(user=user)
    allowed = selectors.booking_allowed(user=user, application=application)
    if not allowed and not upcoming:
        return None
    return {"next_session": upcoming[0] if upcoming else None, "allowed": allowed}


def preceptor_mentoring_panel(*, request, preceptor, **_) -> dict | None:
    """Only for a preceptor with an active mentor profile."""
    mentor = selectors.mentor_of(request.user)
    if mentor is None:
        return None
    return {"sessions": selectors.next_sessions_of_mentor(mentor=mentor)}


def mentor_home_panel(*, request, **_) -> dict | None:
    """A mentor who is not an applicant lands on the dashboard: their sessions and times."""
    mentor = selectors.mentor_of(request.user)
    if mentor is None:
        return None
    return {"sessions": selectors.next_sessions_of_mentor(mentor=mentor)}


def register() -> None:
    dashboard.register(
        Panel(
            name="mentoring",
            template="events/mentoring/_dashboard_mentoring.html",
            context=dashboard_mentoring_panel,
            order=60,
        )
    )
    preceptor_portal.register(
        Panel(
            name="mentoring",
            template="events/mentoring/_portal_mentoring.html",
            context=preceptor_mentoring_panel,
            order=60,
        )
    )
    no_application.register(
        Panel(
            name="mentoring",
            template="events/mentoring/_portal_mentoring.html",
            context=mentor_home_panel,
            order=10,
        )
    )

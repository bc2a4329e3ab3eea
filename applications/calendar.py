"""Calendar invitations for interviews (RFC 5545 / iTIP, RFC 5546), built with `icalendar`.

One interview keeps one UID for life; every change the applicant should see (a new time, a
new link, a cancellation) raises SEQUENCE, so a calendar that already holds the event updates
it in place instead of adding a second one. Times are written in UTC (the trailing "Z").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from .enums import InterviewStatus
from .models import Interview

PRODID = "-//Houston Medical Clerkship//HMC Observership Portal//EN"

# iTIP methods: REQUEST for an invitation or its update, CANCEL for a cancellation, PUBLISH
# for a file the applicant imports by hand ("Add to calendar").
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def interview_summary() -> str:
    return gettext("Observership interview — %(site)s") % {"site": settings.SITE_NAME}


def _organizer() -> vCalAddress:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address or 'noreply@localhost'}")
    organizer.params["cn"] = vText(name or settings.SITE_NAME)
    return organizer


def _attendee(user, *, role: str) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{user.email}")
    attendee.params["cn"] = vText(user.display_name)
    attendee.params["role"] = vText(role)
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("FALSE")
    return attendee


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def interview_ics(
    interview: Interview, *, method: str = REQUEST, now: datetime | None = None
) -> str:
    """The interview as an iCalendar text (CRLF lines) for an email attachment or a download,
    its words in the active language (an email's: the applicant's, see services.interviews).

    `method` CANCEL marks the event cancelled (STATUS:CANCELLED); the caller raises the
    interview's sequence before building an update or a cancellation.
    """
    application = interview.application
    applicant = application.applicant
    starts_at = _utc(interview.starts_at)
    ends_at = starts_at + timedelta(minutes=interview.duration_minutes)
    cancelled = method == CANCEL or interview.status == InterviewStatus.CANCELLED

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", interview.uid)
    event.add("sequence", interview.sequence)
    event.add("dtstamp", _utc(now or timezone.now()))
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("summary", interview_summary())
    lines = [
        gettext("Your virtual interview for the %(intake)s observership intake.")
        % {"intake": application.intake},
        gettext("Join: %(url)s") % {"url": interview.meeting_url},
    ]
    if interview.interviewer_id:
        lines.append(
            gettext("Interviewer: %(name)s") % {"name": interview.interviewer.display_name}
        )
    lines.append(gettext("Your dashboard: %(url)s") % {"url": f"{settings.SITE_URL}/dashboard/"})
    if cancelled:
        lines.insert(0, gettext("This interview was cancelled."))
    event.add("description", "\n".join(lines))
    event.add("location", interview.meeting_url)
    event.add("url", interview.meeting_url)
    event.add("organizer", _organizer())
    event.add("attendee", _attendee(applicant, role="REQ-PARTICIPANT"), encode=0)
    if interview.interviewer_id:
        event.add("attendee", _attendee(interview.interviewer, role="CHAIR"), encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")

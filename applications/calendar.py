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


def organizer() -> vCalAddress:
    """The program office, from DEFAULT_FROM_EMAIL, as the organizer."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    office = vCalAddress(f"mailto:{address or 'noreply@localhost'}")
    office.params["cn"] = vText(name or settings.SITE_NAME)
    return office


def attendee(user, *, role: str) -> vCalAddress:
    person = vCalAddress(f"mailto:{user.email}")
    person.params["cn"] = vText(user.display_name)
    person.params["role"] = vText(role)
    person.params["partstat"] = vText("NEEDS-ACTION")
    person.params["rsvp"] = vText("FALSE")
    return person


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
    attendees = [attendee(applicant, role="REQ-PARTICIPANT")]
    if interview.interviewer_id:
        attendees.append(attendee(interview.interviewer, role="CHAIR"))
    return build_ics(
        method=method,
        uid=interview.uid,
        sequence=interview.sequence,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=interview_summary(),
        description="\n".join(lines),
        location=interview.meeting_url,
        url=interview.meeting_url,
        organizer=organizer(),
        attendees=attendees,
        cancelled=cancelled,
        now=now,
    )


def build_ics(
    *,
    method: str,
    uid: str,
    sequence: int,
    starts_at: datetime,
    ends_at: datetime,
    summary: str,
    description: str,
    location: str,
    organizer: vCalAddress,
    attendees: list[vCalAddress],
    cancelled: bool,
    url: str = "",
    now: datetime | None = None,
) -> str:
    """One event as iCalendar text (CRLF lines): the calendar's header with `method`, and
    the event with its UID, SEQUENCE, times in UTC, words, people and status (CANCELLED or
    CONFIRMED). Every invitation the portal sends (interviews, events, mentoring) is built
    here."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", _utc(now or timezone.now()))
    event.add("dtstart", _utc(starts_at))
    event.add("dtend", _utc(ends_at))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    if url:
        event.add("url", url)
    event.add("organizer", organizer, encode=0)
    for person in attendees:
        event.add("attendee", person, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")

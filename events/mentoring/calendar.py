"""A mentoring session as a calendar invitation (iTIP REQUEST or CANCEL), like an interview's
(applications.calendar): one UID per session for life, SEQUENCE raised by each change."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from applications.calendar import CANCEL, PRODID, REQUEST

from ..models import BookingStatus, MentoringBooking

__all__ = ["CANCEL", "REQUEST", "session_ics"]


def _person(user, *, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.display_name)
    address.params["role"] = vText(role)
    return address


def session_ics(booking: MentoringBooking, *, method: str = REQUEST, now: datetime | None = None):
    """The session as iCalendar text (CRLF lines), its words in the active language."""
    slot = booking.slot
    mentor_user = slot.mentor.user
    cancelled = method == CANCEL or booking.status == BookingStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add(
        "summary",
        gettext("Mentoring session: %(applicant)s with %(mentor)s")
        % {"applicant": booking.applicant.display_name, "mentor": mentor_user.display_name},
    )
    lines = [gettext("Agenda: %(agenda)s") % {"agenda": booking.agenda}]
    if cancelled:
        lines.insert(0, gettext("This session was cancelled."))
    lines.append(gettext("Where: %(where)s") % {"where": slot.where})
    lines.append(
        gettext("Your mentoring page: %(url)s") % {"url": f"{settings.SITE_URL}/events/mentoring/"}
    )
    event.add("description", "\n".join(lines))
    event.add("location", slot.where)
    organizer = _person(mentor_user, role="CHAIR")
    event.add("organizer", organizer, encode=0)
    event.add("attendee", _person(booking.applicant, role="REQ-PARTICIPANT"), encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")

"""Calendar invitations for events (RFC 5545 / iTIP), built like the interviews' ones
(applications.calendar): one UID per event for life; SEQUENCE is the event's own (raised when
its time changes) plus the registration's (raised when the person cancels or registers
again), so a calendar always takes the newest message as the update of the one it holds."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from applications.calendar import CANCEL, PRODID, REQUEST, _attendee, _organizer, _utc

from .models import Event, Registration

__all__ = ["CANCEL", "REQUEST", "event_ics", "ics_sequence"]


def ics_sequence(registration: Registration) -> int:
    return registration.event.sequence + registration.sequence


def event_location(event: Event) -> str:
    if event.is_in_person:
        return ", ".join(part for part in (event.venue, event.address) if part)
    return gettext("Online")


def event_ics(
    registration: Registration, *, method: str = REQUEST, now: datetime | None = None
) -> str:
    """The registration's event as iCalendar text (CRLF lines), in the active language.

    `method` CANCEL marks it cancelled for this person; the join link is never in the file
    (it is shown on the event's page and in the last reminder, to registered people only).
    """
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    item = CalendarEvent()
    item.add("uid", event.uid)
    item.add("sequence", ics_sequence(registration))
    item.add("dtstamp", _utc(now or timezone.now()))
    item.add("dtstart", _utc(event.starts_at))
    item.add("dtend", _utc(event.ends_at))
    item.add("summary", event.title)
    page = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    lines = [event.description, gettext("Details: %(url)s") % {"url": page}]
    if method == CANCEL:
        lines.insert(0, gettext("Your registration was cancelled."))
    item.add("description", "\n\n".join(line for line in lines if line))
    item.add("location", event_location(event))
    item.add("url", page)
    item.add("organizer", _organizer())
    item.add("attendee", _attendee(registration.user, role="REQ-PARTICIPANT"), encode=0)
    item.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    item.add("transp", "OPAQUE")
    calendar.add_component(item)
    return calendar.to_ical().decode("utf-8")

"""Calendar invitations for events (RFC 5545 / iTIP), built like the interviews' ones
(applications.calendar): one UID per event for life; SEQUENCE is the event's own (raised when
its time changes) plus the registration's (raised when the person cancels or registers
again), so a calendar always takes the newest message as the update of the one it holds."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from applications.calendar import CANCEL, REQUEST, attendee, build_ics, organizer

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
    page = settings.SITE_URL + reverse("events:detail", args=[event.pk])
    lines = [event.description, gettext("Details: %(url)s") % {"url": page}]
    if method == CANCEL:
        lines.insert(0, gettext("Your registration was cancelled."))
    return build_ics(
        method=method,
        uid=event.uid,
        sequence=ics_sequence(registration),
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        summary=event.title,
        description="\n\n".join(line for line in lines if line),
        location=event_location(event),
        url=page,
        organizer=organizer(),
        attendees=[attendee(registration.user, role="REQ-PARTICIPANT")],
        cancelled=method == CANCEL,
        now=now,
    )

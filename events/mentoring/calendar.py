"""A mentoring session as a calendar invitation (iTIP REQUEST or CANCEL), like an interview's
(applications.calendar): one UID per session for life, SEQUENCE raised by each change."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext
from icalendar import vCalAddress, vText

from applications.calendar import CANCEL, REQUEST, build_ics

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
    lines = [gettext("Agenda: %(agenda)s") % {"agenda": booking.agenda}]
    if cancelled:
        lines.insert(0, gettext("This session was cancelled."))
    lines.append(gettext("Where: %(where)s") % {"where": slot.where})
    lines.append(
        gettext("Your mentoring page: %(url)s") % {"url": f"{settings.SITE_URL}/events/mentoring/"}
    )
    return build_ics(
        method=method,
        uid=booking.uid,
        sequence=booking.sequence,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        summary=gettext("Mentoring session: %(applicant)s with %(mentor)s")
        % {"applicant": booking.applicant.display_name, "mentor": mentor_user.display_name},
        description="\n".join(lines),
        location=slot.where,
        organizer=_person(mentor_user, role="CHAIR"),
        attendees=[_person(booking.applicant, role="REQ-PARTICIPANT")],
        cancelled=cancelled,
        now=now,
    )

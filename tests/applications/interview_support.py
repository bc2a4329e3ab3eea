"""Shared arrangements for the interview and offer tests: staff in their roles, applications
at a given stage, a frozen clock for the periodic scans, the emails and the ICS sent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from applications.services import (
    expire_offers,
    send_interview_reminders,
    send_offer_reminders,
)
from hmc_portal.notifications.models import Notification
from tests.factories import CompleteApplicantFactory, StaffFactory
from tests.support.lifecycle import move_through

UTC = datetime.UTC
MEETING_URL = "https://meet.example.com/hmc-interview-42"


def coordinator(**kwargs):
    return StaffFactory(groups=["Coordinator"], **kwargs)


def reviewer(**kwargs):
    return StaffFactory(groups=["Reviewer"], **kwargs)


def application_at(*statuses, **applicant_fields):
    """A complete application moved through `statuses` (by nobody, like the tests of the
    lifecycle), e.g. application_at("submitted", "under_review")."""
    applicant = CompleteApplicantFactory(**applicant_fields)
    application = applicant.applications.get()
    return move_through(application, *statuses)


def under_review(**applicant_fields):
    return application_at("submitted", "under_review", **applicant_fields)


def with_offer(deadline: datetime.datetime, **applicant_fields):
    """An application with an open offer that expires at `deadline`."""
    application = application_at("submitted", "under_review", "accepted", **applicant_fields)
    type(application).objects.filter(pk=application.pk).update(offer_expires_at=deadline)
    application.refresh_from_db()
    return application


def future(days: int = 0, hours: int = 0, *, hour: int = 15, minute: int = 0):
    """A whole time `days` ahead at hour:minute UTC (plus `hours`)."""
    day = timezone.now().astimezone(UTC) + datetime.timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0) + datetime.timedelta(
        hours=hours
    )


@dataclass
class Clock:
    """A frozen clock for the periodic scans, which take `now=`: set `now`, run a scan."""

    now: datetime.datetime = field(default_factory=timezone.now)

    def at(self, moment: datetime.datetime) -> Clock:
        self.now = moment
        return self

    def interview_reminders(self) -> int:
        return send_interview_reminders(now=self.now)

    def offer_reminders(self) -> int:
        return send_offer_reminders(now=self.now)

    def expire_offers(self) -> int:
        return expire_offers(now=self.now)


def emails(template: str) -> list[Notification]:
    return list(Notification.objects.filter(template=template).order_by("pk"))


def sent(subject_start: str = "") -> list:
    return [m for m in mail.outbox if m.subject.startswith(subject_start)]


def ics_of(message) -> Calendar:
    """The calendar attached to a sent email, parsed back."""
    (attachment,) = [a for a in message.attachments if a[0] == "interview.ics"]
    return Calendar.from_ical(attachment[1])


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def html_of(message) -> str:
    return message.alternatives[0][0]

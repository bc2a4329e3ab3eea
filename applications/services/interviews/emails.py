"""What every interview email carries: the times in UTC ISO form (rendered in the applicant's
zone by the templates), the calendar invitation, and the dedupe keys of the reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse

from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification

from ... import calendar
from ...models import Interview
from ...selectors.next_step import next_step_for_email

# The reminders the scan sends: label, how long before the start it is due, and until when
# (the 24-hour reminder gives way to the 1-hour one in the last hour).
REMINDERS = (
    ("24h", timedelta(hours=24), timedelta(hours=1)),
    ("1h", timedelta(hours=1), timedelta(0)),
)


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def interview_context(interview: Interview) -> dict:
    ends_at = interview.starts_at + timedelta(minutes=interview.duration_minutes)
    return {
        "intake": interview.application.intake,
        "starts_at": iso(interview.starts_at),
        "ends_at": iso(ends_at),
        "duration_minutes": interview.duration_minutes,
        "meeting_url": interview.meeting_url,
        "interviewer_name": (
            interview.interviewer.display_name if interview.interviewer_id else ""
        ),
        "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
        "request_time_url": request_time_url(),
    }


def request_time_url() -> str:
    """Where the applicant asks for another time (the emails link to it)."""
    return settings.SITE_URL + reverse("applications:interview_request_time")


def ics(interview: Interview, method: str) -> list[Attachment]:
    """The calendar file attached to an email: in the applicant's language, as the email."""
    with speaking_to(interview.application.applicant):
        content = calendar.interview_ics(interview, method=method)
    return [
        Attachment(
            filename="interview.ics",
            mimetype=f"text/calendar; method={method}",
            content=content,
        )
    ]


def send_invitation(interview: Interview, *, picked: bool) -> None:
    queue_notification(
        to=interview.application.applicant,
        template="interview_invitation",
        key=f"interview:{interview.pk}:invitation",
        context={
            **interview_context(interview),
            "picked": picked,
            "next_step": next_step_for_email(application=interview.application),
        },
        attachments=ics(interview, calendar.REQUEST),
    )


def reminder_keys(interview: Interview) -> list[str]:
    """The dedupe keys of the reminders of the interview's current time."""
    return [f"interview:{interview.pk}:{label}:s{interview.sequence}" for label, _, _ in REMINDERS]

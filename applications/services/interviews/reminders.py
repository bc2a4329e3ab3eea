"""The periodic scan that sends each interview's 24-hour and 1-hour reminders."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from hmc_portal.notifications.outbox import queue_notification

from ...selectors.interviews import interviews_due_for_reminder
from .emails import REMINDERS, interview_context


def send_interview_reminders(*, now: datetime | None = None) -> int:
    """Queue every interview reminder due at `now`: 24 hours and 1 hour before the start.

    The periodic scan (task applications.scan_interview_reminders). Each reminder's dedupe
    key, `interview:<id>:<24h|1h>:s<sequence>`, makes a second run, or a second scanner,
    send nothing more; a rescheduled interview (higher sequence) is reminded at its new time
    and never at its old one. Returns how many reminders were queued.
    """
    now = now or timezone.now()
    queued = 0
    for label, lead, until in REMINDERS:
        for interview in interviews_due_for_reminder(now=now, lead=lead, until=until, label=label):
            queue_notification(
                to=interview.application.applicant,
                template="interview_reminder",
                key=f"interview:{interview.pk}:{label}:s{interview.sequence}",
                context={**interview_context(interview), "reminder": label},
            )
            queued += 1
    return queued

"""The reminder scan: 24 hours and 1 hour before, to both sides, once each however often
it runs; a cancelled session gets none."""

import datetime

import pytest
from django.utils import timezone

from events.mentoring import services
from events.mentoring.tasks import task_send_mentoring_reminders
from hmc_portal.notifications.models import Notification

from .mentoring_support import SlotFactory, booking

pytestmark = pytest.mark.django_db


def session_in(hours: float):
    return booking(slot=SlotFactory(starts_at=timezone.now() + datetime.timedelta(hours=hours)))


def test_reminders_go_once_each_when_the_scan_runs_twice():
    tomorrow, soon = session_in(23.5), session_in(0.5)

    first = task_send_mentoring_reminders()
    second = task_send_mentoring_reminders()

    assert (first, second) == (4, 0)
    keys = sorted(
        Notification.objects.filter(template="mentoring_reminder").values_list(
            "dedupe_key", flat=True
        )
    )
    assert keys == sorted(
        [
            f"mentoring:{tomorrow.pk}:24h:applicant:s0",
            f"mentoring:{tomorrow.pk}:24h:mentor:s0",
            f"mentoring:{soon.pk}:1h:applicant:s0",
            f"mentoring:{soon.pk}:1h:mentor:s0",
        ]
    )


def test_the_one_hour_reminder_follows_the_24_hour_one():
    session = session_in(23.5)
    services.send_mentoring_reminders()

    later = timezone.now() + datetime.timedelta(hours=23)
    queued = services.send_mentoring_reminders(now=later)

    assert queued == 2
    assert Notification.objects.filter(dedupe_key__contains=f"{session.pk}:1h").count() == 2


def test_far_and_cancelled_sessions_get_no_reminder():
    session_in(30)
    cancelled = session_in(10)
    cancelled.status = "cancelled"
    cancelled.save()

    assert services.send_mentoring_reminders() == 0

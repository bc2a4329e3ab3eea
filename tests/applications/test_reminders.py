"""Interview reminders from the periodic scan, with a frozen clock (the scan takes `now=`)."""

import datetime

import pytest
from django.core import mail

from applications import services, tasks
from applications.models import Interview
from hmc_portal.notifications.models import Notification
from hmc_portal.schedule import BEAT_SCHEDULE
from tests.applications.interview_support import (
    MEETING_URL,
    Clock,
    coordinator,
    emails,
    future,
    under_review,
)

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def staff():
    return coordinator()


@pytest.fixture
def interview(staff):
    """Scheduled now (real time) for 15:00 UTC five days ahead, in an applicant's zone."""
    return services.schedule_interview(
        application=under_review(timezone="Asia/Kolkata"),
        by=staff,
        starts_at=future(days=5),
        meeting_url=MEETING_URL,
    )


def reminder_keys():
    return [n.dedupe_key for n in emails("interview_reminder")]


def test_nothing_is_due_more_than_24_hours_before(clock, interview):
    assert clock.at(interview.starts_at - 24 * H - M).interview_reminders() == 0
    assert reminder_keys() == []


def test_the_24h_reminder_goes_once_even_when_the_scan_runs_twice(
    clock, interview, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = clock.at(interview.starts_at - 24 * H).interview_reminders()
        second = clock.at(interview.starts_at - 23 * H).interview_reminders()

    assert (first, second) == (1, 0)
    assert reminder_keys() == [f"interview:{interview.pk}:24h:s0"]
    (message,) = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert (
        message.subject == "Reminder: your observership interview is tomorrow, 20:30 (Asia/Kolkata)"
    )
    assert "is in 24 hours" in message.body
    assert f"Join: {MEETING_URL}" in message.body
    assert "{{" not in message.body and "{{" not in message.alternatives[0][0]


def test_the_1h_reminder_goes_once_in_the_last_hour(
    clock, interview, django_capture_on_commit_callbacks
):
    clock.at(interview.starts_at - 20 * H).interview_reminders()

    with django_capture_on_commit_callbacks(execute=True):
        counts = [
            clock.at(interview.starts_at - 61 * M).interview_reminders(),
            clock.at(interview.starts_at - 60 * M).interview_reminders(),
            clock.at(interview.starts_at - 30 * M).interview_reminders(),
        ]

    assert counts == [0, 1, 0]
    assert reminder_keys() == [
        f"interview:{interview.pk}:24h:s0",
        f"interview:{interview.pk}:1h:s0",
    ]
    (message,) = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert message.subject == (
        "Reminder: your observership interview starts in one hour, 20:30 (Asia/Kolkata)"
    )


def test_nothing_is_sent_once_it_started(clock, interview):
    assert clock.at(interview.starts_at).interview_reminders() == 0
    assert clock.at(interview.starts_at + 5 * M).interview_reminders() == 0


def test_a_missed_24h_reminder_gives_way_to_the_1h_one(clock, interview):
    assert clock.at(interview.starts_at - 50 * M).interview_reminders() == 1
    assert reminder_keys() == [f"interview:{interview.pk}:1h:s0"]


def test_a_moved_interview_gets_new_reminders_and_the_old_ones_are_not_sent(
    clock, interview, staff
):
    old_start = interview.starts_at
    clock.at(old_start - 23 * H).interview_reminders()  # the old 24h reminder went
    new_start = old_start + datetime.timedelta(days=2)

    services.reschedule_interview(interview=interview, by=staff, starts_at=new_start)

    assert clock.at(old_start - 30 * M).interview_reminders() == 0  # old 1h: never
    assert clock.at(old_start + H).interview_reminders() == 0
    assert clock.at(new_start - 23 * H).interview_reminders() == 1
    assert clock.at(new_start - 30 * M).interview_reminders() == 1
    assert reminder_keys() == [
        f"interview:{interview.pk}:24h:s0",
        f"interview:{interview.pk}:24h:s1",
        f"interview:{interview.pk}:1h:s1",
    ]
    latest = Notification.objects.get(dedupe_key=f"interview:{interview.pk}:24h:s1")
    assert latest.context["starts_at"] == new_start.isoformat()


def test_moving_an_interview_earlier_sends_its_reminders_again_at_the_new_time(
    clock, interview, staff
):
    earlier = interview.starts_at - datetime.timedelta(days=2)
    services.reschedule_interview(interview=interview, by=staff, starts_at=earlier)

    assert clock.at(earlier - 23 * H).interview_reminders() == 1
    assert reminder_keys() == [f"interview:{interview.pk}:24h:s1"]


def test_a_cancelled_interview_is_not_reminded(clock, interview, staff):
    services.cancel_interview(interview=interview, by=staff)

    assert clock.at(interview.starts_at - 23 * H).interview_reminders() == 0
    assert clock.at(interview.starts_at - 30 * M).interview_reminders() == 0


def test_an_interview_booked_inside_the_24h_window_gets_only_the_1h_reminder(clock, staff):
    application = under_review()
    interview = services.schedule_interview(
        application=application, by=staff, starts_at=future(days=5), meeting_url=MEETING_URL
    )
    # Booked (updated_at) 20 hours before its start: the invitation told the time already.
    Interview.objects.filter(pk=interview.pk).update(updated_at=interview.starts_at - 20 * H)

    assert clock.at(interview.starts_at - 19 * H).interview_reminders() == 0
    assert clock.at(interview.starts_at - 50 * M).interview_reminders() == 1
    assert reminder_keys() == [f"interview:{interview.pk}:1h:s0"]


def test_each_interview_gets_its_own_reminder(clock, staff):
    start = future(days=4)
    interviews = [
        services.schedule_interview(
            application=under_review(), by=staff, starts_at=start, meeting_url=MEETING_URL
        )
        for _ in range(3)
    ]

    assert clock.at(start - 23 * H).interview_reminders() == 3
    assert sorted(reminder_keys()) == sorted(f"interview:{i.pk}:24h:s0" for i in interviews)


def test_the_scan_is_a_periodic_task_declared_in_the_schedule(interview):
    entry = BEAT_SCHEDULE["applications-interview-reminders"]

    assert entry["task"] == tasks.task_scan_interview_reminders.name
    assert entry["task"] == "applications.scan_interview_reminders"
    assert entry["schedule"] <= 300
    # Run for real now: the interview is five days away, nothing is due.
    assert tasks.task_scan_interview_reminders.delay().get() == 0


def test_a_reminder_still_waiting_for_the_broker_is_withdrawn_when_the_interview_moves(
    clock, interview, staff
):
    from hmc_portal.notifications.delivery import stale_pending_ids
    from hmc_portal.notifications.enums import NotificationStatus

    # The scan queued the 24h reminder but no worker got it yet (the broker was down): the
    # row waits for the stale sweep. Then the coordinator moves the interview.
    clock.at(interview.starts_at - 23 * H).interview_reminders()
    waiting = Notification.objects.get(dedupe_key=f"interview:{interview.pk}:24h:s0")
    invitation = Notification.objects.get(dedupe_key=f"interview:{interview.pk}:invitation")
    assert waiting.status == invitation.status == NotificationStatus.PENDING

    services.reschedule_interview(
        interview=interview, by=staff, starts_at=interview.starts_at + datetime.timedelta(days=2)
    )

    waiting.refresh_from_db()
    invitation.refresh_from_db()
    assert waiting.status == invitation.status == NotificationStatus.CANCELLED
    later = interview.starts_at + datetime.timedelta(days=3)
    stale = stale_pending_ids(now=later)
    assert waiting.pk not in stale and invitation.pk not in stale
    updated = Notification.objects.get(dedupe_key=f"interview:{interview.pk}:s1:updated")
    assert updated.pk in stale  # the new time's email still goes out


def test_cancelling_withdraws_the_reminders_not_sent_yet(clock, interview, staff):
    from hmc_portal.notifications.enums import NotificationStatus

    clock.at(interview.starts_at - 30 * M).interview_reminders()

    services.cancel_interview(interview=interview, by=staff, reason="The interviewer is ill.")

    statuses = dict(
        Notification.objects.filter(template__startswith="interview_").values_list(
            "template", "status"
        )
    )
    assert statuses == {
        "interview_invitation": NotificationStatus.CANCELLED,
        "interview_reminder": NotificationStatus.CANCELLED,
        "interview_cancelled": NotificationStatus.PENDING,
    }

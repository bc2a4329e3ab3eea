import datetime

import pytest
from django.utils import timezone

from hmc_portal.notifications.models import Notification
from hmc_portal.schedule import BEAT_SCHEDULE
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from rotations.services import send_preceptor_nudges, send_start_reminders
from rotations.tasks import task_send_preceptor_nudges, task_send_start_reminders
from tests.factories import RotationFactory, RotationRequestFactory, SiteFactory, next_monday

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


# --- preceptor nudges ------------------------------------------------------------------------


def test_a_request_unanswered_for_three_days_nudges_the_preceptor_once():
    rotation_request = RotationRequestFactory()
    now = rotation_request.created_at + datetime.timedelta(days=3, minutes=1)

    assert send_preceptor_nudges(now=now) == 1
    assert send_preceptor_nudges(now=now + datetime.timedelta(hours=1)) == 0

    nudge = Notification.objects.get(template="rotation_request_nudge")
    assert nudge.dedupe_key == f"rotation_request:{rotation_request.pk}:nudge"
    assert nudge.to_email == rotation_request.rotation.preceptor.user.email
    assert "/preceptor/respond/" in nudge.context["link_url"]
    assert nudge.context["days_waiting"] == 3


def test_no_nudge_before_three_days_or_once_answered():
    young = RotationRequestFactory()
    answered = RotationRequestFactory()
    RotationRequest.objects.filter(pk=answered.pk).update(status=RequestStatus.CONFIRMED)
    now = young.created_at + datetime.timedelta(days=2, hours=23)

    assert send_preceptor_nudges(now=now) == 0
    assert send_preceptor_nudges(now=now + datetime.timedelta(days=2)) == 1
    assert list(Notification.objects.values_list("dedupe_key", flat=True)) == [
        f"rotation_request:{young.pk}:nudge"
    ]


# --- the applicant's start reminder ----------------------------------------------------------


def test_the_applicant_is_reminded_a_week_before_the_first_day_once():
    monday = next_monday(6)
    site = SiteFactory(
        name="Ben Taub Hospital",
        address="1504 Ben Taub Loop, Houston, TX 77030",
        reporting_instructions="Volunteer office next to the main entrance.",
    )
    rotation = RotationFactory(
        start_date=monday,
        end_date=monday + datetime.timedelta(days=25),
        site=site,
        reporting_time=datetime.time(7, 0),
        preceptor__user__first_name="Anita",
        preceptor__user__last_name="Patel",
        preceptor__title="MD, FACP",
    )
    rotation_request = RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)

    assert send_start_reminders(now=at(monday - datetime.timedelta(days=8))) == 0
    assert send_start_reminders(now=at(monday - datetime.timedelta(days=7))) == 1
    assert send_start_reminders(now=at(monday - datetime.timedelta(days=3))) == 0

    reminder = Notification.objects.get(template="rotation_start_reminder")
    assert reminder.dedupe_key == f"rotation_request:{rotation_request.pk}:start7d"
    assert reminder.to_email == rotation_request.application.applicant.email
    context = reminder.context
    assert (context["site_address"], context["reporting_time"], context["preceptor_name"]) == (
        "1504 Ben Taub Loop, Houston, TX 77030",
        "07:00",
        "Dr. Anita Patel",
    )
    assert context["reporting_instructions"] == "Volunteer office next to the main entrance."
    assert context["days_left"] == 7


def test_no_start_reminder_for_unconfirmed_or_started_rotations():
    monday = next_monday(6)
    rotation = RotationFactory(start_date=monday, end_date=monday + datetime.timedelta(days=25))
    RotationRequestFactory(rotation=rotation)  # still waiting for the preceptor
    RotationRequestFactory(rotation=rotation, status=RequestStatus.WAITLISTED)

    assert send_start_reminders(now=at(monday - datetime.timedelta(days=5))) == 0
    RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)
    assert send_start_reminders(now=at(monday)) == 0  # the first day: too late


def test_the_reminder_email_renders_with_the_details(
    mailoutbox, django_capture_on_commit_callbacks
):
    monday = timezone.localdate() + datetime.timedelta(days=5)
    rotation = RotationFactory(
        start_date=monday,
        end_date=monday + datetime.timedelta(days=25),
        site__address="6565 Fannin St, Houston, TX 77030",
        reporting_time=datetime.time(8, 30),
    )
    RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        send_start_reminders()

    [message] = mailoutbox
    assert message.subject == f"Your {rotation.specialty.name} rotation starts {monday:%A} " + (
        f"{monday.day} {monday:%B %Y}"
    )
    assert "6565 Fannin St, Houston, TX 77030" in message.body
    assert "Report at: 08:30" in message.body
    assert str(rotation.preceptor) in message.body


def test_the_scans_are_periodic_tasks_declared_in_the_schedule():
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}

    assert {"rotations.send_preceptor_nudges", "rotations.send_start_reminders"} <= tasks
    assert task_send_preceptor_nudges.name == "rotations.send_preceptor_nudges"
    assert task_send_start_reminders.name == "rotations.send_start_reminders"
    assert task_send_preceptor_nudges() == 0
    assert task_send_start_reminders() == 0

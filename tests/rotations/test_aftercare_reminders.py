"""The follow-up's emails to preceptors: the weekly attendance list with one-click links
and the overdue evaluation reminders, each sent once however often the scan runs; and the
one-click link, refused when used, expired or altered."""

import datetime

import pytest
from django.core import signing

from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations.aftercare import reminders
from rotations.aftercare.errors import AttendanceLinkError
from rotations.aftercare.links import (
    check_attendance_link_unused,
    make_attendance_token,
    read_attendance_token,
)
from rotations.models import Attendance, RotationRequest
from tests.factories import PreceptorFactory
from tests.rotations.attendance_support import attend, block, evaluate

pytestmark = pytest.mark.django_db


def sent(template):
    return list(
        Notification.objects.filter(template=template)
        .order_by("pk")
        .values_list("dedupe_key", flat=True)
    )


def test_the_weekly_email_lists_each_preceptors_unconfirmed_blocks_once_a_week():
    preceptor = PreceptorFactory()
    running = block(weeks_ago=1, preceptor=preceptor)
    ended = block(weeks_ago=6, preceptor=preceptor)
    confirmed = block(weeks_ago=7, preceptor=preceptor)
    attend(confirmed)
    block(weeks_ago=-2, preceptor=preceptor)  # not started: not asked
    today = datetime.date.today()

    assert reminders.send_attendance_requests(today=today) == 1
    assert reminders.send_attendance_requests(today=today) == 0  # run twice: sent once

    (email,) = Notification.objects.filter(template="attendance_weekly")
    year, week, _day = today.isocalendar()
    assert email.dedupe_key == f"attendance:preceptor:{preceptor.pk}:{year}-W{week:02d}"
    assert email.recipient == preceptor.user
    names = [o["name"] for o in email.context["observers"]]
    assert sorted(names) == sorted(r.application.applicant.display_name for r in (running, ended))
    assert all("/preceptor/attendance/" in o["confirm_url"] for o in email.context["observers"])


def test_next_week_the_weekly_email_is_sent_again_for_what_is_still_open():
    block(weeks_ago=6)
    today = datetime.date.today()

    reminders.send_attendance_requests(today=today)
    reminders.send_attendance_requests(today=today + datetime.timedelta(days=7))

    assert len(sent("attendance_weekly")) == 2


def test_the_weekly_email_is_rendered_in_both_formats():
    block(weeks_ago=6)
    reminders.send_attendance_requests()

    subject, text, html = render_notification(Notification.objects.get())
    assert subject == "Please confirm the attendance of 1 observer"
    assert "Confirm full attendance:" in text
    assert ">Confirm full attendance</a>" in html


def test_overdue_evaluations_are_reminded_1_4_8_days_after_then_weekly_each_once():
    ended = block(weeks_ago=6)
    end = ended.rotation.end_date

    assert reminders.send_evaluation_reminders(today=end) == 0  # due today: not late
    for days, count in (
        (1, 1),
        (1, 0),
        (2, 0),
        (4, 1),
        (4, 0),
        (9, 1),
        (14, 0),
        (15, 1),
        (20, 0),
        (23, 1),
        (23, 0),
    ):
        assert reminders.send_evaluation_reminders(today=end + datetime.timedelta(days)) == count

    assert sent("evaluation_reminder") == [
        f"evaluation:{ended.pk}:final:1d",
        f"evaluation:{ended.pk}:final:4d",
        f"evaluation:{ended.pk}:final:8d",
        f"evaluation:{ended.pk}:final:15d",
        f"evaluation:{ended.pk}:final:22d",
    ]


def test_a_submitted_evaluation_is_not_reminded():
    ended = block(weeks_ago=6)
    evaluate(ended)

    assert reminders.send_evaluation_reminders() == 0
    assert sent("evaluation_reminder") == []


def test_the_one_click_link_confirms_once_then_is_refused_as_used():
    ended = block(weeks_ago=6)
    claims = read_attendance_token(make_attendance_token(rotation_request=ended))

    attend(ended, link_state=claims.state)

    assert Attendance.objects.get().confirmed_through == ended.rotation.end_date
    with pytest.raises(AttendanceLinkError) as refused:
        attend(ended, link_state=claims.state)
    assert refused.value.reason == "used"


def test_a_link_made_before_a_portal_confirmation_is_refused_and_keeps_the_days_missed():
    ended = block(weeks_ago=6)
    claims = read_attendance_token(make_attendance_token(rotation_request=ended))
    attend(ended, missed_days=[ended.rotation.start_date])

    with pytest.raises(AttendanceLinkError):
        check_attendance_link_unused(
            rotation_request=RotationRequest.objects.get(pk=ended.pk), state=claims.state
        )
    with pytest.raises(AttendanceLinkError):
        attend(ended, link_state=claims.state)

    assert Attendance.objects.get().missed_days == [ended.rotation.start_date]


def test_an_expired_or_altered_link_is_refused(settings):
    ended = block(weeks_ago=6)
    token = make_attendance_token(rotation_request=ended)

    with pytest.raises(AttendanceLinkError) as altered:
        read_attendance_token(token[:-2] + "xx")
    assert altered.value.reason == "invalid"
    other_purpose = signing.TimestampSigner(salt="another").sign_object({"r": 1, "p": 1, "n": "x"})
    with pytest.raises(AttendanceLinkError):
        read_attendance_token(other_purpose)
    settings.ATTENDANCE_LINK_MAX_AGE = -1
    with pytest.raises(AttendanceLinkError) as expired:
        read_attendance_token(token)
    assert expired.value.reason == "expired"


def test_the_reminder_is_written_in_the_preceptors_language():
    ended = block(weeks_ago=6, preceptor=PreceptorFactory(user__language="es"))
    reminders.send_evaluation_reminders(today=ended.rotation.end_date + datetime.timedelta(days=4))

    subject, text, html = render_notification(Notification.objects.get())

    name = ended.application.applicant.display_name
    assert subject == f"Recordatorio: la evaluación final de {name} está pendiente"
    assert "vencía hace 4 días" in text
    assert "Evaluar ahora" in html


def test_a_weekend_adds_nothing_to_confirm():
    running = block(weeks_ago=1)
    friday = running.rotation.start_date + datetime.timedelta(days=11)
    attend(running, today=friday)

    sunday = friday + datetime.timedelta(days=2)
    assert reminders.send_attendance_requests(today=sunday) == 0
    monday = friday + datetime.timedelta(days=3)
    assert reminders.send_attendance_requests(today=monday) == 1

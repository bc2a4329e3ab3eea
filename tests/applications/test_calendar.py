"""The interview's calendar invitation (RFC 5545), parsed back with `icalendar`."""

import datetime

import pytest
from django.core import mail
from icalendar import Calendar

from applications import services
from tests.applications.interview_support import (
    MEETING_URL,
    UTC,
    coordinator,
    event_of,
    future,
    ics_of,
    under_review,
)
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(django_capture_on_commit_callbacks):
    """An interview scheduled through the service, its emails sent."""
    staff = coordinator(first_name="Grace", last_name="Hopper")
    application = under_review(timezone="Asia/Kolkata")
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.schedule_interview(
            application=application,
            by=staff,
            starts_at=future(days=5),
            duration_minutes=45,
            meeting_url=MEETING_URL,
            interviewer=staff,
        )
    return interview


def test_invitation_carries_an_ics_with_utc_times_a_uid_and_sequence_zero(scheduled):
    (message,) = [m for m in mail.outbox if m.attachments]
    calendar = ics_of(message)
    event = event_of(calendar)

    assert str(calendar["method"]) == "REQUEST"
    assert str(calendar["version"]) == "2.0"
    assert "HMC Observership Portal" in str(calendar["prodid"])
    assert str(event["uid"]) == scheduled.uid
    assert event["sequence"] == 0
    assert event.decoded("dtstart") == scheduled.starts_at
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert event.decoded("dtend") == scheduled.starts_at + datetime.timedelta(minutes=45)
    assert event.decoded("dtstamp").tzinfo is not None
    assert str(event["url"]) == MEETING_URL
    assert f"Join: {MEETING_URL}" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]).startswith("mailto:")
    attendees = [str(a) for a in event.get("attendee")]
    assert attendees == [
        f"mailto:{scheduled.application.applicant.email}",
        f"mailto:{scheduled.interviewer.email}",
    ]


def test_ics_writes_times_in_utc_with_the_z_suffix(scheduled):
    (message,) = [m for m in mail.outbox if m.attachments]
    text = message.attachments[0][1]
    start = scheduled.starts_at.astimezone(UTC)

    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in text
    assert "\r\n" in text  # RFC 5545 line endings


def test_the_attachment_is_text_calendar_with_its_method(scheduled):
    (message,) = [m for m in mail.outbox if m.attachments]
    filename, _content, mimetype = message.attachments[0]
    (part,) = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]

    assert filename == "interview.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "interview.ics"


def test_reschedule_keeps_the_uid_and_raises_the_sequence(
    scheduled, django_capture_on_commit_callbacks
):
    staff = coordinator()
    new_times = [future(days=6), future(days=7, hour=9)]
    for starts_at in new_times:
        with django_capture_on_commit_callbacks(execute=True):
            services.reschedule_interview(interview=scheduled, by=staff, starts_at=starts_at)

    updates = [m for m in mail.outbox if m.attachments][1:]
    events = [event_of(ics_of(m)) for m in updates]
    assert [str(e["uid"]) for e in events] == [scheduled.uid, scheduled.uid]
    assert [e["sequence"] for e in events] == [1, 2]
    assert [e.decoded("dtstart") for e in events] == new_times
    assert all(str(ics_of(m)["method"]) == "REQUEST" for m in updates)


def test_cancel_sends_method_cancel_with_a_higher_sequence(
    scheduled, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_interview(interview=scheduled, by=coordinator(), reason="Illness.")

    message = [m for m in mail.outbox if m.attachments][-1]
    calendar = ics_of(message)
    event = event_of(calendar)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == scheduled.uid
    assert event["sequence"] == 1
    assert message.attachments[0][2] == "text/calendar; method=CANCEL"


def test_calendar_download_gives_the_owner_an_ics(client):
    interview = InterviewFactory(starts_at=future(days=4))
    client.force_login(interview.application.applicant)

    response = client.get(f"/dashboard/interviews/{interview.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="interview.ics"'
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event_of(calendar)["uid"]) == interview.uid
    assert event_of(calendar).decoded("dtstart") == interview.starts_at


def test_calendar_download_of_someone_elses_interview_is_404(client):
    interview = InterviewFactory()
    client.force_login(UserFactory())

    response = client.get(f"/dashboard/interviews/{interview.pk}/calendar.ics")

    assert response.status_code == 404


def test_calendar_download_anonymous_is_sent_to_log_in(client):
    interview = InterviewFactory()

    response = client.get(f"/dashboard/interviews/{interview.pk}/calendar.ics")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

"""The dashboard's interview card: the time in the applicant's zone, the join link, the
calendar file, and picking one of the offered times."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus, InterviewStatus
from applications.lifecycle import Actor
from applications.models import Interview
from tests.applications.interview_support import (
    MEETING_URL,
    UTC,
    application_at,
    coordinator,
    future,
    under_review,
)
from tests.factories import InterviewFactory, InterviewSlotFactory

pytestmark = pytest.mark.django_db


def offer(application, *times):
    return services.offer_interview_slots(
        application=application,
        by=coordinator(),
        slots=[services.SlotTime(starts_at=t, meeting_url=MEETING_URL) for t in times],
    )


def test_interview_shows_in_the_applicants_zone_with_the_join_link_and_calendar_file(client):
    application = application_at("submitted", "under_review", "interview", timezone="Asia/Kolkata")
    interview = InterviewFactory(
        application=application,
        starts_at=datetime.datetime(2031, 3, 4, 15, 0, tzinfo=UTC),
        duration_minutes=45,
        meeting_url=MEETING_URL,
    )
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Tuesday 4 March 2031, 20:30" in html  # 15:00 UTC is 20:30 in India
    assert "(Asia/Kolkata)" in html
    assert "Tuesday 4 March 2031, 09:00 Houston time" in html  # 09:00 in Chicago (CST)
    assert "45 minutes" in html
    assert f'href="{MEETING_URL}"' in html
    assert f'href="/dashboard/interviews/{interview.pk}/calendar.ics"' in html


def test_an_applicant_in_houston_time_sees_the_time_once(client):
    application = application_at(
        "submitted", "under_review", "interview", timezone="America/Chicago"
    )
    InterviewFactory(
        application=application,
        starts_at=datetime.datetime(2031, 3, 4, 15, 0, tzinfo=UTC),
        meeting_url=MEETING_URL,
    )
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Tuesday 4 March 2031, 09:00" in html
    assert "Houston time" not in html


def test_after_the_interview_there_is_nothing_to_do(client):
    application = application_at("submitted", "under_review", "interview")
    InterviewFactory(
        application=application,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        status=InterviewStatus.COMPLETED,
        meeting_url=MEETING_URL,
    )
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "interview held" in html
    assert MEETING_URL not in html
    assert "calendar.ics" not in html
    assert 'name="slot"' not in html


def test_offered_slots_can_be_picked_on_the_dashboard(client, django_capture_on_commit_callbacks):
    application = under_review(timezone="America/New_York")
    first, second = offer(
        application,
        datetime.datetime(2031, 1, 7, 15, 0, tzinfo=UTC),
        datetime.datetime(2031, 1, 8, 18, 30, tzinfo=UTC),
    )
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()
    confirmation = client.get("/dashboard/interview/pick/", {"slot": second.pk}).content.decode()
    assert Interview.objects.count() == 0  # nothing is booked before Book
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/interview/pick/", {"slot": second.pk}, follow=True)

    assert "Tuesday 7 January 2031" in html and "<strong>10:00</strong> your time" in html
    assert "Wednesday 8 January 2031" in html and "<strong>13:30</strong> your time" in html
    assert "Book Wednesday 8 January 2031, 13:30 your time (12:30 Houston time)?" in confirmation
    assert f'value="{first.pk}"' in html and f'value="{second.pk}"' in html
    assert response.redirect_chain == [("/dashboard/", 302)]
    page = response.content.decode()
    assert (
        "Your interview is booked for Wednesday 8 January 2031 at 13:30 (America/New_York)" in page
    )
    interview = Interview.objects.get()
    assert interview.starts_at == second.starts_at
    assert 'name="slot"' not in page  # the other time lapsed
    assert f'href="{MEETING_URL}"' in page


def test_someone_elses_slot_is_404(client):
    slot = InterviewSlotFactory()
    mine = under_review()
    client.force_login(mine.applicant)

    response = client.post("/dashboard/interview/pick/", {"slot": slot.pk})

    assert response.status_code == 404
    assert Interview.objects.count() == 0


def test_a_slot_of_a_lapsed_offer_is_refused(client):
    application = under_review()
    first, second = offer(application, future(days=2), future(days=3))
    services.pick_interview_slot(slot=first, by=application.applicant)
    client.force_login(application.applicant)

    response = client.post("/dashboard/interview/pick/", {"slot": second.pk}, follow=True)

    assert "This time is no longer available." in response.content.decode()
    assert Interview.objects.get().starts_at == first.starts_at


def test_a_slot_is_refused_once_the_application_moved_on(client):
    application = under_review()
    (slot,) = offer(application, future(days=2))
    services.transition_application(
        application=application, to=ApplicationStatus.REJECTED, by=None, actor=Actor.COORDINATOR
    )
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()
    response = client.post("/dashboard/interview/pick/", {"slot": slot.pk}, follow=True)

    assert 'name="slot"' not in html
    assert "This time is no longer available." in response.content.decode()
    assert Interview.objects.count() == 0


def test_picking_without_a_slot_is_a_message(client):
    application = under_review()
    client.force_login(application.applicant)

    response = client.post("/dashboard/interview/pick/", {"slot": "x"}, follow=True)

    assert "Choose one of the times offered." in response.content.decode()


def test_picking_anonymous_is_sent_to_log_in(client):
    slot = InterviewSlotFactory()

    response = client.post("/dashboard/interview/pick/", {"slot": slot.pk})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert Interview.objects.count() == 0


def dashboard_queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "interview-card" in response.content.decode()
    return len(queries)


def test_dashboard_query_count_is_the_same_with_1_and_3_interviews(client):
    one = application_at("submitted", "under_review", "interview")
    InterviewFactory(application=one, interviewer=coordinator())
    three = application_at("submitted", "under_review", "interview")
    for days in (-9, -5):
        InterviewFactory(
            application=three,
            starts_at=timezone.now() + datetime.timedelta(days=days),
            status=InterviewStatus.CANCELLED,
            interviewer=coordinator(),
        )
    InterviewFactory(application=three, interviewer=coordinator())
    for days in (6, 7):
        InterviewSlotFactory(application=three, starts_at=future(days=days))

    assert three.interviews.count() == 3
    assert dashboard_queries(client, one.applicant) == dashboard_queries(client, three.applicant)

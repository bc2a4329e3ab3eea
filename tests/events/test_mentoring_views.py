"""Mentoring's pages: the applicant's (mentors, open times in their zone, booking, their
sessions) and the mentor's (publishing in their zone, withdrawing, notes)."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import BookingStatus, MentoringBooking, MentoringSlot
from hmc_portal.panels import dashboard, preceptor_portal
from tests.factories import PreceptorFactory, UserFactory

from .mentoring_support import MentorFactory, SlotFactory, applicant, booking

pytestmark = pytest.mark.django_db

PAGE = "/events/mentoring/"
TIMES = "/events/mentoring/times/"


def test_applicant_sees_open_times_in_their_zone(client):
    user = applicant(timezone="Asia/Kolkata")
    start = datetime.datetime(2030, 3, 4, 15, 0, tzinfo=datetime.UTC)
    SlotFactory(starts_at=start, mentor=MentorFactory(headline="Match advisor"))
    client.force_login(user)

    response = client.get(PAGE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Match advisor" in html
    assert "20:30" in html  # 15:00 UTC in India
    assert "Asia/Kolkata" in html


def test_applicant_books_from_the_page(client):
    user = applicant()
    slot = SlotFactory()
    client.force_login(user)

    response = client.post(
        reverse("events:mentoring_book", args=[slot.pk]), {f"s{slot.pk}-agenda": "My CV"}
    )

    assert response.status_code == 302
    assert MentoringBooking.objects.get().applicant == user


def test_book_a_taken_time_shows_the_message_and_changes_nothing(client):
    slot = SlotFactory()
    booking(slot=slot)
    client.force_login(applicant())

    response = client.post(
        reverse("events:mentoring_book", args=[slot.pk]),
        {f"s{slot.pk}-agenda": "Me too"},
        follow=True,
    )

    assert "Someone else has just booked this time" in response.content.decode()
    assert MentoringBooking.objects.count() == 1


def test_book_with_an_empty_agenda_shows_the_form_error(client):
    slot = SlotFactory()
    client.force_login(applicant())

    response = client.post(reverse("events:mentoring_book", args=[slot.pk]), {})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert MentoringBooking.objects.count() == 0


def test_applicant_before_the_offer_sees_it_closed(client):
    SlotFactory(mentor=MentorFactory(headline="Hidden advisor"))
    client.force_login(applicant("under_review"))

    response = client.get(PAGE)

    assert "Hidden advisor" not in response.content.decode()
    assert "open once you have accepted your offer" in response.content.decode()


def test_applicant_sees_follow_up_but_not_the_private_note(client):
    session = booking(
        slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(days=1)),
        follow_up="Ask two attendings for letters.",
        private_note="Nervous interviewer.",
    )
    client.force_login(session.applicant)

    html = client.get(PAGE).content.decode()

    assert "Ask two attendings for letters." in html
    assert "Nervous interviewer." not in html


def test_someone_elses_session_cannot_be_cancelled(client):
    session = booking()
    client.force_login(applicant())

    response = client.post(
        reverse("events:mentoring_cancel", args=[session.pk]), {f"c{session.pk}-reason": "x"}
    )

    assert response.status_code == 404
    session.refresh_from_db()
    assert session.status == BookingStatus.BOOKED


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    return len(captured)


def test_applicant_page_query_count_does_not_grow(client):
    user = applicant()
    client.force_login(user)
    SlotFactory()
    booking(user=user)
    one = page_queries(client)

    for _ in range(2):
        SlotFactory()
        SlotFactory(mentor=MentorFactory())
        booking(user=user, slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(days=9)))
    three = page_queries(client)

    assert one == three


def times_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(TIMES).status_code == 200
    return len(captured)


def test_times_page_query_count_does_not_grow(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    booking(slot=SlotFactory(mentor=mentor))
    booking(slot=SlotFactory(mentor=mentor, starts_at=timezone.now() - datetime.timedelta(days=2)))
    one = times_queries(client)

    for days in (4, 5):
        booking(
            slot=SlotFactory(
                mentor=mentor, starts_at=timezone.now() + datetime.timedelta(days=days)
            )
        )
        booking(
            slot=SlotFactory(
                mentor=mentor, starts_at=timezone.now() - datetime.timedelta(days=days)
            )
        )
    three = times_queries(client)

    assert one == three


def test_times_page_is_the_mentors_alone(client):
    client.force_login(applicant())
    assert client.get(TIMES).status_code == 404
    client.force_login(PreceptorFactory().user)
    assert client.get(TIMES).status_code == 404


def test_mentor_publishes_in_their_zone(client):
    mentor = MentorFactory(user=UserFactory(timezone="America/Chicago"))
    client.force_login(mentor.user)
    day = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(
        reverse("events:mentoring_publish_once"),
        {
            "once-day": day.isoformat(),
            "once-at": "18:00",
            "once-duration_minutes": "30",
            "once-online_url": "https://meet.example.com/me",
        },
    )

    assert response.status_code == 302
    slot = MentoringSlot.objects.get()
    local = slot.starts_at.astimezone(zoneinfo.ZoneInfo("America/Chicago"))
    assert (local.date(), local.hour, local.minute) == (day, 18, 0)


def test_mentor_publishing_in_the_past_sees_why(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    day = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("events:mentoring_publish_once"),
        {
            "once-day": day.isoformat(),
            "once-at": "09:00",
            "once-duration_minutes": "30",
            "once-place": "Room 4",
        },
    )

    assert response.status_code == 400
    assert "A time in the past cannot be published." in response.content.decode()
    assert MentoringSlot.objects.count() == 0


def test_mentor_publishes_a_weekly_series(client):
    mentor = MentorFactory()
    client.force_login(mentor.user)
    first = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("events:mentoring_publish_weekly"),
        {
            "weekly-weekday": str(first.weekday()),
            "weekly-at": "08:00",
            "weekly-duration_minutes": "45",
            "weekly-first_day": first.isoformat(),
            "weekly-last_day": (first + datetime.timedelta(days=20)).isoformat(),
            "weekly-place": "Library",
        },
    )

    assert response.status_code == 302
    assert MentoringSlot.objects.filter(mentor=mentor).count() == 3


def test_mentor_writes_a_note_on_a_past_session(client):
    session = booking(slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(hours=2)))
    client.force_login(session.slot.mentor.user)

    response = client.post(
        reverse("events:mentoring_note", args=[session.pk]),
        {f"n{session.pk}-private_note": "Good", f"n{session.pk}-follow_up": "Draft a CV"},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.private_note, session.follow_up) == ("Good", "Draft a CV")


def test_another_mentor_cannot_note_or_withdraw(client):
    session = booking()
    client.force_login(MentorFactory().user)

    note = client.post(reverse("events:mentoring_note", args=[session.pk]), {})
    withdraw = client.post(reverse("events:mentoring_withdraw", args=[session.slot.pk]), {})

    assert (note.status_code, withdraw.status_code) == (404, 404)


def test_mentors_page_shows_the_booking(client):
    session = booking(agenda="Interview practice please")
    client.force_login(session.slot.mentor.user)

    html = client.get(TIMES).content.decode()

    assert "Interview practice please" in html
    assert session.applicant.display_name in html


def test_anonymous_goes_to_login(client):
    for url in (PAGE, TIMES):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_dashboard_panel_shows_the_next_session(rf):
    session = booking()
    request = rf.get("/dashboard/")
    request.user = session.applicant
    panel = {p.name: p for p in dashboard.panels}["mentoring"]

    context = panel.context(request=request, application=None)
    html = render_to_string(panel.template, context, request=request)

    assert context["next_session"] == session
    assert "Your next session" in html


def test_dashboard_panel_hidden_before_the_offer_is_accepted(rf):
    request = rf.get("/dashboard/")
    request.user = applicant("interview")
    panel = {p.name: p for p in dashboard.panels}["mentoring"]

    assert panel.context(request=request, application=None) is None


def test_portal_panel_only_for_preceptor_mentors(rf):
    preceptor = PreceptorFactory()
    request = rf.get("/preceptor/")
    request.user = preceptor.user
    names = [p.name for p in preceptor_portal.render(request=request, preceptor=preceptor)]
    assert "mentoring" not in names

    MentorFactory(user=preceptor.user)
    names = [p.name for p in preceptor_portal.render(request=request, preceptor=preceptor)]
    assert "mentoring" in names


def test_a_mentor_without_an_application_lands_on_a_dashboard_with_their_times(client):
    session = booking()
    client.force_login(session.slot.mentor.user)

    html = client.get("/dashboard/").content.decode()

    assert 'href="/events/mentoring/times/"' in html
    assert session.applicant.display_name in html


def test_an_applicant_without_an_application_sees_no_mentoring_panel(client):
    client.force_login(UserFactory())

    html = client.get("/dashboard/").content.decode()

    assert "/events/mentoring/times/" not in html
    assert "You have not started an application yet" in html


def test_mentor_cancels_a_session_and_the_time_stays_open(client):
    session = booking()
    client.force_login(session.slot.mentor.user)
    assert (
        f'action="/events/mentoring/sessions/{session.pk}/cancel/"'
        in client.get(TIMES).content.decode()
    )

    response = client.post(
        reverse("events:mentoring_cancel", args=[session.pk]),
        {f"c{session.pk}-reason": "Called to the ward"},
    )

    assert (response.status_code, response["Location"]) == (302, TIMES)
    session.refresh_from_db()
    session.slot.refresh_from_db()
    assert (session.status, session.slot.status) == ("cancelled", "open")

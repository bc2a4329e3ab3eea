"""Choosing an interview time on the dashboard: large cards with nothing chosen in advance,
each time in the applicant's zone and in Houston time; a confirmation step before anything
is booked; and "request another time", which sends the office the applicant's availability."""

import datetime
import re

import pytest
from django.core import mail

from applications import services
from applications.enums import ApplicationStatus
from applications.lifecycle import Actor
from applications.models import Interview
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from tests.applications.interview_support import (
    MEETING_URL,
    UTC,
    coordinator,
    future,
    html_of,
    under_review,
)
from tests.factories import InterviewSlotFactory, UserFactory
from tests.security.test_double_submit import Case, five_at_once

pytestmark = pytest.mark.django_db

# Friday 5 December 2031, 23:30 UTC: 16:30 in Denver, 17:30 in Houston; 05:00 on Saturday in
# India.
FRIDAY_EVENING = datetime.datetime(2031, 12, 5, 23, 30, tzinfo=UTC)
# Monday 8 December 2031, 15:00 UTC: 08:00 in Denver, 09:00 in Houston.
MONDAY_MORNING = datetime.datetime(2031, 12, 8, 15, 0, tzinfo=UTC)
AVAILABILITY = "Weekdays after 18:00 my time, or Saturday morning."


def offer(application, *times):
    return services.offer_interview_slots(
        application=application,
        by=coordinator(),
        slots=[services.SlotTime(starts_at=t, meeting_url=MEETING_URL) for t in times],
    )


def slot_form(html: str) -> str:
    return re.search(r'<form method="get"[^>]*class="interview-slots".*?</form>', html, re.S)[0]


# --- the cards ----------------------------------------------------------------------------


def test_the_cards_preselect_nothing_and_show_both_zones(client):
    application = under_review(timezone="America/Denver")
    first, second = offer(application, FRIDAY_EVENING, MONDAY_MORNING)
    client.force_login(application.applicant)

    form = slot_form(client.get("/dashboard/").content.decode())

    assert form.count('type="radio"') == 2
    assert "checked" not in form
    assert 'action="/dashboard/interview/pick/"' in form
    assert "Friday 5 December 2031" in form
    assert "<strong>16:30</strong> your time" in form
    assert "Fri 5 Dec, 17:30 Houston time" in form
    assert "Monday 8 December 2031" in form
    assert "Mon 8 Dec, 09:00 Houston time" in form
    assert "America/Denver" in form
    assert f'value="{first.pk}"' in form and f'value="{second.pk}"' in form


def test_the_card_offers_to_request_another_time(client):
    application = under_review()
    offer(application, future(days=3))
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert 'href="/dashboard/interview/another-time/"' in html
    assert "reply to the invitation" not in html


# --- the confirmation step ------------------------------------------------------------------


def test_choosing_a_card_asks_to_confirm_in_both_zones_and_books_nothing(client):
    application = under_review(timezone="America/Denver")
    (slot,) = offer(application, FRIDAY_EVENING)
    client.force_login(application.applicant)

    response = client.get("/dashboard/interview/pick/", {"slot": slot.pk})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Book Friday 5 December 2031, 16:30 your time (17:30 Houston time)?" in html
    assert f'<input type="hidden" name="slot" value="{slot.pk}">' in html
    assert '<form method="post" action="/dashboard/interview/pick/"' in html
    assert 'href="/dashboard/#interview-title">Choose another time</a>' in html
    assert Interview.objects.count() == 0


def test_the_confirmation_names_houstons_day_when_it_differs(client):
    application = under_review(timezone="Asia/Kolkata")
    (slot,) = offer(application, FRIDAY_EVENING)
    client.force_login(application.applicant)

    html = client.get("/dashboard/interview/pick/", {"slot": slot.pk}).content.decode()

    assert (
        "Book Saturday 6 December 2031, 05:00 your time "
        "(Friday 5 December 2031, 17:30 Houston time)?"
    ) in html


def test_the_confirmation_in_houston_names_one_time(client):
    application = under_review(timezone="America/Chicago")
    (slot,) = offer(application, FRIDAY_EVENING)
    client.force_login(application.applicant)

    html = client.get("/dashboard/interview/pick/", {"slot": slot.pk}).content.decode()

    assert "Book Friday 5 December 2031, 17:30 Houston time?" in html


def test_book_on_the_confirmation_books_the_interview(client, django_capture_on_commit_callbacks):
    application = under_review(timezone="America/Denver")
    (slot,) = offer(application, FRIDAY_EVENING)
    client.force_login(application.applicant)

    client.get("/dashboard/interview/pick/", {"slot": slot.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/interview/pick/", {"slot": slot.pk}, follow=True)

    assert response.redirect_chain == [("/dashboard/", 302)]
    assert (
        "Your interview is booked for Friday 5 December 2031 at 16:30 (America/Denver)"
        in response.content.decode()
    )
    assert Interview.objects.get().starts_at == FRIDAY_EVENING


def test_confirming_someone_elses_slot_is_404(client):
    slot = InterviewSlotFactory()
    mine = under_review()
    client.force_login(mine.applicant)

    response = client.get("/dashboard/interview/pick/", {"slot": slot.pk})

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["", "x", "-1", "1.5"])
def test_confirming_without_a_valid_slot_is_a_message(client, value):
    application = under_review()
    client.force_login(application.applicant)

    response = client.get("/dashboard/interview/pick/", {"slot": value}, follow=True)

    assert response.redirect_chain == [("/dashboard/#interview-title", 302)]
    assert "Choose one of the times offered." in response.content.decode()


def test_confirming_a_lapsed_slot_says_so(client):
    application = under_review()
    first, second = offer(application, future(days=2), future(days=3))
    services.pick_interview_slot(slot=first, by=application.applicant)
    client.force_login(application.applicant)

    response = client.get("/dashboard/interview/pick/", {"slot": second.pk}, follow=True)

    assert "This time is no longer available." in response.content.decode()
    assert Interview.objects.count() == 1


def test_confirming_anonymous_is_sent_to_log_in(client):
    slot = InterviewSlotFactory()

    response = client.get("/dashboard/interview/pick/", {"slot": slot.pk})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- request another time -------------------------------------------------------------------


def test_the_request_page_shows_the_applicants_zone(client):
    application = under_review(timezone="Asia/Kolkata")
    offer(application, future(days=3))
    client.force_login(application.applicant)

    html = client.get("/dashboard/interview/another-time/").content.decode()

    assert "Your time zone is <strong>Asia/Kolkata</strong>" in html
    assert 'name="availability"' in html
    assert "reply to this email" not in html.lower()


def test_a_request_sends_the_office_one_email_that_replies_to_the_applicant(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAM_OFFICE_EMAIL = "office@hmc.test"
    application = under_review(timezone="America/Denver", first_name="Ana", last_name="Ruiz")
    offer(application, FRIDAY_EVENING)
    client.force_login(application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dashboard/interview/another-time/", {"availability": AVAILABILITY}, follow=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dashboard/interview/another-time/", {"availability": AVAILABILITY})

    page = response.content.decode()
    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "We sent your availability to the program office." in page
    assert f"reply by email to {application.applicant.email}" in page
    assert "you can still choose one of the times offered" in page
    (message,) = mail.outbox
    assert message.to == ["office@hmc.test"]
    assert message.reply_to == [application.applicant.email]
    assert message.subject == "Ana Ruiz asks for another interview time (2027)"
    assert AVAILABILITY in message.body
    assert "America/Denver" in message.body
    # The office reads the times on offer in Houston time.
    assert "Friday 5 December 2031, 17:30" in message.body
    assert AVAILABILITY in html_of(message)
    (entry,) = ActivityLog.objects.filter(verb="applications.interview.time_requested")
    assert entry.target == application
    assert entry.actor == application.applicant
    assert entry.data == {"availability": AVAILABILITY, "timezone": "America/Denver"}


def test_a_request_with_a_booked_interview_says_it_stays_booked(
    client, django_capture_on_commit_callbacks
):
    application = under_review(timezone="America/Denver")
    (slot,) = offer(application, FRIDAY_EVENING)
    services.pick_interview_slot(slot=slot, by=application.applicant)
    client.force_login(application.applicant)

    html = client.get("/dashboard/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dashboard/interview/another-time/", {"availability": AVAILABILITY}, follow=True
        )

    assert 'href="/dashboard/interview/another-time/"' in html
    assert (
        "Your interview stays booked for Friday 5 December 2031 at 16:30 (America/Denver) "
        "until the program office moves it."
    ) in response.content.decode()
    assert "Their interview is still booked for Friday 5 December 2031, 17:30" in (
        mail.outbox[-1].body
    )


def test_an_empty_request_is_a_form_error_and_sends_nothing(client):
    application = under_review()
    offer(application, future(days=3))
    client.force_login(application.applicant)

    response = client.post("/dashboard/interview/another-time/", {"availability": "   "})

    assert response.status_code == 400
    assert "Tell us when you are available." in response.content.decode()
    assert Notification.objects.filter(template="interview_time_request").count() == 0


def test_a_fourth_request_in_a_day_is_refused(client, django_capture_on_commit_callbacks):
    application = under_review()
    offer(application, future(days=3))
    client.force_login(application.applicant)

    with django_capture_on_commit_callbacks(execute=True):
        for day in ("Monday", "Tuesday", "Wednesday"):
            client.post("/dashboard/interview/another-time/", {"availability": f"{day} 10-12"})
        response = client.post(
            "/dashboard/interview/another-time/", {"availability": "Friday 9-11"}
        )

    assert response.status_code == 400
    assert "You have already sent 3 requests today." in response.content.decode()
    assert len(mail.outbox) == 3


def test_requesting_away_from_the_interview_stage_is_a_message(client):
    other = UserFactory()
    client.force_login(other)

    response = client.post(
        "/dashboard/interview/another-time/", {"availability": AVAILABILITY}, follow=True
    )

    assert response.redirect_chain == [("/dashboard/", 302)]
    assert "There is no interview to ask another time for." in response.content.decode()
    assert Notification.objects.count() == 0


def test_a_request_once_the_application_moved_on_is_refused(client):
    application = under_review()
    offer(application, future(days=3))
    services.transition_application(
        application=application, to=ApplicationStatus.REJECTED, by=None, actor=Actor.COORDINATOR
    )
    client.force_login(application.applicant)

    response = client.get("/dashboard/interview/another-time/", follow=True)

    assert "There is no interview to ask another time for." in response.content.decode()


def test_requesting_anonymous_is_sent_to_log_in(client):
    response = client.get("/dashboard/interview/another-time/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_only_the_applicant_may_request_another_time():
    application = under_review()
    offer(application, future(days=3))

    with pytest.raises(services.NotAllowed):
        services.request_interview_time(
            application=application, by=UserFactory(), availability=AVAILABILITY
        )
    assert ActivityLog.objects.filter(verb="applications.interview.time_requested").count() == 0


# --- the emails point at the request, not at a reply ----------------------------------------


def test_the_emails_link_to_request_another_time(settings, django_capture_on_commit_callbacks):
    application = under_review()
    with django_capture_on_commit_callbacks(execute=True):
        (slot,) = offer(application, future(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.pick_interview_slot(slot=slot, by=application.applicant)

    offered, invitation = mail.outbox
    for message in (offered, invitation):
        assert f"{settings.SITE_URL}/dashboard/interview/another-time/" in message.body
        assert f'href="{settings.SITE_URL}/dashboard/interview/another-time/"' in html_of(message)
        assert "reply to this email" not in message.body.lower()


# --- the admin's message after scheduling -----------------------------------------------------


def test_the_admin_names_the_time_in_the_staff_members_zone(client):
    staff = coordinator(timezone="America/Chicago")
    application = under_review(timezone="Asia/Kolkata")
    client.force_login(staff)

    response = client.post(
        "/admin/applications/interview/add/",
        {
            "application": application.pk,
            "starts_at_0": "2031-12-05",
            "starts_at_1": "09:30",
            "duration_minutes": 30,
            "meeting_url": MEETING_URL,
            "interviewer": "",
        },
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown[0] == (
        "Interview scheduled for Friday 5 December 2031, 09:30 (America/Chicago). The "
        "applicant was emailed the invitation with its calendar file."
    )
    assert "09:30 UTC" not in " ".join(shown)
    assert "2031-12-05 09:30 (America/Chicago)" in shown[1]  # Django's own "was added"
    assert Interview.objects.get().starts_at == datetime.datetime(2031, 12, 5, 15, 30, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_the_same_request_five_times_at_once_sends_one_email():
    application = under_review()
    offer(application, future(days=3))
    mail.outbox.clear()
    case = Case(
        url="/dashboard/interview/another-time/",
        data={"availability": AVAILABILITY},
        user=application.applicant,
        verb="applications.interview.time_requested",
        template="interview_time_request",
        success="We sent your availability to the program office.",
        refusals=(),
        changed=lambda: True,
    )

    responses = five_at_once(case)

    # A double click is one request: every answer says it was sent, the office gets one.
    pages = [response.content.decode() for response in responses]
    assert [case.success in page for page in pages] == [True] * 5
    assert ActivityLog.objects.filter(verb=case.verb).count() == 1
    assert Notification.objects.filter(template=case.template).count() == 1
    assert [message.to for message in mail.outbox] == [
        [Notification.objects.get(template=case.template).to_email]
    ]

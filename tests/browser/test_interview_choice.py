"""Choosing an interview time on a phone: the times are large cards, none chosen in advance;
choosing one asks for confirmation in both zones; Book books it; and a time that suits
nobody can be answered with "Request another time"."""

import datetime

import pytest

from applications import services
from applications.models import Interview
from tests.applications.interview_support import MEETING_URL, coordinator, under_review
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

UTC = datetime.UTC
# 16:30 in Denver, 17:30 in Houston; then 08:00 in Denver, 09:00 in Houston.
FRIDAY_EVENING = datetime.datetime(2031, 12, 5, 23, 30, tzinfo=UTC)
MONDAY_MORNING = datetime.datetime(2031, 12, 8, 15, 0, tzinfo=UTC)


def offered_application():
    application = under_review(timezone="America/Denver")
    services.offer_interview_slots(
        application=application,
        by=coordinator(),
        slots=[
            services.SlotTime(starts_at=when, meeting_url=MEETING_URL)
            for when in (FRIDAY_EVENING, MONDAY_MORNING)
        ],
    )
    return application


def test_a_phone_picks_a_card_confirms_and_sees_the_interview(open_phone):
    application = offered_application()
    phone = open_phone(timezone_id="America/Denver")
    log_in(phone, "/accounts/login/", application.applicant.email)
    phone.goto("/dashboard/")

    cards = phone.locator(".slot-card")
    assert cards.count() == 2
    assert phone.locator("input[name=slot]:checked").count() == 0
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    box = cards.first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300

    cards.first.get_by_text("Houston time").click()  # anywhere on the card chooses it
    assert phone.locator("input[name=slot]:checked").count() == 1
    phone.get_by_role("button", name="Continue").click()

    phone.get_by_text(
        "Book Friday 5 December 2031, 16:30 your time (17:30 Houston time)?"
    ).wait_for()
    assert Interview.objects.count() == 0
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    phone.get_by_role("button", name="Book", exact=True).click()
    phone.get_by_text("Your interview is booked for Friday 5 December 2031 at 16:30").wait_for()
    assert phone.locator(".interview-time").inner_text() == "Friday 5 December 2031, 16:30"
    assert phone.get_by_role("link", name="Join the interview").get_attribute("href") == (
        MEETING_URL
    )
    assert Interview.objects.get().starts_at == FRIDAY_EVENING
    assert_accessible(phone)


def test_choose_another_time_goes_back_to_the_cards(open_phone):
    application = offered_application()
    phone = open_phone(timezone_id="America/Denver")
    log_in(phone, "/accounts/login/", application.applicant.email)
    phone.goto("/dashboard/")

    phone.locator(".slot-card").nth(1).click()
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("link", name="Choose another time").click()

    phone.locator(".slot-card").first.wait_for()
    assert phone.url.endswith("/dashboard/#interview-title")
    assert Interview.objects.count() == 0


def test_a_phone_requests_another_time(open_phone, settings):
    settings.PROGRAM_OFFICE_EMAIL = "office@hmc.test"
    application = offered_application()
    phone = open_phone(timezone_id="America/Denver")
    log_in(phone, "/accounts/login/", application.applicant.email)
    phone.goto("/dashboard/")

    phone.get_by_role("link", name="Request another time").click()
    phone.get_by_text("Your time zone is America/Denver").wait_for()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.get_by_label("When are you available?").fill("Weekdays after 18:00, or Saturday.")
    phone.get_by_role("button", name="Send my availability").click()

    phone.get_by_text("We sent your availability to the program office.").wait_for()
    assert phone.url.endswith("/dashboard/")

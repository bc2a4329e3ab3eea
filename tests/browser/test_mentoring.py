"""Mentoring in a real chromium: a mentor publishes a time in their zone (Chicago) and an
applicant on a phone (Kolkata) sees it in theirs and books it; a taken time is refused with
its reason. Every page passes axe (no serious or critical violation) and fits 390 px."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from events.models import MentoringBooking
from tests.events.mentoring_support import MentorFactory, applicant
from tests.factories import UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_mentor_publishes_a_time_and_an_applicant_books_it(page, mobile_page):
    mentor = MentorFactory(
        user=UserFactory(email="advisor@mentor.test", timezone="America/Chicago"),
        headline="Residency application advisor",
    )
    student = applicant(email="priya@applicant.test", timezone="Asia/Kolkata")
    day = timezone.localdate() + datetime.timedelta(days=6)

    log_in(page, "/accounts/login/", mentor.user.email)
    page.goto("/events/mentoring/times/")
    page.get_by_role("heading", name="Your mentoring times").wait_for()
    assert_accessible(page)
    once = page.locator("form.mentoring-once")
    once.get_by_label("Day").fill(day.isoformat())
    once.get_by_label("Time").fill("18:00")
    once.get_by_label("Length (minutes)").select_option("45")
    once.get_by_label("Online link").fill("https://meet.example.com/advisor")
    once.get_by_role("button", name="Publish this time").click()
    page.get_by_text("Your time is published.").wait_for()
    assert page.locator(".mentoring-own-slot").count() == 1
    assert_accessible(page)

    chicago = datetime.datetime.combine(
        day, datetime.time(18), zoneinfo.ZoneInfo("America/Chicago")
    )
    in_kolkata = chicago.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata")).strftime("%H:%M")
    phone = mobile_page
    log_in(phone, "/accounts/login/", student.email)
    phone.goto("/events/mentoring/")
    phone.get_by_role("heading", name="Mentoring and career guidance").wait_for()
    slot = phone.locator(".mentoring-slot").first
    assert in_kolkata in slot.inner_text()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    slot.get_by_label("What would you like to talk about?").fill("My personal statement")
    slot.get_by_role("button", name="Book this time").click()
    phone.get_by_text("Your session is booked.").wait_for()
    assert phone.locator(".mentoring-booking").count() == 1
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    booking = MentoringBooking.objects.get()
    assert (booking.applicant, booking.agenda) == (student, "My personal statement")
    page.goto("/events/mentoring/times/")
    assert "My personal statement" in page.locator(".mentoring-own-slot").inner_text()

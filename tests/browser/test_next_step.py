"""On a phone (390 px), at the interview stage: the road ahead marks the interview, and the
next step asks to pick one of the times on offer, then, once one is booked, gives its time in
the applicant's zone with the link to join. Checked with axe, with no sideways scrolling, and
at 1280 px too."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.utils import timezone

from applications.models import Interview, InterviewSlot
from tests.applications.interview_support import application_at
from tests.factories import PASSWORD
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "next-step"
ZONE = "Asia/Kolkata"


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard/")


def check(page, name: str) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-390.png", full_page=True)


def test_at_the_interview_stage_the_phone_shows_the_road_and_the_next_step(open_phone):
    application = application_at(
        "submitted", "under_review", "interview", email="priya@example.com", timezone=ZONE
    )
    first = timezone.now().astimezone(datetime.UTC).replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=3)
    for starts_at in (first, first + datetime.timedelta(days=1)):
        InterviewSlot.objects.create(
            application=application,
            starts_at=starts_at,
            duration_minutes=30,
            meeting_url="https://meet.example.com/hmc-priya",
        )
    page = open_phone()
    log_in(page, "priya@example.com")

    road = page.get_by_role("list").filter(has_text="Completion")
    assert road.locator("li").count() == 7
    current = road.locator('[aria-current="step"]')
    assert current.locator(".road-step-label").inner_text() == "Interview"
    assert page.locator(".next-step-badge").inner_text() == "Action needed: pick an interview time"
    assert page.locator(".next-step").inner_text() == (
        "Pick your interview time: 2 times are on offer, shown on your dashboard in your time "
        f"zone, {ZONE}. Once you pick one, we email you the link to join."
    )
    assert "appears here as soon as it is scheduled" not in page.content()
    check(page, "slots-offered")

    # The main action leads to the times; the applicant books the first one.
    page.get_by_role("link", name="Pick a time").click()
    page.locator(".slot-card").first.click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url("**/dashboard/")
    interview = Interview.objects.get(application=application)
    assert interview.starts_at == first

    page.goto("/dashboard/")
    local = first.astimezone(zoneinfo.ZoneInfo(ZONE))
    when = f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({ZONE})"
    assert page.locator(".next-step-badge").inner_text() == "Interview booked"
    assert (
        page.locator(".next-step")
        .inner_text()
        .startswith(f"Your interview is booked for {when}. Join it with the link on your dashboard")
    )
    join = page.get_by_role("link", name="Join the interview")
    assert join.inner_text() == "Join the interview"
    assert join.get_attribute("href") == "https://meet.example.com/hmc-priya"
    assert "appears here as soon as it is scheduled" not in page.content()
    check(page, "interview-booked")

    page.set_viewport_size({"width": 1280, "height": 900})
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    page.screenshot(path=SCREENSHOTS / "interview-booked-1280.png", full_page=True)

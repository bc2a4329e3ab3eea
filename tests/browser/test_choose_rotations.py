"""Choosing rotations on a phone (390 px). Without the plan's script: an applicant who needs
a visa sees cards for her specialty and months (none too soon for the visa), shows all,
adds two rotations to her plan, reads the gap between them on the timeline, moves the second
up, and sends; the requests keep the plan's order. With it: the same changes happen in
place, without a reload, the page keeps its place and a screen reader hears each change."""

import datetime
from pathlib import Path

import pytest

from applications.models import Application
from rotations.models import RotationRequest
from tests.factories import (
    CompleteApplicantFactory,
    PreceptorFactory,
    RotationFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "choose-rotations"


def four_weeks(weeks_ahead: int, specialty, site):
    start = next_monday(weeks_ahead)
    return RotationFactory(
        specialty=specialty,
        preceptor=PreceptorFactory(specialties=[specialty]),
        site=site,
        start_date=start,
        end_date=start + datetime.timedelta(days=25),
    )


def test_a_visa_applicant_plans_two_rotations_on_a_phone_and_sends_them(
    open_phone, live_server, settings
):
    settings.MIN_WEEKS_BEFORE_START = 8
    applicant = CompleteApplicantFactory(email="amina@example.com")  # a citizen of India
    internal = SpecialtyFactory(name="Internal Medicine")  # her specialty
    cardiology = SpecialtyFactory(name="Cardiology")
    site = SiteFactory(name="Harris Health Ben Taub Hospital")
    too_soon = four_weeks(3, internal, site)
    wanted = four_weeks(9, internal, site)
    other = four_weeks(15, cardiology, site)
    Application.objects.filter(applicant=applicant).update(
        status="confirmed", preferred_start=wanted.start_date.replace(day=1), program_weeks=4
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = open_phone()
    phone.route("**/js/rotation-plan.js", lambda route: route.abort())  # plain forms only

    log_in(phone, "/accounts/login/", applicant.email)
    phone.goto("/dashboard/rotations/")
    cards = phone.locator(".rotation-card")
    assert cards.count() == 1  # her specialty and month; the block in 3 weeks is too soon
    assert "Internal Medicine" in cards.first.inner_text()
    assert phone.get_by_text("As a citizen of India you need a visa").is_visible()
    assert phone.get_by_text("Your plan is empty.").is_visible()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.screenshot(path=SCREENSHOTS / "01-cards.png", full_page=True)

    cards.first.get_by_role("button", name="Add to my plan").click()
    phone.get_by_text("is in your plan as choice 1.").wait_for()
    phone.get_by_role("link", name="Show all open rotations").click()
    phone.wait_for_url("**/dashboard/rotations/?all=1*")
    shown = phone.locator(".rotation-card h3").all_inner_texts()
    assert shown == ["Internal Medicine", "Cardiology"]
    assert too_soon.pk not in (wanted.pk, other.pk)
    phone.locator(".rotation-card", has_text="Cardiology").get_by_role(
        "button", name="Add to my plan"
    ).click()
    phone.get_by_text("is in your plan as choice 2.").wait_for()

    timeline = phone.locator(".plan-timeline")
    assert timeline.get_by_text(
        "2 weeks free between Internal Medicine and Cardiology"
    ).is_visible()
    assert timeline.locator(".timeline-block").count() == 2
    phone.get_by_role("button", name="Move up Cardiology").click()
    phone.get_by_text("is now choice 1 in your plan.").wait_for()
    assert phone.locator(".plan-list .plan-item strong").all_inner_texts() == [
        "Cardiology",
        "Internal Medicine",
    ]
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.screenshot(path=SCREENSHOTS / "02-plan.png", full_page=True)

    phone.get_by_role("button", name="Send my requests to the preceptors").click()
    phone.get_by_text("2 requests sent.").wait_for()
    assert phone.locator(".rotation-request .request-status").all_inner_texts() == [
        "Waiting for the preceptor",
        "Waiting for the preceptor",
    ]
    assert list(
        RotationRequest.objects.order_by("rank").values_list("rotation__specialty__name", "rank")
    ) == [("Cardiology", 1), ("Internal Medicine", 2)]
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.screenshot(path=SCREENSHOTS / "03-sent.png", full_page=True)


def test_with_the_script_the_plan_changes_in_place(open_phone, live_server):
    applicant = CompleteApplicantFactory()
    internal = SpecialtyFactory(name="Internal Medicine")
    site = SiteFactory(name="Memorial Hermann")
    first = four_weeks(10, internal, site)
    second = four_weeks(14, internal, site)
    Application.objects.filter(applicant=applicant).update(status="confirmed")
    phone = open_phone()
    log_in(phone, "/accounts/login/", applicant.email)
    phone.goto("/dashboard/rotations/?all=1")
    phone.evaluate("window.samePage = true")

    later = phone.locator(".rotation-card").nth(1)
    later.scroll_into_view_if_needed()
    scrolled = phone.evaluate("window.scrollY")
    later.get_by_role("button", name="Add to my plan").click()
    phone.locator(".plan-item").first.wait_for()
    assert later.get_by_text("In your plan").is_visible()
    assert phone.evaluate("document.activeElement.closest('.rotation-card') !== null")
    assert phone.evaluate("window.scrollY") == scrolled  # still at the card, not at the top
    phone.locator(".rotation-card").first.get_by_role("button", name="Add to my plan").click()
    phone.locator(".plan-item").nth(1).wait_for()

    phone.get_by_role("button", name="Move up Internal Medicine").click()
    status = phone.locator("[role=status][aria-live=polite]").filter(
        has_text="is now choice 1 in your plan."
    )
    status.wait_for(state="attached")
    assert phone.evaluate("document.activeElement.textContent").startswith("Move down")
    phone.get_by_role("button", name="Remove Internal Medicine").first.click()
    phone.locator(".plan-item").nth(1).wait_for(state="detached")

    assert phone.evaluate("window.samePage") is True  # never reloaded
    assert phone.console_errors == []
    assert_accessible(phone)
    # The server has the plan the page showed: added later-first, the earlier block moved up
    # to choice 1 and was removed, so the later block is the one left.
    shown = phone.locator(".plan-item time").first.get_attribute("datetime")
    phone.reload()
    assert phone.locator(".plan-item").count() == 1
    assert phone.locator(".plan-item time").first.get_attribute("datetime") == shown
    assert shown == second.start_date.isoformat() != first.start_date.isoformat()


def test_the_open_rotations_page_on_a_phone_and_keep_the_plan(open_phone, live_server, settings):
    settings.ROTATION_CHOICES_PER_PAGE = 4
    applicant = CompleteApplicantFactory()
    internal = SpecialtyFactory(name="Internal Medicine")
    site = SiteFactory(name="Memorial Hermann")
    blocks = [four_weeks(10 + 5 * n, internal, site) for n in range(6)]
    Application.objects.filter(applicant=applicant).update(status="confirmed")
    phone = open_phone()
    log_in(phone, "/accounts/login/", applicant.email)

    phone.goto("/dashboard/rotations/?all=1")
    assert phone.get_by_text("Showing 1–4 of 6 open rotations.").is_visible()
    pages = phone.get_by_role("navigation", name="Pages of open rotations")
    assert pages.get_by_text("Page 1 of 2").is_visible()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)
    phone.screenshot(path=SCREENSHOTS / "04-pages.png", full_page=True)

    pages.get_by_role("link", name="Next").click()
    phone.wait_for_url("**/dashboard/rotations/?all=1&page=2#rotations")
    assert phone.get_by_text("Showing 5–6 of 6 open rotations.").is_visible()
    phone.locator(".rotation-card").first.get_by_role("button", name="Add to my plan").click()
    phone.locator(".plan-item").first.wait_for()
    assert phone.locator(".rotation-card").first.get_by_text("In your plan").is_visible()
    assert phone.get_by_text("Showing 5–6 of 6 open rotations.").is_visible()
    assert_no_horizontal_overflow(phone)
    phone.screenshot(path=SCREENSHOTS / "05-second-page.png", full_page=True)

    phone.reload()  # the page of cards and the plan, from the server
    assert "page=2" in phone.url
    assert phone.locator(".plan-item time").first.get_attribute("datetime") == (
        blocks[4].start_date.isoformat()
    )
    assert phone.console_errors == []

"""Placement in a real chromium: an applicant who accepted her offer chooses two rotations,
the preceptor opens each link from the email and confirms, and the applicant's dashboard
shows both confirmed and the application enrolled. The catalogue, the directory, the
choosing page, the link page and the preceptor portal are checked with axe."""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail

from applications.enums import ApplicationStatus
from applications.models import Application
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import (
    PASSWORD,
    CompleteApplicantFactory,
    PreceptorFactory,
    RotationFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "placement"


def check_page(page, name: str) -> None:
    """No serious axe violation, and no sideways scrolling at 390 px and at 1280 px."""
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_overflow(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def log_in(page, email: str, lands_on: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{lands_on}")


def test_an_applicant_chooses_two_rotations_and_the_preceptor_confirms_by_email(
    page, browser, live_server, settings
):
    settings.SITE_URL = live_server.url  # links in emails point at this server
    applicant = CompleteApplicantFactory(
        email="amina@example.com", first_name="Amina", last_name="Yusuf"
    )
    Application.objects.filter(applicant=applicant).update(status=ApplicationStatus.CONFIRMED)
    internal, cardiology = (
        SpecialtyFactory(name="Internal Medicine"),
        SpecialtyFactory(name="Cardiology"),
    )
    preceptor = PreceptorFactory(
        user__email="dr.patel@hmc.test",
        user__first_name="Anita",
        user__last_name="Patel",
        title="MD, FACP",
        specialties=[internal, cardiology],
    )
    site = SiteFactory(name="Harris Health Ben Taub Hospital")
    first, second = (
        RotationFactory(
            specialty=specialty,
            preceptor=preceptor,
            site=site,
            start_date=next_monday(weeks),
            end_date=next_monday(weeks) + datetime.timedelta(days=25),
        )
        # Amina is a citizen of India: blocks at least MIN_WEEKS_BEFORE_START weeks ahead.
        for specialty, weeks in ((internal, 9), (cardiology, 13))
    )

    # The public catalogue and directory.
    page.goto("/rotations/")
    page.get_by_role("heading", name="Rotations", exact=True).wait_for()
    badge = page.locator(f'[data-free-places="{first.pk}"]')
    assert badge.inner_text() == "2 of 2 places free"
    check_page(page, "01-catalogue")
    # Free places are live: the page asks again (every 30 s, and when it becomes visible).
    Rotation.objects.filter(pk=first.pk).update(confirmed_count=2)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.locator(f'[data-free-places="{first.pk}"]:text-is("Full: waiting list")').wait_for()
    Rotation.objects.filter(pk=first.pk).update(confirmed_count=0)
    page.goto("/preceptors/")
    page.get_by_text("Dr. Anita Patel, MD, FACP").wait_for()
    check_page(page, "02-directory")

    # The applicant chooses two consecutive blocks from her dashboard.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, applicant.email, "/dashboard/")
    page.get_by_role("link", name="Choose your rotations").click()
    page.wait_for_url("**/dashboard/rotations/")
    check_page(page, "03-choose")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Show all open rotations").click()
    for rotation in (first, second):
        page.locator(".rotation-card", has_text=rotation.specialty.name).get_by_role(
            "button", name="Add to my plan"
        ).click()
        page.locator(".plan-item", has_text=rotation.specialty.name).wait_for()
    check_page(page, "03-plan")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Send my requests to the preceptors").click()
    page.get_by_text("2 requests sent.").wait_for()
    assert page.locator(".rotation-request .request-status").all_inner_texts() == [
        "Waiting for the preceptor",
        "Waiting for the preceptor",
    ]

    # The preceptor opens each link from the email, in a browser of their own, and confirms.
    links = [
        re.search(r"https?://\S+/preceptor/respond/\S+/", message.body).group(0)
        for message in mail.outbox
        if message.to == ["dr.patel@hmc.test"]
    ]
    assert len(links) == 2
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    preceptor_page = context.new_page()
    try:
        # The first link, opened without logging in: one click.
        preceptor_page.goto(links[0])
        preceptor_page.get_by_role(
            "heading", name="Amina Yusuf asks to observe with you"
        ).wait_for()
        check_page(preceptor_page, "04-link")
        preceptor_page.set_viewport_size({"width": 1280, "height": 900})
        preceptor_page.get_by_role("button", name="Confirm this observer").click()
        preceptor_page.get_by_text("Confirmed: Amina Yusuf observes with you.").wait_for()
        # The link works once.
        preceptor_page.goto(links[0])
        preceptor_page.get_by_role("heading", name="This link was used already").wait_for()

        # In the portal: one request to answer, one upcoming observer.
        log_in(preceptor_page, "dr.patel@hmc.test", "/preceptor/")
        assert preceptor_page.locator(".portal-pending > li").count() == 1
        assert preceptor_page.locator(".portal-upcoming > li").count() == 1
        check_page(preceptor_page, "05-portal")
        preceptor_page.set_viewport_size({"width": 1280, "height": 900})

        # The second link, opened while logged in.
        preceptor_page.goto(links[1])
        preceptor_page.get_by_role("button", name="Confirm this observer").click()
        preceptor_page.get_by_text("Confirmed: Amina Yusuf observes with you.").wait_for()
        preceptor_page.goto("/preceptor/")
        assert preceptor_page.locator(".portal-pending > li").count() == 0
        assert preceptor_page.locator(".portal-upcoming > li").count() == 2
    finally:
        context.close()

    # Back on the applicant's dashboard: both confirmed, and enrolled.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dashboard/")
    assert page.locator(".application-status").inner_text() == "Enrolled"
    assert page.locator(".dashboard-rotations .request-status").all_inner_texts() == [
        "Confirmed",
        "Confirmed",
    ]
    check_page(page, "06-dashboard")
    assert list(RotationRequest.objects.values_list("status", flat=True)) == [
        RequestStatus.CONFIRMED,
        RequestStatus.CONFIRMED,
    ]

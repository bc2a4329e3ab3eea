"""An enrolled applicant whose confirmed block the program cancelled, with a replacement
granted, on a phone (390 px) and at 1280 px: the dashboard's next step links to the rotations
page, which asks her to choose her replacement block; she adds one to her plan and sends it.
Both pages pass axe and fit their width."""

import datetime
from pathlib import Path

import pytest

from applications.models import Application
from rotations import services
from rotations.models import RotationRequest
from tests.factories import (
    CompleteApplicantFactory,
    CoordinatorFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "replacement-block"


def four_weeks(weeks_ahead: int, specialty, site, **fields):
    start = next_monday(weeks_ahead)
    return RotationFactory(
        specialty=specialty,
        preceptor=PreceptorFactory(specialties=[specialty]),
        site=site,
        start_date=start,
        end_date=start + datetime.timedelta(days=25),
        **fields,
    )


def check_page(page, name: str) -> None:
    assert_accessible(page)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_overflow(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def test_an_enrolled_applicant_chooses_her_replacement_block(open_phone, live_server, settings):
    settings.MIN_WEEKS_BEFORE_START = 8
    applicant = CompleteApplicantFactory(email="amina@example.com")
    internal = SpecialtyFactory(name="Internal Medicine")
    site = SiteFactory(name="Harris Health Ben Taub Hospital")
    cancelled_block = four_weeks(10, internal, site, confirmed_count=1)
    replacement = four_weeks(14, internal, site)
    application = Application.objects.get(applicant=applicant)
    Application.objects.filter(pk=application.pk).update(
        status="enrolled", preferred_start=replacement.start_date.replace(day=1), program_weeks=4
    )
    cancelled = RotationRequestFactory(
        application=application,
        rotation=cancelled_block,
        status="confirmed",
        confirmed_at=datetime.datetime.now(datetime.UTC),
    )
    coordinator = CoordinatorFactory()
    services.cancel_rotation(rotation=cancelled_block, reason="The ward closes.", by=coordinator)
    services.grant_replacement(rotation_request=cancelled, by=coordinator)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone = open_phone()
    phone.route("**/js/rotation-plan.js", lambda route: route.abort())  # plain forms only

    log_in(phone, "/accounts/login/", applicant.email)
    phone.goto("/dashboard/")
    action = phone.locator("a.next-step-action")
    assert action.inner_text() == "Choose your replacement block"
    check_page(phone, "dashboard")
    phone.set_viewport_size({"width": 390, "height": 844})
    action.click()
    phone.wait_for_url("**/dashboard/rotations/")
    assert phone.get_by_role("heading", name="Choose your replacement block").is_visible()
    check_page(phone, "choose")
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.locator(".rotation-card").first.get_by_role("button", name="Add to my plan").click()
    phone.get_by_role("button", name="Send my requests").click()
    phone.wait_for_url("**/dashboard/rotations/#requests")

    chosen = RotationRequest.objects.get(rotation=replacement)
    assert chosen.replacement_for_id == cancelled.replacement_allowance.pk
    assert phone.get_by_text("Replacement block", exact=True).is_visible()
    check_page(phone, "sent")

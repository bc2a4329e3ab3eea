"""Travel and housing help on a phone (390 px): the applicant chooses "Airport pickup",
sees only its fields, sends the request (landing time in Houston time) and finds it listed
beside the places to stay near her site. The page passes axe at each step and fits the
screen."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from tests.factories import ApplicantProfileFactory, SiteFactory
from tests.rotations.factories import HousingDistanceFactory, placed_application
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_asks_for_an_airport_pickup_on_a_phone(mobile_page):
    page = mobile_page
    site = SiteFactory(name="Ben Taub Hospital")
    application = placed_application(site=site)
    ApplicantProfileFactory(user=application.applicant)
    HousingDistanceFactory(site=site, km=Decimal("1.5"), option__name="Near Suites")
    houston = zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)
    landing = timezone.localdate(timezone=houston) + datetime.timedelta(days=12)

    log_in(page, "/accounts/login/", application.applicant.email)
    page.goto("/dashboard/support/")
    page.get_by_role("heading", name="Places to stay near your sites").wait_for()
    assert "1.5 km to Ben Taub Hospital" in page.locator(".housing-option").inner_text()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Airport pickup").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Flight number").fill("QR 713")
    assert page.get_by_label("First night").count() == 0
    page.get_by_label("Landing day (Houston time)").fill(landing.isoformat())
    page.get_by_label("Landing time (Houston time)").fill("15:40")
    assert_accessible(page)
    page.get_by_role("button", name="Send to the program office").click()

    page.locator(".support-request").wait_for()
    listed = page.locator(".support-request").inner_text()
    assert "Flight QR 713" in listed
    assert "15:40 (Houston time)" in listed
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

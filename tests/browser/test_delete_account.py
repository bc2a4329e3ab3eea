"""Deleting an account on a phone (390 px): the applicant reads what happens, gives a wrong
password (told so, nothing stored), then the right one; the page shows the date in her own
zone and she keeps her account with one button. The page passes axe at each step and fits
the screen."""

import zoneinfo

import pytest
from django.utils import timezone

from hmc_portal.dates import written
from hmc_portal.privacy.models import ErasureRequest
from tests.factories import PASSWORD, ApplicantProfileFactory, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_asks_to_delete_her_account_then_keeps_it_on_a_phone(mobile_page):
    page = mobile_page
    applicant = UserFactory(timezone="Asia/Kolkata")
    ApplicantProfileFactory(user=applicant)

    log_in(page, "/accounts/login/", applicant.email)
    page.goto("/dashboard/privacy/")
    page.get_by_role("heading", name="Delete my account").wait_for()
    assert "14 days after you ask" in page.locator("#delete-account").inner_text()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand that my account and my data will be erased").check()
    page.get_by_role("button", name="Delete my account").click()
    page.locator(".error-summary").wait_for()
    assert "That password is not right" in page.locator(".error-summary").inner_text()
    assert ErasureRequest.objects.count() == 0
    assert_accessible(page)

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account and my data will be erased").check()
    page.get_by_role("button", name="Delete my account").click()
    page.locator(".erasure-scheduled").wait_for()
    erasure = ErasureRequest.objects.get()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        when = written(erasure.erase_after, "datetime")
    assert when in page.locator(".erasure-scheduled").inner_text()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("button", name="Keep my account").click()
    page.get_by_text("Your account will not be deleted.").wait_for()
    erasure.refresh_from_db()
    assert erasure.status == "cancelled"
    assert page.get_by_label("Your password").count() == 1
    assert_no_horizontal_overflow(page)

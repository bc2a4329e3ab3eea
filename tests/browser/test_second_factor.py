"""A staff member's first login on a phone (390 px): the password, then the set-up of an
authenticator app (the key read from the page, as a person types it into the app), the
code, the recovery codes saved, and admin opens."""

import base64

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hmc_portal.audit.models import ActivityLog
from tests.factories import PASSWORD, CoordinatorFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_enrol_an_authenticator_app_on_a_phone_and_land_in_admin(mobile_page):
    page = mobile_page
    staff = CoordinatorFactory(email="carmen@hmc.test")

    page.goto("/admin/")
    page.locator("#id_username").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_url("**/accounts/two-factor/setup/**")

    assert page.get_by_role("heading", level=1).inner_text() == "Set up your second step"
    assert page.locator(".qr-code svg").is_visible()
    assert_no_horizontal_overflow(page)
    assert_accessible(page)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("6-digit code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("heading", name="Save your recovery codes").wait_for()
    assert page.get_by_test_id("recovery-codes").locator("code").count() == 10
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Continue").click()  # not ticked: the browser asks first
    page.get_by_label("I have saved my recovery codes somewhere safe").check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/admin/")
    assert "Review and placement" in page.content()
    assert TOTPDevice.objects.get(user=staff).confirmed is True
    assert ActivityLog.objects.filter(verb="users.user.second_factor_enrolled").count() == 1

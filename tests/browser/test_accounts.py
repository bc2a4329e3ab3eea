"""The account pages in a real chromium: the time zone scripts, CSP, accessibility, phones."""

import pytest

from hmc_portal.users.models import User
from tests.factories import PASSWORD, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def lagos_page(open_phone):
    """A phone-sized tab whose browser reports the Africa/Lagos zone."""
    return open_phone(timezone_id="Africa/Lagos")


def test_signup_preselects_the_browsers_zone_and_the_filter_narrows_the_list(lagos_page):
    page = lagos_page
    page.goto("/accounts/signup/")

    assert page.locator("#id_timezone").input_value() == "Africa/Lagos"
    page.get_by_label("Search the time zones").fill("chicago")
    assert page.locator("#id_timezone option").all_inner_texts() == ["America/Chicago"]
    assert page.locator("#id_timezone").input_value() == "America/Chicago"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("First (given) name").fill("Priya")
    page.get_by_label("Last (family) name").fill("Nair")
    page.get_by_label("Email address").fill("priya@example.com")
    page.locator("#id_password1").fill("kochi-to-houston-2027")
    page.get_by_label("Password again").fill("kochi-to-houston-2027")
    page.get_by_role("button", name="Create my account").click()

    page.get_by_role("heading", name="Check your email").wait_for()
    assert User.objects.get(email="priya@example.com").timezone == "America/Chicago"
    assert_accessible(page)
    assert page.console_errors == []


def test_unverified_user_logs_in_sees_the_banner_and_edits_the_profile(lagos_page):
    UserFactory(email="sam@example.com", email_verified_at=None, timezone="UTC")
    page = lagos_page
    page.goto("/accounts/login/?next=/accounts/profile/")
    page.get_by_label("Email address").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/profile/")

    assert page.get_by_role("button", name="Send the link again").is_visible()
    page.get_by_label("Search the time zones").fill("kolkata")
    page.get_by_role("button", name="Save my profile").click()

    page.get_by_text("Your profile is saved.").wait_for()
    assert User.objects.get(email="sam@example.com").timezone == "Asia/Kolkata"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    assert page.console_errors == []


def test_signup_preselects_the_current_name_of_a_zone_the_browser_reports_by_an_old_one(
    browser, live_server
):
    # Chromium (its ICU) reports Asia/Kolkata by the old name Asia/Calcutta.
    context = browser.new_context(base_url=live_server.url, timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.goto("/accounts/signup/")

    assert page.locator("#id_timezone").input_value() == "Asia/Kolkata"
    context.close()

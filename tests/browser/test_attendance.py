"""Attendance in a real chromium on a phone (390 px): the one-click link's page, the
observer's attendance on their dashboard, staff's follow-up list. (The preceptor confirming
attendance and evaluating is the start of the journey in test_letters.) Every page passes
axe (no serious or critical violation) and none scrolls sideways."""

import pytest

from rotations.aftercare.links import make_attendance_token
from tests.factories import StaffFactory
from tests.rotations.attendance_support import attend, block, evaluate
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def check(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_the_one_click_link_confirms_on_a_phone(mobile_page):
    ended = block(weeks_ago=6)
    page = mobile_page

    page.goto(f"/preceptor/attendance/{make_attendance_token(rotation_request=ended)}/")
    check(page)
    page.get_by_role("button", name="Confirm full attendance").click()
    page.get_by_role("heading", name="Attendance confirmed").wait_for()
    check(page)
    page.go_back()
    page.reload()
    page.get_by_role("heading", name="This link was used already").wait_for()
    check(page)


def test_the_observer_sees_their_attendance_on_a_phone(mobile_page):
    ended = block(weeks_ago=6)
    attend(ended)
    evaluate(ended)
    page = mobile_page
    log_in(page, "/accounts/login/", ended.application.applicant.email)

    page.goto("/dashboard/")
    section = page.locator(".dashboard-attendance")
    assert "20 of 20 days attended" in section.inner_text()
    assert "Your observership is completed." in section.inner_text()
    check(page)


def test_staff_see_who_is_late(browser, live_server):
    late = block(weeks_ago=6)
    done = block(weeks_ago=7)
    attend(done)
    evaluation = evaluate(done)
    admin = StaffFactory(email="followup-admin@hmc.test", is_superuser=True)
    totp_device(admin)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "/admin/login/?next=/admin/", admin.email)
    enter_code_in_browser(page, admin)
    try:
        page.goto("/admin/rotations/blockfollowup/?late=yes")
        assert late.application.applicant.display_name in page.locator("#result_list").inner_text()
        assert_accessible(page)
        for path in (
            "/admin/rotations/evaluation/",
            f"/admin/rotations/evaluation/{evaluation.pk}/change/",
            f"/admin/rotations/blockfollowup/{late.pk}/change/",
        ):
            page.goto(path)
            assert_accessible(page)
    finally:
        context.close()

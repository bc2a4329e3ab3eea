"""Attendance and evaluations in a real chromium on a phone (390 px): the preceptor confirms
an observer's attendance with a day missed and submits the final evaluation, which
completes the application; the one-click link's page; the observer's attendance on their
dashboard; staff's follow-up list. Every page passes axe (no serious or critical
violation) and none scrolls sideways."""

import datetime

import pytest

from applications.models import Application
from rotations.aftercare.links import make_attendance_token
from rotations.models import Attendance, Evaluation
from tests.factories import StaffFactory
from tests.rotations.attendance_support import attend, block, evaluate
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def check(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_the_preceptor_confirms_attendance_and_evaluates_on_a_phone(mobile_page):
    ended = block(weeks_ago=6)
    name = ended.application.applicant.display_name
    page = mobile_page
    log_in(page, "/accounts/login/", ended.rotation.preceptor.user.email)

    page.goto("/preceptor/")
    panel = page.locator(".preceptor-followup")
    assert "1 is late." in panel.inner_text()
    check(page)
    panel.get_by_role("link", name="Attendance and evaluations").click()
    page.get_by_role("heading", name="Attendance and evaluations").wait_for()
    check(page)

    page.get_by_role("link", name=f"Confirm attendance {name}").click()
    page.get_by_role("heading", name=f"Attendance of {name}").wait_for()
    check(page)
    page.locator(".attendance-form input[type=checkbox]").nth(2).check()  # the Wednesday
    page.get_by_role("button", name="Confirm attendance").click()
    page.get_by_text(f"Attendance of {name} confirmed.").wait_for()
    assert "19 of 20 days attended" in page.locator(".attendance-state").inner_text()

    page.get_by_role("link", name=f"Final evaluation {name}").click()
    page.get_by_role("heading", name=f"Final evaluation of {name}").wait_for()
    check(page)
    for criterion in ("professionalism", "medical_knowledge", "communication", "us_system"):
        page.locator(f"input[name={criterion}][value='4']").check()
    page.locator("input[name=curiosity][value='5']").check()
    page.get_by_label("Strengths").fill("Careful histories; kind with patients.")
    page.get_by_label("Areas to grow").fill("Present cases more concisely.")
    page.get_by_role("button", name="Submit the evaluation").click()
    page.get_by_text(f"Your evaluation of {name} is submitted.").wait_for()
    check(page)

    assert Attendance.objects.get().missed_days == [
        ended.rotation.start_date + datetime.timedelta(days=2)
    ]
    assert Evaluation.objects.get().curiosity == 5
    assert Application.objects.get(pk=ended.application_id).status == "completed"


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

"""After the rotation, in a real chromium on a phone (390 px): the observer gives feedback on
a block from the dashboard, then, once completed, downloads the certificate and opens its
verification page; the preceptor's aggregate and the staff's results. Every page passes
axe (no serious or critical violation)."""

import pytest

from applications.services import transition_application
from hmc_portal.issuance.models import IssuedDocument
from rotations.models import RotationFeedback
from tests.factories import CoordinatorFactory
from tests.rotations.aftercare_support import completed_blocks, responses_for
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_observer_gives_feedback_and_downloads_the_certificate_on_a_phone(mobile_page):
    page = mobile_page
    application, (first, _second) = completed_blocks()
    log_in(page, "/accounts/login/", application.applicant.email)

    page.goto("/dashboard/")
    page.get_by_role("heading", name="Tell us about your rotation").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Give feedback on Internal Medicine").click()
    page.get_by_role("heading", name="Your feedback on the rotation").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_label("4 – Regular teaching").check()
    page.get_by_label("5 – Part of the team").check()
    page.get_by_label("3 – A fair amount").check()
    page.get_by_label("4 – Well organised").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Comments (optional)").fill("Rounds every morning, patient teaching.")
    page.get_by_role("button", name="Send my feedback").click()
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()
    assert_accessible(page)
    feedback = RotationFeedback.objects.get()
    assert feedback.rotation_request == first
    assert (feedback.teaching, feedback.welcome, feedback.exposure, feedback.organisation) == (
        4,
        5,
        3,
        4,
    )

    transition_application(application=application, to="completed", by=CoordinatorFactory())
    page.goto("/dashboard/")
    page.get_by_role("heading", name="Your certificate").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    page.get_by_role("link", name="Open its verification page").click()
    page.get_by_role("heading", name="Valid document").wait_for()
    assert "AMARA NWOSU" in page.locator("main").inner_text()
    assert IssuedDocument.objects.get(kind="certificate").grouped_code in page.url
    assert_accessible(page)


def test_the_preceptor_sees_averages_after_three_responses_on_a_phone(mobile_page):
    page = mobile_page
    application, _blocks = completed_blocks()
    preceptor = _blocks[0].rotation.preceptor
    responses_for(preceptor, 3, comments="Clear explanations.")
    log_in(page, "/accounts/login/", preceptor.user.email)

    page.goto("/preceptor/")
    page.get_by_role("heading", name="What your observers said").wait_for()

    assert page.locator('[data-criterion="teaching"]').inner_text() == "4.0 / 5"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_the_staff_results_page(browser, live_server):
    coordinator = CoordinatorFactory(email="feedback-admin@hmc.test")
    totp_device(coordinator)
    _application, blocks = completed_blocks()
    responses_for(blocks[0].rotation.preceptor, 2, comments="Kind team.")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    admin = context.new_page()

    log_in(admin, "/admin/login/?next=/admin/rotations/rotationfeedback/", coordinator.email)
    enter_code_in_browser(admin, coordinator)
    admin.goto("/admin/rotations/rotationfeedback/")
    assert_accessible(admin)
    admin.get_by_role("link", name="Results per preceptor and per site").click()
    admin.get_by_role("heading", name="Per preceptor", exact=True).wait_for()

    assert "Kind team." in admin.locator("#content-main").inner_text()
    assert_accessible(admin)
    context.close()

"""The visa invitation letter, end to end: the applicant asks on /dashboard/support/, a
coordinator approves in admin, the applicant downloads the PDF and the verification page
says it is valid. The support page and the admin list pass axe."""

import pytest

from rotations.models import VisaLetterRequest
from tests.factories import CoordinatorFactory
from tests.rotations.visa_support import details, eligible_application
from tests.support.browser import assert_accessible, log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_an_applicant_asks_staff_approve_she_downloads_and_a_consulate_verifies(
    page, browser, live_server
):
    application = eligible_application()
    entered = details()
    coordinator = CoordinatorFactory()
    totp_device(coordinator)

    log_in(page, "/accounts/login/", application.applicant.email)
    page.goto("/dashboard/support/")
    page.get_by_role("heading", name="Visa invitation letter (B-1)").wait_for()
    assert_accessible(page)
    form = page.locator("#visa-letter-form")
    form.get_by_label("Full name as in your passport").fill("okafor chidinma ada")
    form.get_by_label("Passport number").fill(entered.passport_number)
    form.get_by_label("Passport expiry date").fill(entered.passport_expiry.isoformat())
    form.get_by_label("US embassy or consulate").fill(entered.consulate)
    form.get_by_label("Visa interview date").fill(entered.interview_date.isoformat())
    form.get_by_role("button", name="Ask for the letter").click()
    page.get_by_text("Your request is with the program office.").wait_for()
    assert_accessible(page)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    admin = staff.new_page()
    log_in(admin, "/admin/login/?next=/admin/rotations/visaletterrequest/", coordinator.email)
    enter_code_in_browser(admin, coordinator)
    admin.goto("/admin/rotations/visaletterrequest/?state=waiting")
    assert "OKAFOR CHIDINMA ADA" in admin.locator("#result_list").inner_text()
    assert_accessible(admin)
    admin.get_by_role("checkbox", name="Select this object for an action").first.check()
    admin.get_by_label("Action:").select_option("approve")
    admin.get_by_role("button", name="Go").click()
    admin.get_by_text("1 letter issued.").wait_for()
    staff.close()

    page.goto("/dashboard/support/")
    code = page.locator(".visa-letter-code").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your letter (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    letter = VisaLetterRequest.objects.get(application=application).letter
    assert code == letter.grouped_code

    page.goto(f"/verify/{code}/")
    page.get_by_role("heading", name="Valid document").wait_for()
    assert "OKAFOR CHIDINMA ADA" in page.locator("main").inner_text()

"""Pre-arrival compliance in a real chromium: the applicant's checklist on a phone (each
state, a refused date explained, no file kept), the preceptor's cleared / not yet cleared,
and the staff's admin pages. Every page passes axe (no serious or critical violation)."""

import datetime

import pytest

from tests.factories import StaffFactory
from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in
from tests.support.files import pdf_bytes
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def observer():
    placement = placed(weeks_ahead=3)
    site = placement.rotation.site
    start = placement.rotation.start_date
    done = RequirementFactory(site=site, name="Confidentiality agreement")
    expiring = RequirementFactory(
        site=site, name="Health insurance", needs_expiry=True, must_cover_stay=True
    )
    waiting = RequirementFactory(site=site, name="HIPAA training", needs_test_date=True)
    RequirementFactory(site=site, name="TB test", needs_test_date=True, valid_days_before_start=90)
    EvidenceFactory(application=placement.application, requirement=done)
    EvidenceFactory(
        application=placement.application,
        requirement=expiring,
        expiry_date=start + datetime.timedelta(days=5),
    )
    EvidenceFactory(
        application=placement.application,
        requirement=waiting,
        status="pending",
        test_date=start - datetime.timedelta(days=40),
    )
    return placement


def test_the_checklist_on_a_phone_shows_each_state_and_refuses_a_future_date(mobile_page, observer):
    page = mobile_page
    log_in(page, "/accounts/login/", observer.application.applicant.email)
    page.goto("/dashboard/compliance/")
    page.get_by_role("heading", name="Before your first day").wait_for()

    states = page.locator(".compliance-item").evaluate_all(
        "items => items.map(item => item.dataset.state)"
    )
    assert states == ["done", "expires", "pending", "missing"]
    assert page.locator(".cleared-status").inner_text() == "Not yet cleared to start"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    tb = page.locator(".compliance-item", has_text="TB test")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    tb.get_by_label("Date of the test, vaccine, training or check").fill(tomorrow.isoformat())
    tb.get_by_label("Document").set_input_files(
        files=[{"name": "tb.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    tb.get_by_role("button", name="Hand in").click()
    page.get_by_text("is in the future").wait_for()
    assert_accessible(page)


def test_the_preceptor_sees_not_yet_cleared(page, observer):
    preceptor = observer.rotation.preceptor
    log_in(page, "/accounts/login/", preceptor.user.email)
    page.goto("/preceptor/")
    page.locator(".preceptor-clearance").wait_for()
    assert page.locator(".clearance-row [data-cleared]").inner_text() == "Not yet cleared"
    assert_accessible(page)


def test_the_admin_pages_of_compliance(browser, live_server, observer):
    admin = StaffFactory(email="compliance-admin@hmc.test", is_superuser=True)
    totp_device(admin)
    evidence = observer.application.compliance_evidence.filter(status="pending").get()
    requirement = evidence.requirement
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "/admin/login/?next=/admin/", admin.email)
    enter_code_in_browser(page, admin)
    try:
        for path in (
            "/admin/rotations/requirement/",
            "/admin/rotations/requirement/add/",
            f"/admin/rotations/requirement/{requirement.pk}/change/",
            "/admin/rotations/complianceevidence/",
            f"/admin/rotations/complianceevidence/{evidence.pk}/change/",
            "/admin/rotations/complianceevidence/not-cleared/",
        ):
            page.goto(path)
            assert_accessible(page)
        assert "Health insurance" in page.locator(".compliance-not-cleared").inner_text()
        page.goto("/admin/rotations/complianceevidence/")
        page.locator(f"input[name=_selected_action][value='{evidence.pk}']").check()
        page.locator("select[name=action]").select_option("reject_selected")
        page.locator("button[name=index]").click()
        page.get_by_label("Why it is not accepted").wait_for()
        assert_accessible(page)
    finally:
        context.close()

"""Staff review end to end in a real chromium: a coordinator reviews in Django admin (start
review, verify documents, schedule an interview, record the outcome, accept) and the applicant
follows each step on the dashboard and accepts the offer. Every email is in the outbox."""

import datetime
import re

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, Interview
from applications.services import submit_application
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from tests.factories import CompleteApplicantFactory, CoordinatorFactory
from tests.support.browser import assert_accessible, log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def applicant_status(page) -> str:
    page.goto("/dashboard/")
    return page.locator(".application-status").inner_text()


def test_coordinator_reviews_in_admin_and_the_applicant_accepts_the_offer(
    browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    carmen = CoordinatorFactory(email="carmen@hmc.test", timezone="America/Chicago")
    totp_device(carmen)  # her authenticator app
    applicant = CompleteApplicantFactory(email="rahul@example.com", timezone="Asia/Kolkata")
    application = submit_application(application=applicant.applications.get(), by=applicant)

    staff = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    staff.set_default_timeout(10_000)
    admin = staff.new_page()
    imga = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    imga.set_default_timeout(10_000)
    dashboard = imga.new_page()
    log_in(dashboard, "/accounts/login/", "rahul@example.com")
    assert applicant_status(dashboard) == "Submitted"

    change_url = f"/admin/applications/application/{application.pk}/change/"
    log_in(admin, f"/admin/login/?next={change_url}", "carmen@hmc.test")
    assert "/accounts/two-factor/verify/" in admin.url  # the admin's login asks for the code
    enter_code_in_browser(admin, carmen)
    admin.wait_for_url(f"**{change_url}")

    # Start the review (internal: no email), then verify every document.
    admin.get_by_role("link", name="Start review").click()
    admin.get_by_role("button", name="Start review").click()
    admin.wait_for_url(f"**{change_url}")
    verify_buttons = admin.get_by_role("button", name="Verify")
    for _ in range(verify_buttons.count()):
        verify_buttons.first.click()
        admin.wait_for_load_state()
    assert application.documents.exclude(status="verified").count() == 0
    assert applicant_status(dashboard) == "Under review"

    # Schedule the interview at 10:00 Chicago time tomorrow.
    admin.get_by_role("link", name="Schedule an interview").click()
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).date()
    admin.locator("#id_starts_at_0").fill(tomorrow.isoformat())
    admin.locator("#id_starts_at_1").fill("10:00:00")
    admin.locator("#id_meeting_url").fill("https://meet.example.com/hmc-rahul")
    admin.locator("input[name=_save]").click()
    admin.wait_for_load_state()
    interview = Interview.objects.get(application=application)
    assert interview.starts_at.astimezone(datetime.UTC).hour in (15, 16)  # CDT or CST
    dashboard.goto("/dashboard/")
    assert "Interview" in dashboard.locator(".application-status").inner_text()
    assert dashboard.get_by_role("link", name=re.compile("Join")).get_attribute("href") == (
        "https://meet.example.com/hmc-rahul"
    )
    local = interview.starts_at.astimezone(datetime.timezone(datetime.timedelta(hours=5.5)))
    assert local.strftime("%H:%M") in dashboard.content()
    assert_accessible(dashboard)

    # The interview took place: record its outcome.
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    admin.goto(f"/admin/applications/interview/{interview.pk}/change/")
    admin.get_by_role("link", name="Record outcome").click()
    admin.get_by_label("Completed").check()
    admin.get_by_label("Your recommendation").select_option("recommend")
    admin.locator("input[type=submit][value='Record the outcome']").click()
    admin.wait_for_load_state()
    interview.refresh_from_db()
    assert (interview.status, interview.recommendation) == ("completed", "recommend")

    # Accept: an offer with a deadline.
    admin.goto(change_url)
    admin.get_by_role("link", name="Accept (make an offer)").click()
    admin.get_by_role("button", name="Accept (make an offer)").click()
    admin.wait_for_url(f"**{change_url}")
    assert applicant_status(dashboard) == "Offer made"
    assert_accessible(dashboard)

    # The applicant accepts the offer on the dashboard.
    dashboard.get_by_role("button", name="Accept the offer").click()
    dashboard.wait_for_load_state()
    assert applicant_status(dashboard) == "Offer accepted"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED

    sent = list(
        Notification.objects.filter(to_email="rahul@example.com")
        .order_by("created_at", "pk")
        .values_list("template", "status")
    )
    assert sent == [
        ("application_submitted", NotificationStatus.SENT),
        ("interview_invitation", NotificationStatus.SENT),
        ("status_accepted", NotificationStatus.SENT),
        ("status_confirmed", NotificationStatus.SENT),
    ]
    staff.close()
    imga.close()
    moves = Application.objects.get(pk=application.pk).status_changes.values_list(
        "to_status", flat=True
    )
    assert list(moves) == ["submitted", "under_review", "interview", "accepted", "confirmed"]

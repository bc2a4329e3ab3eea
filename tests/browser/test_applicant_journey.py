"""The applicant journey in a real chromium, as an IMG does it: sign up, confirm the email
from the link in the message, fill every step, upload the documents watching the progress
bar, submit, and find the dashboard saying Submitted. Every page is checked with axe and at
phone and desktop widths for overflow; screenshots land in test-results/."""

import re
from pathlib import Path

import pytest
from django.core import mail

from applications.enums import REQUIRED_DOCUMENTS, ApplicationStatus, DocumentKind
from applications.models import Application
from tests.factories import SpecialtyFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow
from tests.support.files import pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "journey"

# Records every value the upload's <progress> element takes, across the page swap that the
# upload script does when the server answers (the window survives it).
WATCH_PROGRESS = """
window.__progress = [];
new MutationObserver(function (records) {
  records.forEach(function (r) {
    if (r.target.tagName === "PROGRESS") { window.__progress.push(r.target.value); }
  });
}).observe(document, {attributes: true, attributeFilter: ["value"], subtree: true});
"""


def check_page(page, name: str) -> None:
    """No serious axe violation, and no sideways scrolling at 390 px and at 1280 px."""
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_overflow(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)


def test_an_img_signs_up_applies_uploads_and_submits(page, live_server, settings, tmp_path):
    settings.SITE_URL = live_server.url  # links in emails point at this server
    SpecialtyFactory(name="Internal Medicine")
    SpecialtyFactory(name="Cardiology")
    page.add_init_script(WATCH_PROGRESS)

    # Sign up.
    page.goto("/accounts/signup/")
    check_page(page, "01-signup")
    page.get_by_label("First (given) name").fill("Amina")
    page.get_by_label("Last (family) name").fill("Yusuf")
    page.get_by_label("Email address").fill("amina.yusuf@example.com")
    page.locator("#id_password1").fill("lagos-to-houston-2027")
    page.get_by_label("Password again").fill("lagos-to-houston-2027")
    page.locator("#id_timezone").select_option("Africa/Lagos")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    check_page(page, "02-check-email")

    # Open the verification link from the email and confirm.
    [message] = mail.outbox
    assert message.to == ["amina.yusuf@example.com"]
    link = re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)
    page.goto(link)
    check_page(page, "03-verify")
    page.get_by_role("button", name=re.compile("Confirm")).click()

    # The browser that signed up is logged in by the confirmation and lands on step 1.
    page.wait_for_url("**/apply/personal/")
    assert page.get_by_text("your email address is confirmed").is_visible()

    # Step 1: personal details.
    check_page(page, "04-personal")
    page.get_by_label("Country of citizenship").select_option(label="Nigeria")
    page.get_by_label("Phone").fill("+234 803 123 4567")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: medical background.
    page.wait_for_url("**/apply/background/")
    check_page(page, "05-background")
    page.locator("#id_medical_school").fill("University of Lagos College of Medicine")
    page.get_by_label("Country of the medical school").fill("Nigeria")
    page.get_by_label("Degree").select_option("mbbs")
    page.get_by_label("Graduation year").fill("2022")
    page.get_by_label("ECFMG certification").select_option("in_progress")
    page.locator("#id_english_test").select_option("native")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3: interests and goals; the word counter counts as she types.
    page.wait_for_url("**/apply/interests/")
    check_page(page, "06-interests")
    page.get_by_label("First choice").select_option(label="Internal Medicine")
    page.get_by_label("Second choice (optional)").select_option(label="Cardiology")
    page.get_by_label("Preferred start month").fill("2027-03")
    page.get_by_label("Career goals").fill("Internal medicine residency in Texas.")
    page.get_by_label("Personal statement").fill("I want to learn how US teams work.")
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: documents, each uploaded from its row with the progress bar running to 100%.
    page.wait_for_url("**/apply/documents/")
    check_page(page, "07-documents")
    for kind in REQUIRED_DOCUMENTS:
        if kind == DocumentKind.PERSONAL_STATEMENT:
            continue  # written in step 3
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf_bytes(padding=160_000))  # big enough to watch the bar move
        page.evaluate("window.__progress = []")
        row = page.locator(f'[data-document-row="{kind}"]')
        with page.expect_file_chooser() as chooser:  # one tap: the row's own button
            row.get_by_role("button", name=f"Upload {kind.label}").click()
        chooser.value.set_files(path)
        row.get_by_role("status").wait_for()
        progress = page.evaluate("window.__progress")
        assert progress and progress[-1] == 100, progress
    check_page(page, "08-documents-uploaded")
    page.get_by_role("link", name="Continue to review and submit").click()

    # Step 5: review and submit.
    page.wait_for_url("**/apply/review/")
    check_page(page, "09-review")
    page.get_by_label(re.compile("I declare")).check()
    page.get_by_role("button", name="Submit my application").click()

    page.wait_for_url("**/dashboard/")
    assert page.locator(".application-status").inner_text() == "Submitted"
    check_page(page, "10-dashboard")
    application = Application.objects.get(applicant__email="amina.yusuf@example.com")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.count() == 4
    assert mail.outbox[-1].subject == "We received your observership application for 2027"

"""Letters of recommendation in a real chromium: the preceptor accepts from the email's
one-time link, edits the pre-filled letter, previews and saves it, sees the ERAS Letter ID
with its copy button; the applicant, on a phone, sees "Written" and never the letter. Every
page passes axe (no serious or critical violation)."""

import pytest

from hmc_portal.notifications.models import Notification
from preceptors.letters.draft import PLACEHOLDER
from tests.preceptors.letters_support import LETTER_ID, ask, finished_block
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_preceptor_writes_the_letter_from_the_email_and_the_applicant_sees_written(
    page, open_phone, live_server, settings
):
    block = finished_block()
    letter_request = ask(block)
    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:requested")
    link = email.context["respond_url"].replace(settings.SITE_URL, live_server.url)

    # The applicant's page on a phone, before: the request waits for the preceptor.
    phone = open_phone()
    log_in(phone, "/accounts/login/", block.application.applicant.email)
    phone.goto("/dashboard/letters/")
    phone.get_by_role("heading", name="Letters of recommendation", level=1).wait_for()
    assert phone.locator(".letter-status").inner_text() == "Requested"
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    # The preceptor opens the link from the email, without logging in, and accepts.
    page.goto(link)
    page.get_by_role(
        "heading", name="Amina Yusuf asks you for a letter of recommendation"
    ).wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Accept: I will write the letter").click()
    page.get_by_text("You accepted to write a letter for Amina Yusuf").wait_for()
    assert_accessible(page)

    # Writing needs the portal: the login page, then the pre-filled letter.
    page.get_by_role("link", name="Write the letter").click()
    page.locator("#id_username").fill(letter_request.preceptor.user.email)
    page.locator("#id_password").fill("correct-horse-battery-staple")
    page.locator("button[type=submit], input[type=submit]").last.click()
    body = page.locator("#id_body")
    body.wait_for()
    draft = body.input_value()
    assert "It is my pleasure to recommend Amina Yusuf" in draft
    assert "Cardiology at Memorial Hermann Hospital" in draft
    assert_accessible(page)
    edited = draft.replace(
        PLACEHOLDER, "Amina presented every new patient with a careful, well-reasoned differential."
    )
    body.fill(edited)
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert "well-reasoned differential" in page.locator(".letter-preview").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Save letter").click()
    page.get_by_role("heading", name="Upload it to ERAS").wait_for()
    assert page.locator("#eras-letter-id").input_value() == LETTER_ID
    assert_accessible(page)
    page.goto("/preceptor/letters/")
    page.locator(".letter-row").first.wait_for()
    assert_accessible(page)

    # The applicant sees "Written", and nothing of the waived letter.
    phone.reload()
    assert phone.locator(".letter-status").inner_text() == "Written"
    assert "well-reasoned" not in phone.content()
    assert phone.get_by_role("link", name="Download the letter (PDF)").count() == 0
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

"""After the rotation, the whole journey in a real chromium: the preceptor confirms the
observer's attendance (a day missed) and submits the final evaluation, which completes the
block and the application; the observer, on a phone, asks for a letter with their ERAS
Letter ID; the preceptor accepts from the email's one-time link, edits the letter the
portal drafted from their own evaluation, previews and saves it, and sees the Letter ID with
its copy button; the observer sees "Written" and never the waived letter. Every page passes
axe (no serious or critical violation) and the phone's pages never scroll sideways."""

import datetime

import pytest
from django.utils import timezone

from applications.models import Application
from hmc_portal.notifications.models import Notification
from preceptors.letters.draft import PLACEHOLDER
from preceptors.models import LetterRequest
from rotations.models import Attendance
from tests.factories import ApplicantProfileFactory
from tests.preceptors.letters_support import LETTER_ID, finished_block
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

STRENGTHS = "Careful, well-organised histories and a kind manner with every patient."


def check(page) -> None:
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_attendance_evaluation_then_the_letter_from_the_email_and_the_applicant_sees_written(
    page, open_phone, live_server, settings
):
    block = finished_block(complete=False)
    ApplicantProfileFactory(user=block.application.applicant)
    preceptor = block.rotation.preceptor.user
    name = block.application.applicant.display_name

    # The preceptor, on the portal: attendance with the Wednesday missed, then the final
    # evaluation. The block is complete, so the application is.
    log_in(page, "/accounts/login/", preceptor.email)
    page.goto("/preceptor/evaluations/")
    page.get_by_role("heading", name="Attendance and evaluations").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=f"Confirm attendance {name}").click()
    page.get_by_role("heading", name=f"Attendance of {name}").wait_for()
    assert_accessible(page)
    page.locator(".attendance-form input[type=checkbox]").nth(2).check()
    page.get_by_role("button", name="Confirm attendance").click()
    page.get_by_text(f"Attendance of {name} confirmed.").wait_for()
    assert "19 of 20 days attended" in page.locator(".attendance-state").inner_text()
    page.get_by_role("link", name=f"Final evaluation {name}").click()
    page.get_by_role("heading", name=f"Final evaluation of {name}").wait_for()
    assert_accessible(page)
    for criterion in ("professionalism", "medical_knowledge", "communication", "us_system"):
        page.locator(f"input[name={criterion}][value='4']").check()
    page.locator("input[name=curiosity][value='5']").check()
    page.get_by_label("Strengths").fill(STRENGTHS)
    page.get_by_label("Areas to grow").fill("Present new patients more concisely.")
    page.get_by_role("button", name="Submit the evaluation").click()
    page.get_by_text(f"Your evaluation of {name} is submitted.").wait_for()
    assert_accessible(page)
    assert Attendance.objects.get().missed_days == [
        block.rotation.start_date + datetime.timedelta(days=2)
    ]
    assert Application.objects.get(pk=block.application_id).status == "completed"

    # The observer, on a phone, asks the preceptor for a letter with the ERAS Letter ID.
    phone = open_phone()
    log_in(phone, "/accounts/login/", block.application.applicant.email)
    phone.goto("/dashboard/letters/")
    phone.get_by_role("heading", name="Letters of recommendation", level=1).wait_for()
    check(phone)
    phone.get_by_label("ERAS Letter ID").fill(LETTER_ID)
    phone.get_by_label("Specialty the letter is for").fill("Internal Medicine")
    due = timezone.localdate() + datetime.timedelta(days=30)
    phone.get_by_label("Needed by").fill(due.isoformat())
    phone.get_by_role("button", name="Send the request").click()
    phone.locator(".letter-status").wait_for()
    assert phone.locator(".letter-status").inner_text() == "Requested"
    check(phone)
    letter_request = LetterRequest.objects.get()
    assert letter_request.waived is True  # the default, what program directors trust

    # The preceptor opens the link from the email and accepts.
    email = Notification.objects.get(dedupe_key=f"letter:{letter_request.pk}:requested")
    page.goto(email.context["respond_url"].replace(settings.SITE_URL, live_server.url))
    page.get_by_role("heading", name=f"{name} asks you for a letter of recommendation").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Accept: I will write the letter").click()
    page.get_by_text(f"You accepted to write a letter for {name}").wait_for()
    assert_accessible(page)

    # The letter opens pre-filled from the block and the preceptor's own evaluation.
    page.get_by_role("link", name="Write the letter").click()
    body = page.locator("#id_body")
    body.wait_for()
    draft = body.input_value()
    assert f"It is my pleasure to recommend {name}" in draft
    assert "Cardiology at Memorial Hermann Hospital" in draft
    assert STRENGTHS in draft
    assert "attended 19 days of the observership" in draft
    assert_accessible(page)
    body.fill(draft.replace(PLACEHOLDER, "Every new patient came with a reasoned differential."))
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()
    assert "reasoned differential" in page.locator(".letter-preview").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Save letter").click()
    page.get_by_role("heading", name="Upload it to ERAS").wait_for()
    assert page.locator("#eras-letter-id").input_value() == LETTER_ID
    assert_accessible(page)

    # The observer sees "Written", and nothing of the waived letter.
    phone.reload()
    assert phone.locator(".letter-status").inner_text() == "Written"
    assert "reasoned differential" not in phone.content()
    assert phone.get_by_role("link", name="Download the letter (PDF)").count() == 0
    check(phone)

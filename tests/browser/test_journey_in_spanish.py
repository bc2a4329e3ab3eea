"""The applicant journey in Spanish, in a real chromium whose browser asks for Spanish: sign
up (Spanish preselected), confirm the email from the Spanish message, fill every step, upload
the documents, submit. Every page is in Spanish (no message of the English catalogue left on
it), has <html lang="es">, and passes axe; the dashboard ends saying "Submitted" in Spanish."""

import re

import pytest
from django.core import mail
from django.utils import translation

from applications.enums import REQUIRED_DOCUMENTS, ApplicationStatus, DocumentKind
from applications.models import Application
from tests.factories import SpecialtyFactory
from tests.i18n.test_pages_in_spanish import english_messages, untranslated
from tests.support.browser import assert_accessible
from tests.support.files import pdf_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def spanish_page(open_phone):
    return open_phone(locale="es-MX")  # the browser asks for Spanish: Accept-Language es-MX


def html_lang_of(message) -> str:
    """The lang of an email's HTML part."""
    html = message.alternatives[0][0]
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def check_spanish(page, catalogue) -> None:
    assert page.locator("html").get_attribute("lang") == "es", page.url
    assert untranslated(page.content(), *catalogue) == [], page.url
    assert_accessible(page)


def submit(page) -> None:
    """The form's main button, whatever its words: "save and continue" on a step."""
    buttons = page.locator("main form [type=submit]")
    go_on = page.locator('main form [type=submit][name="continue"]')
    (go_on if go_on.count() else buttons.last).click()


def next_page(page, pattern: str) -> None:
    """Wait for the next step; say what the page complains about if it does not come."""
    try:
        page.wait_for_url(pattern)
    except Exception:
        errors = page.locator(".invalid-feedback, .alert, .errorlist").all_inner_texts()
        raise AssertionError(f"stayed on {page.url}: {errors}") from None


def test_a_spanish_speaking_img_applies_in_spanish_from_sign_up_to_submission(
    spanish_page, live_server, settings, tmp_path
):
    page = spanish_page
    catalogue = english_messages()
    settings.SITE_URL = live_server.url
    SpecialtyFactory(name="Internal Medicine")

    page.goto("/accounts/signup/")
    check_spanish(page, catalogue)
    assert page.locator("#id_language").input_value() == "es"
    page.locator("#id_first_name").fill("Lucía")
    page.locator("#id_last_name").fill("Hernández")
    page.locator("#id_email").fill("lucia.hernandez@example.com")
    page.locator("#id_password1").fill("guadalajara-houston-2027")
    page.locator("#id_password2").fill("guadalajara-houston-2027")
    page.locator("#id_timezone").select_option("America/Mexico_City")
    submit(page)
    page.wait_for_url("**/accounts/signup/done/")
    check_spanish(page, catalogue)

    [message] = mail.outbox
    assert html_lang_of(message) == "es"
    link = re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)
    page.goto(link)
    check_spanish(page, catalogue)
    submit(page)
    # Confirmed in the browser that signed up: logged in, on step 1.
    page.wait_for_url("**/apply/personal/")
    check_spanish(page, catalogue)
    page.locator("#id_country").select_option("MX")
    page.locator("#id_phone").fill("+52 33 1234 5678")
    submit(page)

    next_page(page, "**/apply/background/")
    check_spanish(page, catalogue)
    page.locator("#id_medical_school").fill("Universidad de Guadalajara")
    page.locator("#id_school_country").fill("México")
    page.locator("#id_degree").select_option("md")
    page.locator("#id_graduation_year").fill("2023")
    page.locator("#id_ecfmg_status").select_option("in_progress")
    page.locator("#id_english_test").select_option("native")
    submit(page)

    next_page(page, "**/apply/interests/")
    check_spanish(page, catalogue)
    page.locator("#id_specialty_1").select_option(label="Internal Medicine")
    page.locator("#id_preferred_start").fill("2027-03")
    page.locator("#id_career_goals").fill("Residencia de medicina interna en Texas.")
    page.locator("#id_personal_statement").fill("Quiero aprender cómo trabajan los equipos.")
    submit(page)

    next_page(page, "**/apply/documents/")
    check_spanish(page, catalogue)
    for kind in REQUIRED_DOCUMENTS:
        if kind == DocumentKind.PERSONAL_STATEMENT:
            continue
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf_bytes())
        row = page.locator(f'[data-document-row="{kind}"]')
        row.locator("input[type=file]").set_input_files(path)  # the row's script sends it
        row.get_by_role("status").wait_for()
        assert path.name in row.get_by_role("status").inner_text()
    check_spanish(page, catalogue)

    page.goto("/apply/review/")
    check_spanish(page, catalogue)
    page.locator("#id_declaration").check()
    submit(page)

    page.wait_for_url("**/dashboard/")
    check_spanish(page, catalogue)
    with translation.override("es"):
        submitted = str(ApplicationStatus.SUBMITTED.label)
    assert submitted != "Submitted"
    assert page.locator(".application-status").inner_text() == submitted
    application = Application.objects.get(applicant__email="lucia.hernandez@example.com")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.applicant.language == "es"
    receipt = mail.outbox[-1]
    with translation.override("es"):
        expected = translation.gettext(
            "We received your observership application for %(intake)s"
        ) % {"intake": application.intake}
    assert receipt.subject == expected
    assert expected.startswith("Recibimos")
    assert html_lang_of(receipt) == "es"

"""The header's language switcher in a real chromium, on a phone: visible without opening the
menu, labelled, and picking a language turns the page (and the next ones) into it."""

import pytest

from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def phone(open_phone):
    page = open_phone(locale="en-US")
    return page, page.console_errors


def test_switching_to_spanish_on_a_phone(phone):
    page, errors = phone
    page.goto("/accounts/login/")

    switcher = page.get_by_label("Language")
    assert switcher.is_visible()
    assert switcher.input_value() == "en"
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    switcher.select_option("es")  # language-switcher.js sends the form at once
    page.wait_for_url("**/accounts/login/")
    page.get_by_role("heading", name="Iniciar sesión").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_label("Idioma").input_value() == "es"
    assert_no_horizontal_overflow(page)
    assert_accessible(page)

    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert errors == []

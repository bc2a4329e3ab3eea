"""The header's language switcher in a real chromium, on a phone: visible without opening the
menu, labelled, and picking a language turns the page (and the next ones) into it."""

import pytest

from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        locale="en-US",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page, errors
    context.close()


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

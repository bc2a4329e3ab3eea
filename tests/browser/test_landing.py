import pytest

from tests.factories import PreceptorFactory, SpecialtyFactory, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def catalogue():
    medicine = SpecialtyFactory(name="Internal Medicine")
    SpecialtyFactory(name="Pediatrics")
    PreceptorFactory(
        user=UserFactory(first_name="Anita", last_name="Patel"),
        title="MD, FACP",
        affiliation="Ben Taub Hospital",
        specialties=[medicine],
    )


def test_landing_page_tells_the_program_story(page, catalogue):
    page.goto("/")

    assert page.title().startswith("US clinical observerships for International Medical Graduates")
    assert page.locator("h1").all_inner_texts() == [
        "US clinical observerships for International Medical Graduates"
    ]
    headings = page.locator("h2").all_inner_texts()
    for heading in (
        "What an observership is",
        "Why it matters for an IMG",
        "Specialties offered",
        "Learn from experienced preceptors",
        "Support from application to arrival",
        "Steps to enrol",
    ):
        assert heading in headings
    steps = page.locator("#steps ol > li h3").all_inner_texts()
    assert steps == [
        "Apply online",
        "Upload documents",
        "Virtual interview",
        "Choose rotations",
        "Visa and travel",
    ]
    assert page.get_by_text("Dr. Anita Patel, MD, FACP").is_visible()
    assert page.get_by_text("It is not hands-on.", exact=False).is_visible()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)


def test_landing_page_on_a_phone_has_a_working_menu_and_no_overflow(mobile_page, catalogue):
    page = mobile_page
    page.goto("/")

    assert_no_horizontal_overflow(page)
    menu = page.get_by_role("navigation", name="Main navigation")
    assert menu.get_by_role("link", name="Log in").is_hidden()
    page.get_by_role("button", name="Open the menu").click()
    menu.get_by_role("link", name="Log in").wait_for(state="visible")
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page, catalogue):
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_run_without_csp_violations(page, catalogue):
    violations = []
    page.on("console", lambda message: message.type == "error" and violations.append(message.text))

    page.goto("/")
    page.goto("/accounts/login/")

    assert violations == []

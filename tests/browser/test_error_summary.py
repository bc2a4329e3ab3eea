"""Errors are announced (issue 12, item 4), on a phone: a refused step opens with the error
summary focused, its links move the focus to their fields, and a focused field shows a ring
of at least 3:1 against the page."""

import re

import pytest

from applications.models import Application
from tests.factories import ApplicantProfileFactory, ApplicationFactory, UserFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow, log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The colour of the focus ring and of what lies behind it, both as the browser computes them.
FOCUS_COLOURS = """(element) => {
  const style = getComputedStyle(element);
  let behind = element.parentElement, background = "rgba(0, 0, 0, 0)";
  while (behind) {
    background = getComputedStyle(behind).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(background) && background !== "transparent") break;
    behind = behind.parentElement;
  }
  return {
    style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    colour: style.outlineColor, background: background,
  };
}"""


def luminance(css: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_a_refused_step_announces_its_errors_and_leads_to_each_field(open_phone):
    user = UserFactory(email="amina.test@example.com")
    ApplicantProfileFactory(user=user, phone="+234 803 000 0000")
    ApplicationFactory(applicant=user)
    phone = open_phone()
    log_in(phone, "/accounts/login/", user.email)

    phone.goto("/apply/personal/")
    phone.get_by_label("Phone").fill("call me maybe")
    phone.get_by_label("Day").select_option("31")
    phone.get_by_label("Month").select_option(label="February")
    phone.get_by_label("Year").select_option("1996")
    phone.get_by_role("button", name="Save and continue").click()

    summary = phone.get_by_role("alert").filter(has_text="There is a problem")
    summary.wait_for()
    assert summary.get_by_role("heading").inner_text() == "There is a problem"
    assert phone.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    links = summary.get_by_role("link")
    assert links.all_inner_texts() == [
        "Phone: Enter a phone number with its country code, using digits, spaces and +.",
        "Date of birth: Enter a valid date.",
    ]
    assert links.nth(0).get_attribute("href") == "#id_phone"
    assert links.nth(1).get_attribute("href").startswith("#id_date_of_birth_")
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    links.nth(1).click()
    assert phone.evaluate("() => document.activeElement.id").startswith("id_date_of_birth_")
    links.nth(0).click()

    assert phone.evaluate("() => document.activeElement.id") == "id_phone"
    assert phone.get_by_label("Phone").input_value() == "call me maybe"  # kept as typed
    ring = phone.get_by_label("Phone").evaluate(FOCUS_COLOURS)
    assert ring["style"] == "solid"
    assert ring["width"] >= 2
    assert contrast(ring["colour"], ring["background"]) >= 3, ring
    assert Application.objects.get(applicant=user).applicant.first_name == user.first_name


def test_save_draft_on_a_phone_says_what_was_not_saved(open_phone):
    user = UserFactory(email="kofi.test@example.com")
    ApplicantProfileFactory(user=user, phone="+233 20 000 0000", city="Accra")
    ApplicationFactory(applicant=user)
    phone = open_phone()
    log_in(phone, "/accounts/login/", user.email)

    phone.goto("/apply/personal/")
    phone.get_by_label("City where you live now").fill("Kumasi")
    phone.get_by_label("First (given) name").fill("")  # the browser lets a draft leave it
    phone.get_by_label("Phone").fill("call me maybe")
    phone.get_by_role("button", name="Save draft").click()

    phone.get_by_text(
        "Draft saved. Not saved: First (given) name (This field is required.); Phone (Enter"
    ).wait_for()
    assert phone.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")
    assert phone.get_by_label("Phone").input_value() == "call me maybe"
    user.applicant_profile.refresh_from_db()
    assert (user.applicant_profile.city, user.applicant_profile.phone) == (
        "Kumasi",
        "+233 20 000 0000",
    )
    assert_accessible(phone)

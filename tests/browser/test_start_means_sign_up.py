"""Start means sign up, on a phone: the home page's "Start your application" opens sign-up,
which offers to log in instead; the confirmation link, opened on another device, asks for the
password and lands the person on step 1 of the application, logged in."""

import re

import pytest
from django.core import mail

from hmc_portal.users.models import User
from tests.factories import SpecialtyFactory
from tests.support.browser import assert_accessible, assert_no_horizontal_overflow

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PASSWORD = "manila-to-houston-2027"


def test_start_signs_up_and_the_link_on_another_phone_lands_on_step_one(
    open_phone, live_server, settings
):
    settings.SITE_URL = live_server.url  # links in emails point at this server
    SpecialtyFactory(name="Internal Medicine")
    phone = open_phone(timezone_id="Asia/Manila")

    phone.goto("/")
    phone.get_by_role("link", name="Start your application").first.click()
    phone.wait_for_url("**/accounts/signup/")
    log_in = phone.get_by_role("link", name="Log in", exact=True).last
    assert "/accounts/login/" in log_in.get_attribute("href")
    assert phone.get_by_text("Already have an account?").is_visible()
    assert_accessible(phone)
    assert_no_horizontal_overflow(phone)

    phone.get_by_label("First (given) name").fill("Jose")
    phone.get_by_label("Last (family) name").fill("Reyes")
    phone.get_by_label("Email address").fill("jose.reyes@example.com")
    phone.locator("#id_password1").fill(PASSWORD)
    phone.get_by_label("Password again").fill(PASSWORD)
    phone.get_by_role("button", name="Create my account").click()
    phone.get_by_role("heading", name="Check your email").wait_for()

    # The link is opened on another phone (its own cookies): the page asks for the password.
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)
    other = open_phone(timezone_id="Asia/Manila")
    other.goto(link)
    assert_accessible(other)
    other.get_by_label("Password").fill("not-my-password")
    other.get_by_role("button", name=re.compile("Confirm")).click()
    other.get_by_text("That password is not right. Nothing was changed.").first.wait_for()
    assert User.objects.get(email="jose.reyes@example.com").email_verified is False

    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name=re.compile("Confirm")).click()

    other.wait_for_url("**/apply/personal/")
    assert other.get_by_text("your email address is confirmed").is_visible()
    assert other.get_by_label("Phone").is_visible()  # step 1's form, not an empty dashboard
    assert User.objects.get(email="jose.reyes@example.com").email_verified is True
    assert_accessible(other)
    assert_no_horizontal_overflow(other)
    assert phone.console_errors == [] and other.console_errors == []

"""Account services and the emails they queue."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from applications.models import ApplicantProfile
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from hmc_portal.users import services
from tests.factories import ApplicantProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_update_profile_saves_nothing_when_the_applicant_profile_refuses_a_value():
    user = UserFactory(first_name="Old", timezone="UTC")
    ApplicantProfileFactory(user=user, country="NP")

    with pytest.raises(ValidationError) as error:
        services.update_profile(
            user=user,
            first_name="New",
            last_name="Name",
            timezone_name="Asia/Kolkata",
            contact={"country": "x" * 101, "phone": ""},
        )

    assert list(error.value.error_dict) == ["country"]
    user.refresh_from_db()
    assert (user.first_name, user.timezone) == ("Old", "UTC")
    assert ApplicantProfile.objects.get(user=user).country.name == "Nepal"


def test_update_profile_refuses_an_unknown_zone():
    user = UserFactory(timezone="UTC")

    with pytest.raises(ValidationError):
        services.update_profile(
            user=user, first_name="A", last_name="B", timezone_name="Mars/Base", contact=None
        )

    user.refresh_from_db()
    assert user.timezone == "UTC"


def test_account_exists_email_for_an_unverified_owner_carries_a_verification_link():
    owner = UserFactory(email="pending@example.com", email_verified_at=None)

    result = services.register_user(
        email="PENDING@example.com", password="whatever-12345", first_name="A", last_name="B"
    )

    assert result is None
    notification = Notification.objects.get()
    subject, text, html = render_notification(notification)
    assert subject == f"You already have an account at {settings.SITE_NAME}"
    assert notification.context["verify_url"] in text
    assert notification.context["verify_url"] in html
    assert notification.context["reset_url"] in text
    assert "3 days" in html
    owner.refresh_from_db()
    assert owner.email_verified_at is None


def test_account_exists_email_for_a_verified_owner_has_no_verification_link():
    UserFactory(email="done@example.com")

    services.register_user(
        email="done@example.com", password="whatever-12345", first_name="A", last_name="B"
    )

    notification = Notification.objects.get()
    subject, text, html = render_notification(notification)
    assert "/accounts/verify/" not in text
    assert "/accounts/verify/" not in html
    assert notification.context["login_url"] in html


def test_account_emails_keep_apostrophes_in_the_text_part():
    user = UserFactory(first_name="Siobhán", last_name="O'Neill", email_verified_at=None)

    notification = services.send_verification_email(user=user)

    subject, text, html = render_notification(notification)
    assert subject == f"Confirm your email address for {settings.SITE_NAME}"
    assert "Dear Siobhán O'Neill," in text
    assert "O&#x27;Neill" in html


def test_password_reset_email_has_the_link_and_its_lifetime():
    user = UserFactory()

    notification = services.queue_password_reset_email(user=user, uid="MQ", token="abc-123")

    subject, text, html = render_notification(notification)
    assert subject == f"Choose a new password for {settings.SITE_NAME}"
    link = f"{settings.SITE_URL}/accounts/password-reset/MQ/abc-123/"
    assert link in text
    assert link in html
    assert "3 days" in text


def test_account_emails_are_at_most_one_a_minute_per_kind(django_capture_on_commit_callbacks):
    from django.core import mail

    from hmc_portal.users.services import request_verification_email

    user = UserFactory(email="flood@example.com", email_verified_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            request_verification_email(email="flood@example.com")

    assert [m.to for m in mail.outbox] == [[user.email]]

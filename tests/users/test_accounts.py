"""Sign-up, email confirmation, log-in and lockout, password change and reset, through the
pages a visitor uses."""

import re

import pytest
from django.core import mail
from django.test import Client

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from hmc_portal.users.tokens import make_verification_token
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"


def signup_data(**overrides):
    data = {
        "first_name": "Amina",
        "last_name": "Yusuf",
        "email": "amina@example.com",
        "password1": "lagos-to-houston-2027",
        "password2": "lagos-to-houston-2027",
        "timezone": "Africa/Lagos",
    }
    data.update(overrides)
    return data


def visible_text(response) -> str:
    """The page's HTML without the CSRF token, which differs on every render."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def link_in(text: str, path: str) -> str:
    match = re.search(r"https?://[^\s\"<]+" + re.escape(path) + r"[^\s\"<]*", text)
    assert match, f"no link to {path} in {text!r}"
    return match.group(0)


# --- Sign-up ------------------------------------------------------------------------------


def test_signup_page_has_the_form_and_a_link_to_log_in(client):
    response = client.get("/accounts/signup/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'name="password2"' in html
    assert 'data-timezone-detect=""' in html
    assert 'href="/accounts/login/"' in html
    assert "js/signup-timezone.js" in html


def test_signup_creates_an_unverified_account_and_emails_the_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/done/"
    user = User.objects.get()
    assert (user.email, user.first_name, user.timezone) == (
        "amina@example.com",
        "Amina",
        "Africa/Lagos",
    )
    assert user.email_verified is False
    assert user.check_password("lagos-to-houston-2027")
    notification = Notification.objects.get()
    assert (notification.template, notification.to_email) == ("account_verify", user.email)
    verify_url = notification.context["verify_url"]
    assert "/accounts/verify/" in verify_url
    subject, text, html = render_notification(notification)
    assert verify_url in text
    assert verify_url in html
    assert "3 days" in text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.com"]
    assert verify_url in mail.outbox[0].body
    assert verify_url in mail.outbox[0].alternatives[0][0]


def test_signup_does_not_log_the_new_account_in(client):
    client.post("/accounts/signup/", signup_data())

    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signup_with_a_registered_email_answers_like_a_new_one_and_tells_the_owner(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="taken@example.com")
    new = client.post("/accounts/signup/", signup_data(email="fresh@example.com"), follow=True)
    Notification.objects.all().delete()
    other = Client()

    with django_capture_on_commit_callbacks(execute=True):
        again = other.post(
            "/accounts/signup/",
            signup_data(email="Taken@Example.com", password1="x" * 14, password2="x" * 14),
            follow=True,
        )

    assert again.redirect_chain == new.redirect_chain == [("/accounts/signup/done/", 302)]
    assert again.status_code == new.status_code
    assert visible_text(again).replace("taken@example.com", "EMAIL") == visible_text(new).replace(
        "fresh@example.com", "EMAIL"
    )
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    notification = Notification.objects.get()
    assert (notification.template, notification.recipient) == ("account_exists", owner)
    assert mail.outbox[-1].to == ["taken@example.com"]
    assert "/accounts/password-reset/" in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password1": "short-pw1", "password2": "short-pw1"}, "password1", "at least 12"),
        ({"password2": "lagos-to-houston-2028"}, "password2", "not the same"),
        ({"password1": "qwertyqwerty", "password2": "qwertyqwerty"}, "password1", "too common"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Select a valid choice"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_signup_with_bad_input_shows_the_error_by_the_field_and_creates_nothing(
    client, overrides, field, message
):
    response = client.post("/accounts/signup/", signup_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert User.objects.count() == 0
    assert Notification.objects.count() == 0


def test_signup_password_similar_to_the_email_is_refused(client):
    data = signup_data(email="houstonobserver@example.com")
    data.update(password1="houstonobserver", password2="houstonobserver")

    response = client.post("/accounts/signup/", data)

    assert "too similar" in " ".join(response.context["form"].errors["password1"])
    assert User.objects.count() == 0


def test_signup_redirects_a_logged_in_visitor_to_the_dashboard(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/signup/")

    assert (response.status_code, response["Location"]) == (302, "/dashboard/")


# --- Email verification -------------------------------------------------------------------


@pytest.fixture
def unverified():
    return UserFactory(email="new@example.com", email_verified_at=None)


def verify_path(user) -> str:
    return f"/accounts/verify/{make_verification_token(user_id=user.pk, email=user.email)}/"


def test_verify_link_get_shows_a_button_and_changes_nothing(client, unverified):
    response = client.get(verify_path(unverified))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm my email address" in html
    assert "new@example.com" in html
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_verify_link_post_confirms_the_address(client, unverified):
    response = client.post(verify_path(unverified), follow=True)

    unverified.refresh_from_db()
    assert unverified.email_verified is True
    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "your email address is confirmed" in response.content.decode()


def test_verify_link_post_when_logged_in_goes_to_step_one(client, unverified):
    client.force_login(unverified)

    response = client.post(verify_path(unverified))

    assert response["Location"] == "/apply/"
    unverified.refresh_from_db()
    assert unverified.email_verified is True
    assert (
        ActivityLog.objects.filter(verb="users.user.email_confirmed", person=unverified).count()
        == 1
    )


def test_the_browser_that_signed_up_is_logged_in_by_the_confirmation(client):
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Amina",
            "last_name": "Yusuf",
            "email": "amina.yusuf@example.com",
            "password1": "lagos-to-houston-2027",
            "password2": "lagos-to-houston-2027",
            "timezone": "Africa/Lagos",
            "language": "en",
        },
    )
    account = User.objects.get(email="amina.yusuf@example.com")

    response = client.post(verify_path(account), follow=True)

    assert response.redirect_chain[0] == ("/apply/", 302)
    assert response.wsgi_request.user == account
    assert response.redirect_chain[-1][0] == "/apply/personal/"


def test_another_browser_is_logged_in_with_the_password_given_on_the_page(client, unverified):
    page = client.get(verify_path(unverified)).content.decode()
    assert 'name="password"' in page

    response = client.post(verify_path(unverified), {"password": PASSWORD})

    assert response["Location"] == "/apply/"
    assert client.session["_auth_user_id"] == str(unverified.pk)
    unverified.refresh_from_db()
    assert unverified.email_verified is True


def test_a_wrong_password_on_the_page_confirms_nothing_and_says_so(client, unverified):
    response = client.post(verify_path(unverified), {"password": "not-the-password"})

    assert response.status_code == 200
    assert "That password is not right. Nothing was changed." in response.content.decode()
    assert "_auth_user_id" not in client.session
    unverified.refresh_from_db()
    assert unverified.email_verified is False
    assert not ActivityLog.objects.filter(verb="users.user.email_confirmed").exists()


def test_verify_link_expired_says_so_and_offers_a_new_one(client, unverified, settings):
    path = verify_path(unverified)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1  # every link is older than that

    get = client.get(path)
    post = client.post(path)

    for response in (get, post):
        html = response.content.decode()
        assert "This confirmation link has expired" in html
        assert 'action="/accounts/verify/resend/"' in html
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_verify_link_expires_after_the_configured_age(client, unverified, settings):
    path = verify_path(unverified)
    settings.EMAIL_VERIFICATION_MAX_AGE = -1

    response = client.post(path)

    assert "This confirmation link has expired" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_verify_link_tampered_is_refused(client, unverified):
    token = make_verification_token(user_id=unverified.pk, email=unverified.email)
    payload, rest = token.split(":", 1)
    altered_payload = ("A" if payload[0] != "A" else "B") + payload[1:]
    paths = [
        f"/accounts/verify/{token[:-3]}abc/",  # signature changed
        f"/accounts/verify/{altered_payload}:{rest}/",  # data changed
        "/accounts/verify/not-a-token/",
    ]

    responses = [client.post(path) for path in paths]

    for response in responses:
        assert "This confirmation link does not work" in response.content.decode()
        assert "not valid" in response.content.decode()
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


def test_verify_link_for_an_already_verified_address_says_so(client):
    user = UserFactory()

    response = client.get(verify_path(user))

    html = response.content.decode()
    assert "Your email is already confirmed" in html
    assert "Confirm my email address" not in html


def test_verify_link_post_without_csrf_token_is_refused(unverified):
    client = Client(enforce_csrf_checks=True)

    response = client.post(verify_path(unverified))

    assert response.status_code == 403
    unverified.refresh_from_db()
    assert unverified.email_verified_at is None


# --- Resend -------------------------------------------------------------------------------


def test_resend_gives_the_same_page_for_every_address_and_emails_only_the_unverified(
    client, unverified, django_capture_on_commit_callbacks
):
    UserFactory(email="done@example.com")
    pages = {}

    with django_capture_on_commit_callbacks(execute=True):
        for email in ("nobody@example.com", "done@example.com", "new@example.com"):
            response = Client().post("/accounts/verify/resend/", {"email": email}, follow=True)
            pages[email] = (
                response.status_code,
                tuple(response.redirect_chain),
                visible_text(response).replace(email, "EMAIL"),
            )

    assert len(set(pages.values())) == 1
    assert list(Notification.objects.values_list("template", "to_email")) == [
        ("account_verify", "new@example.com")
    ]
    assert [message.to for message in mail.outbox] == [["new@example.com"]]


def test_resend_form_is_prefilled_for_a_logged_in_visitor(client, unverified):
    client.force_login(unverified)

    response = client.get("/accounts/verify/resend/")

    assert response.context["form"].initial["email"] == "new@example.com"


def test_banner_asks_an_unverified_user_to_confirm_and_can_resend(client, unverified):
    client.force_login(unverified)

    html = client.get("/accounts/profile/").content.decode()

    assert "Please confirm your email address" in html
    assert 'action="/accounts/verify/resend/"' in html
    assert "Send the link again" in html


def test_banner_is_not_shown_to_a_verified_user(client):
    client.force_login(UserFactory())

    html = client.get("/accounts/profile/").content.decode()

    assert "Please confirm your email address" not in html


def test_nav_apply_now_goes_to_signup_and_profile_is_linked_when_logged_in(client):
    anonymous = client.get("/").content.decode()
    client.force_login(UserFactory())
    member = client.get("/").content.decode()

    assert 'href="/accounts/signup/">Apply now' in anonymous
    assert 'href="/accounts/profile/"' not in anonymous
    assert 'href="/accounts/profile/">Profile' in member


# --- Log in, log out, lockout -------------------------------------------------------------


def test_login_with_email_in_any_case_and_logout(client):
    user = UserFactory(email="rahul@example.com")

    response = client.post(
        "/accounts/login/", {"username": "Rahul@Example.com", "password": PASSWORD}
    )

    assert response["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_unverified_account_can_log_in(client, unverified):
    response = client.post("/accounts/login/", {"username": unverified.email, "password": PASSWORD})

    assert response["Location"] == "/dashboard/"


def test_login_page_links_to_reset_signup_and_resend(client):
    html = client.get("/accounts/login/").content.decode()

    assert 'href="/accounts/password-reset/"' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/verify/resend/"' in html


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client):
    user = UserFactory(email="locked@example.com")
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.email, "password": "wrong-password"})

    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed log-ins" in html
    assert "15 minutes" in html
    assert 'href="/accounts/password-reset/"' in html
    assert "_auth_user_id" not in client.session


def test_four_failed_logins_do_not_lock(client):
    user = UserFactory()
    for _ in range(4):
        client.post("/accounts/login/", {"username": user.email, "password": "wrong-password"})

    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})

    assert response["Location"] == "/dashboard/"


def test_a_wrong_password_shows_a_message_on_the_form(client):
    user = UserFactory()

    response = client.post("/accounts/login/", {"username": user.email, "password": "nope"})

    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()


# --- Password change ----------------------------------------------------------------------


def test_password_change_sets_the_new_password_and_keeps_the_session(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password-change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/password-change/done/", 302)]
    assert "Your password is changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/accounts/profile/").status_code == 200


def test_password_change_with_a_wrong_current_password_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/accounts/password-change/",
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert list(response.context["form"].errors) == ["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("path", ["/accounts/password-change/", "/accounts/profile/"])
def test_anonymous_visitor_is_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


# --- Password reset -----------------------------------------------------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="known@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        known = Client().post(
            "/accounts/password-reset/", {"email": "known@example.com"}, follow=True
        )
        unknown = Client().post(
            "/accounts/password-reset/", {"email": "unknown@example.com"}, follow=True
        )

    assert known.redirect_chain == [("/accounts/password-reset/done/", 302)]
    assert unknown.redirect_chain == known.redirect_chain
    assert visible_text(known) == visible_text(unknown)
    assert list(Notification.objects.values_list("template", "to_email")) == [
        ("account_password_reset", "known@example.com")
    ]
    assert [message.to for message in mail.outbox] == [["known@example.com"]]


def test_password_reset_does_the_same_work_for_known_and_unknown_addresses(
    django_capture_on_commit_callbacks,
):
    """The request does the same work whoever the address belongs to (else its time would
    tell): the same SQL queries, the same one piece of work queued, the same answer. Whether
    an account has the address is found out by the worker."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    UserFactory(email="known@example.com")
    work = {}

    for email in ("known@example.com", "unknown@example.com"):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as queued,
        ):
            response = Client().post("/accounts/password-reset/", {"email": email})
        work[email] = {
            "queries": [q["sql"].replace(email, "EMAIL") for q in queries.captured_queries],
            "queued": len(queued),
            "answer": (response.status_code, response["Location"]),
        }
        outbox_rows = Notification.objects.count()

    assert work["known@example.com"] == work["unknown@example.com"]
    assert work["known@example.com"]["queued"] == 1
    assert outbox_rows == 0  # nothing decided in the request


def test_password_reset_link_from_the_email_sets_a_new_password(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="forgetful@example.com", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "Forgetful@example.com"})
    message = mail.outbox[0]
    link = link_in(message.body, "/accounts/password-reset/")
    assert link in message.alternatives[0][0]
    assert "3 days" in message.body

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_path = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_path,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    login = Client().post(
        "/accounts/login/", {"username": "forgetful@example.com", "password": NEW_PASSWORD}
    )

    assert done.redirect_chain == [("/accounts/password-reset/complete/", 302)]
    assert "Your new password is set" in done.content.decode()
    assert login["Location"] == "/dashboard/"
    user.refresh_from_db()
    assert user.email_verified is True  # the link reached the mailbox


def test_password_reset_link_works_only_once(client, django_capture_on_commit_callbacks):
    UserFactory(email="once@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "once@example.com"})
    link = link_in(mail.outbox[0].body, "/accounts/password-reset/")
    path = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(link, follow=True)

    assert "This reset link does not work any more" in again.content.decode()


def test_password_reset_clears_a_lockout(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="locked@example.com")
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.email, "password": "wrong-password"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": user.email})
    link = link_in(mail.outbox[0].body, "/accounts/password-reset/")
    path = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.post("/accounts/login/", {"username": user.email, "password": NEW_PASSWORD})

    assert response["Location"] == "/dashboard/"


def test_password_reset_with_mismatched_passwords_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="typo@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": user.email})
    link = link_in(mail.outbox[0].body, "/accounts/password-reset/")
    path = client.get(link, follow=True).redirect_chain[-1][0]

    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": "different-1"})

    assert list(response.context["form"].errors) == ["new_password2"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- CSRF ---------------------------------------------------------------------------------


def test_signup_post_without_csrf_token_is_refused_and_creates_nothing():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/signup/", signup_data())

    assert response.status_code == 403
    assert User.objects.count() == 0


def test_password_reset_post_without_csrf_token_is_refused(django_capture_on_commit_callbacks):
    UserFactory(email="known@example.com")
    client = Client(enforce_csrf_checks=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "known@example.com"})

    assert response.status_code == 403
    assert Notification.objects.count() == 0


def test_a_form_without_csrf_token_gets_the_sites_own_page():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "a@example.com", "password": "x"}
    )

    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_an_old_zone_name_is_saved_as_the_current_one(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Priya",
            "last_name": "Nair",
            "email": "priya@example.com",
            "password1": "kochi-to-houston-2027",
            "password2": "kochi-to-houston-2027",
            "timezone": "Asia/Calcutta",
        },
    )

    assert response.status_code == 302
    assert User.objects.get(email="priya@example.com").timezone == "Asia/Kolkata"


def test_the_zone_list_offers_current_names_only():
    from hmc_portal.users.timezones import timezone_choices

    values = [value for value, _ in timezone_choices()]

    assert "Asia/Kolkata" in values
    assert "Asia/Calcutta" not in values
    assert "Europe/Kyiv" in values and "Europe/Kiev" not in values
    assert values[0] == "UTC"

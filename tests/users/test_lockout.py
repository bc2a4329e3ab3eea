"""Failed log-ins: who gets locked out, for how long, and how to get back in.

Three limits (settings "Accounts"): five failures for one account from one address (axes,
in PostgreSQL); LOGIN_ADDRESS_FAILURE_LIMIT from one address across accounts and
LOGIN_ACCOUNT_FAILURE_LIMIT for one account from every address (login_limits, in the real
Redis of the test settings). Each test counts in Redis keys of its own (conftest).
"""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-42"
AMINA_HOME = "198.51.100.7"
STRANGER = "203.0.113.9"


def visitor(address: str, **extra) -> Client:
    return Client(REMOTE_ADDR=address, **extra)


def fail(client: Client, email: str, path: str = "/accounts/login/"):
    return client.post(path, {"username": email, "password": "wrong-password"})


def log_in(client: Client, email: str, password: str = PASSWORD, path: str = "/accounts/login/"):
    return client.post(path, {"username": email, "password": password})


def reset_password(client: Client, email: str, django_capture_on_commit_callbacks) -> None:
    """Ask for a reset link, open it from the email and set NEW_PASSWORD."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": email})
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    path = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password-reset/complete/"


@pytest.fixture
def amina():
    return UserFactory(email="amina@example.com")


# --- One account from one address: five failures ------------------------------------------


def test_a_stranger_failing_five_times_does_not_lock_amina_out_at_her_own_address(amina):
    stranger = visitor(STRANGER)
    for _ in range(5):
        fail(stranger, amina.email)

    strangers_try = log_in(stranger, amina.email)
    aminas_try = log_in(visitor(AMINA_HOME), amina.email)

    assert strangers_try.status_code == 429
    assert "_auth_user_id" not in stranger.session
    assert aminas_try.status_code == 302
    assert aminas_try["Location"] == "/dashboard/"


def test_the_strangers_address_stays_open_for_other_accounts(amina):
    other = UserFactory(email="other@example.com")
    stranger = visitor(STRANGER)
    for _ in range(5):
        fail(stranger, amina.email)

    response = log_in(stranger, other.email)

    assert response["Location"] == "/dashboard/"


def test_the_pair_lockout_page_says_reset_or_wait_fifteen_minutes(amina):
    stranger = visitor(STRANGER)
    for _ in range(5):
        fail(stranger, amina.email)

    response = log_in(stranger, amina.email)

    html = response.content.decode()
    assert response.status_code == 429
    assert "for this account from your connection" in html
    assert "15 minutes" in html
    assert 'href="/accounts/password-reset/"' in html
    assert "unlocks the account at once" in html


# --- One address across accounts -----------------------------------------------------------


def test_one_address_failing_across_many_accounts_is_stopped_by_the_address_limit(settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    own = UserFactory(email="guesser@example.com")
    guesser = visitor(STRANGER)
    for n in range(19):
        fail(guesser, f"victim{n}@example.com")
    under_the_limit = log_in(guesser, own.email)
    guesser.post("/accounts/logout/")
    fail(guesser, "victim19@example.com")  # the 20th, after a success: still counted

    locked = log_in(guesser, own.email)
    elsewhere = log_in(visitor(AMINA_HOME), own.email)

    assert under_the_limit["Location"] == "/dashboard/"
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "from your connection, for several accounts" in html
    assert "60 minutes" in html
    assert "another network" in html
    assert elsewhere["Location"] == "/dashboard/"


# --- One account from many addresses ---------------------------------------------------------


def test_distributed_guessing_is_stopped_by_the_account_limit_and_a_reset_lets_amina_in(
    amina, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 50
    for n in range(49):  # each address fails once: far under the five of the pair limit
        fail(visitor(f"192.0.2.{n + 1}"), amina.email)
    under_the_limit = log_in(visitor(AMINA_HOME), amina.email)
    fail(visitor("192.0.2.200"), amina.email)  # the 50th

    at_home = log_in(visitor(AMINA_HOME), amina.email)
    html = at_home.content.decode()
    home = visitor(AMINA_HOME)
    reset_password(home, amina.email, django_capture_on_commit_callbacks)
    after_reset = log_in(visitor(AMINA_HOME), amina.email, NEW_PASSWORD)

    assert under_the_limit["Location"] == "/dashboard/"
    assert at_home.status_code == 429
    assert "from many places" in html
    assert 'href="/accounts/password-reset/"' in html
    assert "60 minutes" in html
    assert after_reset["Location"] == "/dashboard/"


def test_one_address_alone_cannot_reach_the_account_limit(amina, settings):
    """The address limit fires first: a stranger at one address, however patient within the
    window, never locks Amina's account for everyone."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 50
    stranger = visitor(STRANGER)
    for _ in range(60):
        fail(stranger, amina.email)

    response = log_in(visitor(AMINA_HOME), amina.email)

    assert response["Location"] == "/dashboard/"


def test_the_account_lockout_page_speaks_spanish(amina, settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    for n in range(3):
        fail(visitor(f"192.0.2.{n + 1}"), amina.email)

    response = log_in(visitor(AMINA_HOME, HTTP_ACCEPT_LANGUAGE="es"), amina.email)

    html = response.content.decode()
    assert response.status_code == 429
    assert "Demasiados intentos fallidos de inicio de sesión" in html
    assert "desde muchos lugares" in html
    assert "Restablecer mi contraseña" in html
    assert "60 minutos" in html


def test_the_pair_lockout_page_speaks_spanish(amina):
    stranger = visitor(STRANGER, HTTP_ACCEPT_LANGUAGE="es")
    for _ in range(5):
        fail(stranger, amina.email)

    response = log_in(stranger, amina.email)

    html = response.content.decode()
    assert response.status_code == 429
    assert "desde su conexión" in html
    assert "15 minutos" in html


# --- Reset, staff and the admin ----------------------------------------------------------------


def test_a_password_reset_unlocks_every_lock_on_the_account(
    amina, settings, django_capture_on_commit_callbacks
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 10
    for _ in range(5):
        fail(visitor(STRANGER), amina.email)
    for n in range(5):
        fail(visitor(f"192.0.2.{n + 1}"), amina.email)
    assert log_in(visitor(STRANGER), amina.email).status_code == 429
    assert log_in(visitor(AMINA_HOME), amina.email).status_code == 429

    reset_password(visitor(AMINA_HOME), amina.email, django_capture_on_commit_callbacks)

    assert log_in(visitor(STRANGER), amina.email, NEW_PASSWORD)["Location"] == "/dashboard/"
    assert log_in(visitor(AMINA_HOME), amina.email, NEW_PASSWORD)["Location"] == "/dashboard/"


def test_staff_on_the_admin_login_are_not_locked_out_by_a_stranger():
    staff = StaffFactory(email="coordinator@example.com")
    stranger = visitor(STRANGER)
    for _ in range(5):
        fail(stranger, staff.email, path="/admin/login/?next=/admin/")

    strangers_try = log_in(stranger, staff.email, path="/admin/login/?next=/admin/")
    staffs_try = log_in(visitor(AMINA_HOME), staff.email, path="/admin/login/?next=/admin/")

    assert strangers_try.status_code == 429
    assert 'href="/accounts/password-reset/"' in strangers_try.content.decode()
    assert staffs_try.status_code == 302
    assert staffs_try["Location"] == "/admin/"


def test_distributed_guessing_on_the_admin_login_locks_the_staff_account(settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 4
    staff = StaffFactory(email="coordinator@example.com")
    for n in range(4):
        fail(visitor(f"192.0.2.{n + 1}"), staff.email, path="/admin/login/?next=/admin/")

    response = log_in(visitor(AMINA_HOME), staff.email, path="/admin/login/?next=/admin/")

    assert response.status_code == 429
    assert "from many places" in response.content.decode()


def test_with_redis_unreachable_logins_work_and_the_pair_limit_still_holds(amina, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    stranger = visitor(STRANGER)
    for _ in range(5):
        fail(stranger, amina.email)

    assert log_in(stranger, amina.email).status_code == 429
    assert log_in(visitor(AMINA_HOME), amina.email)["Location"] == "/dashboard/"


@pytest.mark.parametrize("reason", ["pair", "address", "account"])
def test_every_lockout_page_is_all_spanish(amina, settings, reason):
    from tests.i18n.test_pages_in_spanish import english_messages, untranslated

    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3 if reason == "address" else 100
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3 if reason == "account" else 100
    for n in range(5 if reason == "pair" else 3):
        address = f"192.0.2.{n + 1}" if reason == "account" else STRANGER
        email = f"victim{n}@example.com" if reason == "address" else amina.email
        fail(visitor(address), email)
    address = AMINA_HOME if reason == "account" else STRANGER

    response = log_in(visitor(address, HTTP_ACCEPT_LANGUAGE="es"), amina.email)

    assert response.status_code == 429
    assert untranslated(response.content.decode(), *english_messages()) == []

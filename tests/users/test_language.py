"""The language of pages and emails: the header's switcher, sign-up, the profile, and the
account emails in the recipient's language."""

import re

import pytest
from django.conf import settings
from django.test import Client

from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from hmc_portal.users import services
from hmc_portal.users.models import User
from tests.factories import PASSWORD, ApplicantProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

SWITCHER = "/accounts/language/"


def header(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def html_lang(response) -> str:
    return re.search(r"<html lang=\"([^\"]+)\" dir=\"(ltr|rtl)\"", response.content.decode())[1]


# --- The switcher ----------------------------------------------------------------------------


def test_every_page_has_a_labelled_switcher_showing_the_current_language(client):
    response = client.get("/")

    html = header(response)
    assert f'action="{SWITCHER}"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert '<label for="language-select"' in html
    assert '<option value="en" lang="en" selected>English</option>' in html
    assert '<option value="es" lang="es">Español</option>' in html
    assert 'name="next" value="/"' in html
    assert html_lang(response) == "en"
    assert 'dir="ltr"' in response.content.decode()


def test_an_anonymous_visitor_switches_to_spanish_and_the_next_pages_stay_spanish(client):
    response = client.post(SWITCHER, {"language": "es", "next": "/rotations/"})

    assert response.status_code == 302
    assert response["Location"] == "/rotations/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    page = client.get("/")
    assert html_lang(page) == "es"
    assert "Iniciar sesión" in header(page)
    assert '<option value="es" lang="es" selected>Español</option>' in header(page)
    assert '<option value="en" lang="en">English</option>' in header(page)
    assert "Iniciar sesión" in header(client.get("/accounts/login/"))


def test_a_signed_in_user_switches_and_the_account_keeps_it_on_another_device(client):
    user = UserFactory(language="en")
    client.force_login(user)

    client.post(SWITCHER, {"language": "es", "next": "/accounts/profile/"})

    user.refresh_from_db()
    assert user.language == "es"
    assert "Cerrar sesión" in header(client.get("/accounts/profile/"))
    # Another browser, no cookie: logging in with the password, the page is in Spanish.
    other = Client()
    assert other.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert "Cerrar sesión" in header(other.get("/"))


@pytest.mark.parametrize("code", ["xx", "<script>", "x" * 500, ""])
def test_an_unknown_code_falls_back_to_english_without_error(client, code):
    user = UserFactory(language="es")
    client.force_login(user)

    response = client.post(SWITCHER, {"language": code, "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert user.language == "en"
    assert html_lang(client.get("/")) == "en"


def test_an_unknown_code_from_an_anonymous_visitor_is_english_too(client):
    response = client.post(SWITCHER, {"language": "<script>"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "", None])
def test_the_switcher_goes_back_only_to_this_site(client, next_url):
    data = {"language": "es"}
    if next_url is not None:
        data["next"] = next_url

    response = client.post(SWITCHER, data)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_get_on_the_switcher_is_not_allowed(client):
    assert client.get(SWITCHER).status_code == 405
    assert client.get(SWITCHER, {"language": "es"}).status_code == 405


def test_the_switcher_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)

    assert client.post(SWITCHER, {"language": "es"}).status_code == 403


def test_set_language_service_stores_the_code_or_english():
    user = UserFactory(language="en")

    assert services.set_language(user=user, code="es").language == "es"
    assert services.set_language(user=user, code="es-MX").language == "es"
    assert services.set_language(user=user, code="klingon").language == "en"
    user.refresh_from_db()
    assert user.language == "en"


# --- Sign-up -------------------------------------------------------------------------------


def signup_data(**overrides):
    data = {
        "first_name": "María",
        "last_name": "González",
        "email": "maria.gonzalez@example.com",
        "password1": "bogota-to-houston-2027",
        "password2": "bogota-to-houston-2027",
        "timezone": "America/Mexico_City",
    }
    data.update(overrides)
    return data


def test_signup_preselects_the_browsers_language(client):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    html = response.content.decode()
    assert html_lang(response) == "es"
    assert re.search(r'<option value="es"[^>]*selected[^>]*>Español</option>', html)
    assert not re.search(r'<option value="en"[^>]*selected', html.split('name="language"')[-1])


def test_signup_preselects_english_for_an_english_browser(client):
    response = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode().split('name="language"')[-1]
    assert re.search(r'<option value="en"[^>]*selected[^>]*>English</option>', html)


def test_signup_stores_the_chosen_language(client):
    client.post(
        "/accounts/signup/", signup_data(language="es"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9"
    )

    user = User.objects.get(email="maria.gonzalez@example.com")
    assert user.language == "es"
    subject, text, html = render_notification(Notification.objects.get(recipient=user))
    assert subject.startswith("Confirme su correo electrónico")


def test_signup_without_the_field_stores_the_pages_language(client):
    client.post("/accounts/signup/", signup_data(), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")

    assert User.objects.get(email="maria.gonzalez@example.com").language == "es"


def test_signup_refuses_a_language_not_offered(client):
    response = client.post("/accounts/signup/", signup_data(language="xx"))

    assert response.status_code == 200
    assert not User.objects.filter(email="maria.gonzalez@example.com").exists()


# --- Profile -------------------------------------------------------------------------------


def test_the_profile_shows_and_saves_the_language(client):
    user = UserFactory(language="en", timezone="UTC")
    ApplicantProfileFactory(user=user)
    client.force_login(user)

    page = client.get("/accounts/profile/").content.decode()
    assert re.search(r'<option value="en"[^>]*selected[^>]*>English</option>', page)

    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "María",
            "last_name": "González",
            "country": "MX",
            "phone": "+52 55 1234 5678",
            "timezone": "America/Mexico_City",
            "language": "es",
        },
        follow=True,
    )

    user.refresh_from_db()
    assert user.language == "es"
    assert html_lang(response) == "es"
    assert "Su perfil está guardado." in response.content.decode()


def test_update_profile_without_a_language_keeps_it():
    user = UserFactory(language="es")

    services.update_profile(
        user=user, first_name="A", last_name="B", timezone_name="UTC", contact=None
    )

    user.refresh_from_db()
    assert user.language == "es"


# --- Account emails in the recipient's language --------------------------------------------


def verification_email(user) -> tuple[str, str, str]:
    services.send_verification_email(user=user)
    return render_notification(Notification.objects.get(recipient=user))


def reset_email(user) -> tuple[str, str, str]:
    services.queue_password_reset_email(user=user, uid="MQ", token="set-token")
    return render_notification(Notification.objects.get(recipient=user))


def test_the_verification_email_of_a_spanish_speaker_is_in_spanish():
    subject, text, html = verification_email(UserFactory(language="es", email_verified_at=None))

    assert subject == f"Confirme su correo electrónico para {settings.SITE_NAME}"
    assert "Estimado/a" in text and "3 días" in text
    assert "Confirmar mi correo electrónico" in html
    assert '<html lang="es" dir="ltr">' in html
    assert "Dear" not in text + html


def test_the_verification_email_of_an_english_speaker_is_in_english():
    subject, text, html = verification_email(UserFactory(language="en", email_verified_at=None))

    assert subject == f"Confirm your email address for {settings.SITE_NAME}"
    assert "Dear" in text and "3 days" in text
    assert "Confirm my email address" in html
    assert '<html lang="en" dir="ltr">' in html


def test_the_password_reset_email_follows_the_recipients_language():
    subject, text, html = reset_email(UserFactory(language="es"))
    assert subject == f"Elija una nueva contraseña para {settings.SITE_NAME}"
    assert "Elegir una nueva contraseña" in html
    assert "solo una vez" in text and "solo una vez" in html

    Notification.objects.all().delete()
    subject, text, html = reset_email(UserFactory(language="en"))
    assert subject == f"Choose a new password for {settings.SITE_NAME}"
    assert "and only once" in text and "Choose a new password" in html


def test_an_email_queued_by_an_english_page_for_a_spanish_speaker_is_all_spanish(
    client, django_capture_on_commit_callbacks
):
    # The reset is asked for on an English page; the link's lifetime is still in Spanish.
    user = UserFactory(language="es", email="spanish@example.com")

    with django_capture_on_commit_callbacks(execute=True):  # the worker's part, eagerly
        client.post("/accounts/password-reset/", {"email": "spanish@example.com"})

    subject, text, html = render_notification(Notification.objects.get(recipient=user))
    assert "hours" not in text and "days" not in text
    assert "Elija una nueva contraseña" in subject

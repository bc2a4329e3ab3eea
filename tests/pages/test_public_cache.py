"""The public pages' cache (hmc_portal/public_cache.py): anonymous visitors get a stored page,
never anyone's session, message or CSRF token, and every change to what a page shows is on
it at the next request."""

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory

from hmc_portal.users.models import User
from rotations import services
from rotations.models import Rotation
from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationRequestFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories import (
    four_week_block as block,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/rotations/", "/preceptors/"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def some_of_everything() -> Rotation:
    specialty = SpecialtyFactory(name="Cardiology")
    preceptor = PreceptorFactory(
        user=UserFactory(first_name="Anita", last_name="Patel"), specialties=[specialty]
    )
    return block(4, specialty=specialty, preceptor=preceptor, capacity=2)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_an_anonymous_visitor_gets_the_stored_page_without_a_query(path, django_assert_num_queries):
    some_of_everything()
    first = Client().get(path)

    with django_assert_num_queries(0):
        second = Client().get(path)

    assert second.status_code == 200
    assert CSRF_INPUT.sub("", second.content.decode()) == CSRF_INPUT.sub("", first.content.decode())


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_stored_page_carries_each_visitors_own_working_csrf_token(path):
    some_of_everything()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(path)
    second_page = second.get(path)

    first_token = CSRF_INPUT.search(first_page.content.decode()).group(1)
    second_token = CSRF_INPUT.search(second_page.content.decode()).group(1)
    assert first_token != second_token
    assert second_page.cookies["csrftoken"].value != first_page.cookies["csrftoken"].value
    # The language switcher of the stored page works for the second visitor.
    switched = second.post(
        "/accounts/language/",
        {"language": "es", "next": path, "csrfmiddlewaretoken": second_token},
    )
    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "es"


def test_a_signed_in_visitor_always_gets_a_fresh_page_of_their_own(
    client, django_assert_num_queries
):
    some_of_everything()
    Client().get("/rotations/")  # an anonymous page is stored
    applicant = ApplicationFactory().applicant
    client.force_login(applicant)

    client.get("/rotations/")
    response = client.get("/rotations/")

    html = response.content.decode()
    assert response.context is not None  # rendered, not served from the store
    assert "Log out" in html and "Dashboard" in html
    assert "Log in" not in html


def test_a_signed_in_visitors_page_is_never_shown_to_an_anonymous_one(client):
    some_of_everything()
    client.force_login(ApplicationFactory().applicant)
    client.get("/")

    html = Client().get("/").content.decode()

    assert "Log out" not in html
    assert "Start your application" in html


def test_a_visitor_with_a_message_waiting_gets_it_on_a_fresh_page():
    some_of_everything()
    Client().get("/")  # stored without any message
    visitor = Client()
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "You have been logged out.")
    carrier = HttpResponse()
    storage.update(carrier)
    visitor.cookies["messages"] = carrier.cookies["messages"].value

    html = visitor.get("/").content.decode()

    assert "You have been logged out." in html
    assert "You have been logged out." not in Client().get("/").content.decode()


def test_the_stored_page_speaks_the_visitors_language():
    some_of_everything()
    Client().get("/rotations/", headers={"accept-language": "en"})

    spanish = Client().get("/rotations/", headers={"accept-language": "es"})
    english = Client().get("/rotations/", headers={"accept-language": "en"})

    assert spanish.headers["Content-Language"] == "es"
    assert "Rotaciones" in spanish.content.decode()
    assert english.headers["Content-Language"] == "en"
    assert "Rotaciones" not in english.content.decode()


def test_a_page_with_made_up_query_parameters_is_not_stored():
    some_of_everything()
    Client().get("/rotations/?utm_source=x")

    response = Client().get("/rotations/?utm_source=x")

    assert response.context is not None  # rendered again, not served from the store


def test_a_new_block_is_in_the_catalogue_at_once():
    some_of_everything()
    before = Client().get("/rotations/").content.decode()

    block(8, specialty=SpecialtyFactory(name="Neurology"))

    after = Client().get("/rotations/").content.decode()
    assert "Neurology" not in before
    assert "Neurology" in after


def test_a_confirmed_observer_shows_as_a_place_taken_once_committed(
    django_capture_on_commit_callbacks,
):
    rotation = some_of_everything()
    waiting = RotationRequestFactory(rotation=rotation)
    assert "2 of 2 places free" in Client().get("/rotations/").content.decode()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.confirm_rotation_request(rotation_request=waiting, by=rotation.preceptor.user)

    assert len(callbacks) >= 1  # the version is bumped again once the change is committed
    html = Client().get("/rotations/").content.decode()
    assert "1 of 2 places free" in html


def test_unpublishing_a_block_takes_it_off_every_public_page():
    rotation = some_of_everything()
    for path in PUBLIC_PAGES:
        Client().get(path)
    assert "Cardiology" in Client().get("/preceptors/").content.decode()

    services.set_published(
        rotations=[rotation], published=False, by=StaffFactory(is_superuser=True)
    )

    catalogue = Client().get("/rotations/").content.decode()
    assert "rotation-card" not in catalogue
    assert "No rotation matches these filters." in catalogue
    directory = Client().get("/preceptors/").content.decode()
    assert "No rotation published yet." in directory


def test_a_preceptors_new_name_is_on_the_directory_and_home_page_at_once():
    rotation = some_of_everything()
    Client().get("/")
    Client().get("/preceptors/")

    user = rotation.preceptor.user
    user.last_name = "Okafor"
    user.save(update_fields=["last_name"])

    assert "Anita Okafor" in Client().get("/").content.decode()
    assert "Anita Okafor" in Client().get("/preceptors/").content.decode()


def test_a_sign_in_elsewhere_leaves_the_stored_pages_alone(django_assert_num_queries):
    rotation = some_of_everything()
    Client().get("/")

    User.objects.get(pk=rotation.preceptor.user_id).save(update_fields=["last_login"])

    with django_assert_num_queries(0):
        Client().get("/")


def test_pages_are_rendered_when_the_cache_is_unreachable(settings):
    some_of_everything()
    settings.CACHES = {
        alias: {**config, "LOCATION": "redis://127.0.0.1:1/0"}
        for alias, config in settings.CACHES.items()
    }

    for path in PUBLIC_PAGES:
        response = Client().get(path)
        assert response.status_code == 200
        assert "Cardiology" in response.content.decode()


def test_no_page_is_stored_when_the_cache_time_is_zero(settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    some_of_everything()
    Client().get("/")

    with django_assert_num_queries(0):  # the lists come from their cached fragments
        response = Client().get("/")

    assert response.context is not None  # rendered, not served from the store


def test_a_new_account_or_an_applicants_new_name_leaves_the_stored_pages_alone(
    django_assert_num_queries,
):
    some_of_everything()
    Client().get("/")
    applicant = UserFactory(first_name="Amina")

    applicant.first_name = "Aminata"
    applicant.save()

    with django_assert_num_queries(0):
        Client().get("/")

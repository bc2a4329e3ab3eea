"""The profile page: names, citizenship, phone and time zone."""

import pytest
from django.test import Client

from applications.models import ApplicantProfile
from tests.factories import ApplicantProfileFactory, PreceptorFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "first_name": "Rahul",
        "last_name": "Sharma",
        "country": "IN",  # India
        "phone": "+91 98765 43210",
        "timezone": "Asia/Kolkata",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client):
    user = UserFactory(first_name="Old", last_name="Name", timezone="UTC")
    ApplicantProfileFactory(user=user, country="NP", phone="+977 1 234 5678")
    client.force_login(user)
    return user


def test_profile_shows_the_current_values_and_a_searchable_zone_list(client, applicant):
    response = client.get("/accounts/profile/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "<title>Your profile" in html
    assert 'value="Old"' in html
    assert '<option value="NP" selected>Nepal</option>' in html
    assert 'data-timezone-search=""' in html
    assert '<option value="Asia/Kolkata">Asia/Kolkata</option>' in html
    assert "js/timezone-search.js" in html
    assert 'href="/accounts/password-change/"' in html


def test_profile_saves_names_zone_citizenship_and_phone(client, applicant):
    response = client.post("/accounts/profile/", profile_data(), follow=True)

    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert "Your profile is saved." in response.content.decode()
    applicant.refresh_from_db()
    profile = ApplicantProfile.objects.get(user=applicant)
    assert (applicant.first_name, applicant.last_name, applicant.timezone) == (
        "Rahul",
        "Sharma",
        "Asia/Kolkata",
    )
    assert (profile.country.name, profile.phone) == ("India", "+91 98765 43210")


def test_profile_creates_the_applicant_profile_when_missing(client):
    user = UserFactory()
    client.force_login(user)

    client.post("/accounts/profile/", profile_data())

    assert ApplicantProfile.objects.get(user=user).country.name == "India"


def test_profile_times_are_shown_in_the_chosen_zone_afterwards(client, applicant):
    client.post("/accounts/profile/", profile_data(timezone="America/Chicago"))

    html = client.get("/accounts/profile/").content.decode()

    assert "in <strong>America/Chicago</strong>" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Select a valid choice"),
        ({"phone": "call me maybe"}, "phone", "country code"),
        ({"first_name": ""}, "first_name", "This field is required."),
    ],
)
def test_profile_with_bad_input_shows_the_error_by_the_field_and_changes_nothing(
    client, applicant, overrides, field, message
):
    response = client.post("/accounts/profile/", profile_data(**overrides))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert f'id="error_1_id_{field}"' in response.content.decode()
    applicant.refresh_from_db()
    profile = ApplicantProfile.objects.get(user=applicant)
    assert (applicant.first_name, applicant.timezone) == ("Old", "UTC")
    assert (profile.country.name, profile.phone) == ("Nepal", "+977 1 234 5678")


@pytest.mark.parametrize(
    ("factory", "url"),
    [
        (StaffFactory, "/accounts/profile/"),
        (lambda: PreceptorFactory().user, "/preceptor/profile/"),
    ],
)
def test_profile_of_staff_and_preceptors_has_no_applicant_fields(client, factory, url):
    user = factory()
    client.force_login(user)

    page = client.get(url).content.decode()
    client.post(url, profile_data())

    assert 'name="country"' not in page
    user.refresh_from_db()
    assert user.timezone == "Asia/Kolkata"
    assert not ApplicantProfile.objects.filter(user=user).exists()


def test_profile_post_without_csrf_token_is_refused_and_changes_nothing(applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post("/accounts/profile/", profile_data())

    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.first_name == "Old"


def test_a_preceptor_asking_for_the_account_profile_gets_their_one_profile_page(client):
    client.force_login(PreceptorFactory().user)

    response = client.get("/accounts/profile/", follow=True)

    assert response.redirect_chain == [("/preceptor/profile/", 302)]
    html = response.content.decode()
    assert 'name="first_name"' in html
    assert 'name="bio"' in html


def test_the_navigation_links_each_person_to_their_own_profile_page(client, applicant):
    assert 'href="/accounts/profile/"' in client.get("/rotations/").content.decode()

    client.force_login(PreceptorFactory().user)
    html = client.get("/rotations/").content.decode()

    assert 'href="/preceptor/profile/"' in html
    assert 'href="/accounts/profile/"' not in html

import pytest

from tests.factories import PreceptorFactory, SpecialtyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_lists_active_specialties_and_preceptors(client):
    SpecialtyFactory(name="Internal Medicine")
    SpecialtyFactory(name="Retired Specialty", active=False)
    cardiology = SpecialtyFactory(name="Cardiology")
    PreceptorFactory(
        user=UserFactory(first_name="Anita", last_name="Patel"),
        title="MD, FACP",
        affiliation="Baylor College of Medicine",
        specialties=[cardiology],
    )
    PreceptorFactory(user=UserFactory(first_name="Gone", last_name="Away"), active=False)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Internal Medicine" in html and "Cardiology" in html
    assert "Retired Specialty" not in html
    assert "Dr. Anita Patel, MD, FACP" in html
    assert "Baylor College of Medicine" in html
    assert "Gone Away" not in html


def test_home_query_count_does_not_grow_with_preceptors(client, django_assert_num_queries):
    specialty = SpecialtyFactory()
    PreceptorFactory(specialties=[specialty])
    with django_assert_num_queries(3):
        client.get("/")
    PreceptorFactory.create_batch(2, specialties=[specialty])
    with django_assert_num_queries(3):
        client.get("/")


def test_home_says_so_when_nothing_is_published_yet(client):
    html = client.get("/").content.decode()

    assert "The specialties for the next intake will be published soon." in html
    assert "Our preceptors will be listed here shortly." in html


def test_unknown_page_is_a_404_in_the_site_look(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_allowances(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_error_templates_render_without_a_request(rf):
    from hmc_portal.pages.views import permission_denied, server_error

    assert "Something went wrong on our side" in server_error(rf.get("/")).content.decode()
    denied = permission_denied(rf.get("/"))
    assert denied.status_code == 403
    assert "You cannot open this page" in denied.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/rotations/", "/preceptors/", "/faq/", "/accounts/signup/"])
def test_no_control_has_an_empty_name(client, path):
    """An empty name="" is invalid HTML and adds "=Show" to a filter's address."""
    html = client.get(path).content.decode()

    assert 'name=""' not in html

"""The headers hmc_portal.security adds: personal pages are never stored by a browser or a
proxy (Cache-Control: no-store, private; Vary: Cookie), anonymous public pages stay
cacheable, every response turns off the browser features the site does not use, and Django
admin is served under its own Content Security Policy."""

import re

import pytest
from django.test import Client

from preceptors.models import Preceptor
from rotations.links import make_request_token
from tests.factories import (
    ApplicationFactory,
    DocumentFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), screen-wake-lock=(), serial=(), "
    "usb=(), xr-spatial-tracking=()"
)


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def policy(response) -> dict[str, list[str]]:
    return {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


def assert_personal(response) -> None:
    """no-store and private, and nothing that would let a cache keep it (never_cache's
    no-cache and must-revalidate may stay)."""
    directives = cache_directives(response)
    assert {"no-store", "private"} <= directives
    assert directives <= {"no-store", "private", "no-cache", "must-revalidate"}
    assert "cookie" in vary(response)


@pytest.fixture
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def test_an_anonymous_public_page_stays_cacheable(client):
    response = client.get("/")

    assert response.status_code == 200
    assert cache_directives(response) == set()
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.parametrize("path", ["/rotations/", "/preceptors/", "/accounts/signup/"])
def test_other_anonymous_pages_are_not_marked_personal(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "no-store" not in cache_directives(response)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_public_page_seen_by_a_signed_in_person_is_not_stored(client):
    client.force_login(UserFactory())

    response = client.get("/")

    assert response.status_code == 200
    assert_personal(response)


def test_the_applicant_dashboard_is_not_stored(client):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    client.force_login(user)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert "application-status" in response.content.decode()
    assert_personal(response)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_document_download_is_not_stored(client, private_dir):
    document = DocumentFactory(kind="cv")
    client.force_login(document.application.applicant)

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_personal(response)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_a_document_the_preceptor_opens_is_not_stored(client, private_dir):
    rotation_request = RotationRequestFactory()
    document = DocumentFactory(application=rotation_request.application, kind="cv")
    preceptor = rotation_request.rotation.preceptor
    Preceptor.objects.filter(pk=preceptor.pk).update(may_view_documents=True)
    client.force_login(preceptor.user)

    response = client.get(f"/preceptor/requests/{rotation_request.pk}/documents/{document.pk}/")

    assert response.status_code == 200
    assert_personal(response)


def test_the_preceptors_signed_page_is_not_stored_though_anonymous(client):
    rotation_request = RotationRequestFactory()
    token = make_request_token(rotation_request=rotation_request)

    response = client.get(f"/preceptor/respond/{token}/")

    assert response.status_code == 200
    assert rotation_request.application.applicant.last_name in response.content.decode()
    assert_personal(response)


def test_a_refused_signed_link_is_not_stored_either(client):
    response = client.get("/preceptor/respond/not-a-real-token/")

    assert response.status_code == 404
    assert_personal(response)


def test_the_preceptor_portal_is_not_stored(client):
    rotation_request = RotationRequestFactory()
    client.force_login(rotation_request.rotation.preceptor.user)

    response = client.get("/preceptor/")

    assert response.status_code == 200
    assert_personal(response)


def test_admin_pages_are_not_stored(client):
    client.force_login(StaffFactory(is_superuser=True))

    changelist = client.get("/admin/applications/application/")
    login = Client().get("/admin/login/")

    assert changelist.status_code == 200
    assert_personal(changelist)
    assert login.status_code == 200
    assert_personal(login)  # Django's admin login is never_cache


def test_static_files_carry_the_permissions_policy(client):
    response = client.get("/static/favicon.svg")

    assert response.status_code == 200
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_the_public_policy_allows_no_inline_script_or_style(client):
    directives = policy(client.get("/"))

    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]


def test_admin_policy_gives_a_nonce_only_to_the_page_that_uses_it(client):
    client.force_login(StaffFactory(is_superuser=True))

    form = client.get("/admin/django_celery_beat/periodictask/add/")
    changelist = client.get("/admin/rotations/rotation/")

    assert form.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy(form)["script-src"])).group(1)
    assert policy(form)["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert f'<script id="periodic-task-overrides" nonce="{nonce}">' in form.content.decode()
    assert policy(changelist)["script-src"] == ["'self'"]
    for directives in (policy(form), policy(changelist)):
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["style-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        # The review screen previews documents from our own site, in frames and objects.
        assert directives["object-src"] == ["'self'"]
        assert directives["frame-src"] == ["'self'"]


def test_each_request_gets_a_new_nonce(client):
    client.force_login(StaffFactory(is_superuser=True))

    first = client.get("/admin/django_celery_beat/periodictask/add/")
    second = client.get("/admin/django_celery_beat/periodictask/add/")

    assert policy(first)["script-src"] != policy(second)["script-src"]


def test_the_email_verification_page_is_not_stored_though_anonymous(client):
    response = client.get("/accounts/verify/not-a-real-token/")

    assert response.status_code == 200
    assert_personal(response)

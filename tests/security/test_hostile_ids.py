"""Hostile ids and NUL bytes in query strings, paths and admin posts (defects 3 and 4).

Each case named in the report is listed here on its own, so that one failing is one line."""

import pytest
from django.test import Client

from applications.models import Interview
from rotations.models import Rotation, RotationRequest
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    DocumentFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUPERSCRIPT = "\u00b9"  # "¹": str.isdigit() says yes, int() says no
SUPERSCRIPTS = "\u00b2\u00b3"  # "²³"
HUGE = "9" * 5000  # past Python's int/str conversion limit
OVERFLOW = "9" * 20  # an int, but past PostgreSQL's bigint
HOSTILE_IDS = [
    SUPERSCRIPT,
    SUPERSCRIPTS,
    HUGE,
    OVERFLOW,
    "-1",
    "0",
    "1e3",
    " 7",
    "abc",
    "",
]  # NUL: below


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- 3. ids in query strings -----------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_availability_ignores_ids_that_are_not_ids(client, value):
    rotation = RotationFactory(capacity=3)

    response = client.get(f"/rotations/availability.json?ids={rotation.pk},{value}")

    assert response.status_code == 200
    assert response.json() == {"free_places": {str(rotation.pk): 3}}


def test_availability_reads_at_most_a_bounded_number_of_ids(client):
    rotation = RotationFactory(capacity=3)
    ids = ",".join([str(rotation.pk)] + ["1"] * 5000)

    response = client.get(f"/rotations/availability.json?ids={ids}")

    assert response.status_code == 400
    assert response.json() == {"error": "Too many ids."}


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_adding_to_the_plan_a_rotation_that_is_not_an_id(client, value):
    application = ApplicationFactory(status="confirmed")
    RotationFactory()
    client.force_login(application.applicant)

    response = client.post("/dashboard/rotations/", {"action": "add", "rotation": value})
    page = client.get("/dashboard/rotations/")

    assert response.status_code == 302
    assert page.status_code == 200
    assert page.context["planned"] == []


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_admin_series_page_with_a_preceptor_that_is_not_an_id(staff_client, value):
    response = staff_client.get("/admin/rotations/rotation/series/", {"preceptor": value})

    assert response.status_code == 200
    assert response.context["form"]["preceptor"].value() is None


def test_admin_series_page_still_preselects_a_real_preceptor(staff_client):
    preceptor = PreceptorFactory()

    response = staff_client.get("/admin/rotations/rotation/series/", {"preceptor": preceptor.pk})

    assert response.context["form"]["preceptor"].value() == preceptor.pk


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_admin_offer_slots_page_with_an_application_that_is_not_an_id(client, value):
    client.force_login(CoordinatorFactory())

    response = client.get("/admin/applications/interview/offer-slots/", {"application": value})

    assert response.status_code == 200
    assert response.context["form"]["application"].value() is None


# --- 3. ids in paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [HUGE, OVERFLOW, SUPERSCRIPT])
@pytest.mark.parametrize(
    "template",
    [
        "/rotations/{}/",
        "/dashboard/rotations/{}/cancel/",
        "/documents/{}/replace/",
        "/documents/{}/delete/",
        "/documents/{}/download/",
        "/dashboard/interviews/{}/calendar.ics",
        "/preceptor/requests/{}/",
        "/preceptor/requests/{}/confirm/",
        "/preceptor/requests/{}/decline/",
        "/preceptor/requests/1/documents/{}/",
    ],
)
def test_a_path_id_out_of_range_is_a_404(client, template, value):
    client.force_login(RotationRequestFactory().application.applicant)

    response = client.get(template.format(value))

    assert response.status_code == 404


@pytest.mark.parametrize("value", [HUGE, OVERFLOW, SUPERSCRIPT, "abc"])
@pytest.mark.parametrize(
    "template",
    [
        "/admin/rotations/rotation/{}/change/",
        "/admin/rotations/rotation/{}/delete/",
        "/admin/rotations/rotation/{}/history/",
        "/admin/applications/application/{}/change/",
        "/admin/applications/interview/{}/cancel/",
        "/admin/applications/interview/{}/outcome/",
        "/admin/applications/application/{}/move/rejected/",
        "/admin/applications/application/{}/notes/",
        "/admin/applications/document/{}/verify/",
        "/admin/applications/document/{}/reject/",
    ],
)
def test_an_admin_path_id_out_of_range_is_not_a_500(staff_client, template, value):
    response = staff_client.get(template.format(value))

    # Django's admin redirects a missing object to the index with a message; ours give 404
    # (verify answers only POST: 405 before it looks anything up).
    assert response.status_code in (302, 404, 405)


# --- 4. staff-only: foreign keys, actions, filters ---------------------------------------------


@pytest.mark.parametrize("value", ["abc", SUPERSCRIPT, OVERFLOW, HUGE, "\x00"])
def test_a_foreign_key_that_is_not_an_id_in_an_autocomplete_field_is_a_form_error(
    staff_client, value
):
    rotation = RotationFactory()
    before = Rotation.objects.values_list("preceptor", flat=True).get(pk=rotation.pk)

    response = staff_client.post(
        f"/admin/rotations/rotation/{rotation.pk}/change/",
        {
            "specialty": rotation.specialty_id,
            "preceptor": value,
            "site": rotation.site_id,
            "start_date": rotation.start_date.isoformat(),
            "end_date": rotation.end_date.isoformat(),
            "capacity": "2",
        },
    )

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "preceptor" in response.context["adminform"].form.errors
    assert Rotation.objects.values_list("preceptor", flat=True).get(pk=rotation.pk) == before


@pytest.mark.parametrize("value", ["abc", SUPERSCRIPT, OVERFLOW, HUGE])
def test_an_interview_for_an_application_that_is_not_an_id_is_a_form_error(staff_client, value):
    response = staff_client.post(
        "/admin/applications/interview/add/",
        {"application": value, "duration_minutes": "30", "status": "scheduled"},
    )

    assert response.status_code == 200
    assert "application" in response.context["adminform"].form.errors
    assert Interview.objects.count() == 0


@pytest.mark.parametrize("value", ["abc", SUPERSCRIPT, OVERFLOW, HUGE, "\x00", ""])
@pytest.mark.parametrize(
    ("changelist", "action"),
    [
        ("/admin/rotations/rotation/", "unpublish"),
        ("/admin/rotations/rotationrequest/", "cancel_requests"),
        ("/admin/applications/document/", "verify_selected"),
        ("/admin/notifications/notification/", "send_again"),
        ("/admin/users/user/", "delete_selected"),
    ],
)
def test_a_bulk_action_on_selections_that_are_not_ids_changes_nothing(
    staff_client, changelist, action, value
):
    request = RotationRequestFactory()
    DocumentFactory()
    published = Rotation.objects.filter(published=True).count()
    statuses = list(RotationRequest.objects.values_list("status", flat=True))

    response = staff_client.post(
        changelist,
        {"action": action, "_selected_action": [str(request.rotation_id), value], "index": "0"},
        follow=True,
    )

    assert response.status_code in (200, 400)
    assert Rotation.objects.filter(published=True).count() == published
    assert list(RotationRequest.objects.values_list("status", flat=True)) == statuses


@pytest.mark.parametrize(
    "query", ["q=%00", "status=%00", "o=%00", "q=a%00b", "status__exact=%00", "p=%00", "e=%00"]
)
@pytest.mark.parametrize(
    "changelist",
    [
        "/admin/applications/application/",
        "/admin/applications/document/",
        "/admin/applications/interview/",
        "/admin/rotations/rotation/",
        "/admin/rotations/rotationrequest/",
        "/admin/notifications/notification/",
        "/admin/audit/activitylog/",
        "/admin/users/user/",
        "/admin/preceptors/preceptor/",
    ],
)
def test_a_nul_byte_in_a_changelist_query_is_a_400(staff_client, changelist, query):
    response = staff_client.get(f"{changelist}?{query}")

    assert response.status_code == 400


def test_a_nul_byte_in_an_autocomplete_search_is_a_400(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "a\x00",
            "app_label": "rotations",
            "model_name": "rotation",
            "field_name": "preceptor",
        },
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/rotations/?specialty=%00",
        "/rotations/?month=%00",
        "/rotations/?page=%00",
        "/preceptors/?q=%00",
        "/preceptors/?specialty=%00",
        "/rotations/availability.json?ids=%00",
        "/accounts/login/?next=%00",
    ],
)
def test_a_nul_byte_in_a_public_query_string_is_a_400(url):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 400


def test_a_nul_byte_in_a_public_form_is_refused_and_writes_nothing(client):
    users = UserFactory._meta.model.objects.count()

    response = client.post(
        "/accounts/signup/",
        {
            "email": "nul\x00@example.com",
            "first_name": "A\x00",
            "last_name": "B",
            "password1": "correct-horse-battery-staple",
            "password2": "correct-horse-battery-staple",
        },
    )

    assert response.status_code in (200, 400)
    assert UserFactory._meta.model.objects.count() == users


# --- found by the fuzz test ---------------------------------------------------------------------


def test_a_rotation_change_form_posted_without_its_dates_is_a_form_error(staff_client):
    rotation = RotationFactory()
    before = list(Rotation.objects.filter(pk=rotation.pk).values())

    response = staff_client.post(f"/admin/rotations/rotation/{rotation.pk}/change/", {})

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) >= {"start_date", "capacity"}
    assert list(Rotation.objects.filter(pk=rotation.pk).values()) == before


def test_every_registered_model_admin_is_hardened():
    from django.contrib import admin

    from hmc_portal.admin_mixins import HostileInputAdminMixin, PortalAdminSite

    assert isinstance(admin.site, PortalAdminSite)
    unhardened = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not isinstance(model_admin, HostileInputAdminMixin)
    ]
    assert unhardened == []


def test_a_birth_year_too_large_for_a_date_is_a_form_error(client):
    application = ApplicationFactory()
    client.force_login(application.applicant)

    response = client.post(
        "/apply/personal/",
        {
            "date_of_birth_year": "9095988572862369440464896",
            "date_of_birth_month": "0",
            "date_of_birth_day": "0",
        },
    )

    assert response.status_code in (200, 400)
    assert "date_of_birth" in response.context["form"].errors

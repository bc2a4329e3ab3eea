import datetime

import pytest

from hmc_portal.audit.models import ActivityLog
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.audit.support import admin_form_data
from tests.factories import (
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_rotation_list_shows_places_confirmed_and_waitlist(admin_client):
    rotation = RotationFactory(capacity=3)
    RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=1)
    RotationRequestFactory(rotation=rotation, status=RequestStatus.WAITLISTED)
    RotationRequestFactory(rotation=rotation, status=RequestStatus.WAITLISTED)

    response = admin_client.get("/admin/rotations/rotation/")
    [row] = response.context["cl"].result_list

    assert (row.capacity, row.confirmed_count, row.waitlist_count, row.pending_count) == (
        3,
        1,
        2,
        0,
    )
    assert "Create a series of 4-week blocks" in response.content.decode()


def test_rotation_change_page_lists_its_requests_inline(admin_client):
    rotation_request = RotationRequestFactory(application__applicant__last_name="Inline")

    response = admin_client.get(f"/admin/rotations/rotation/{rotation_request.rotation_id}/change/")

    assert response.status_code == 200
    assert "Inline" in response.content.decode()


def test_adding_a_rotation_fills_the_last_day(admin_client):
    preceptor = PreceptorFactory()
    specialty, site = SpecialtyFactory(), SiteFactory()

    response = admin_client.post(
        "/admin/rotations/rotation/add/",
        {
            "specialty": specialty.pk,
            "preceptor": preceptor.pk,
            "site": site.pk,
            "start_date": "2031-03-10",
            "end_date": "",
            "reporting_time": "08:00",
            "capacity": 2,
            "published": "on",
            "requests-TOTAL_FORMS": 0,
            "requests-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Rotation.objects.get().end_date == datetime.date(2031, 4, 4)


def test_a_rotation_starting_on_a_tuesday_is_refused(admin_client):
    response = admin_client.post(
        "/admin/rotations/rotation/add/",
        {
            "specialty": SpecialtyFactory().pk,
            "preceptor": PreceptorFactory().pk,
            "site": SiteFactory().pk,
            "start_date": "2031-03-11",
            "end_date": "",
            "reporting_time": "08:00",
            "capacity": 2,
            "requests-TOTAL_FORMS": 0,
            "requests-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "A rotation starts on a Monday." in response.content.decode()
    assert Rotation.objects.count() == 0


def test_the_series_view_creates_blocks_for_a_preceptor(admin_client):
    specialty = SpecialtyFactory()
    preceptor = PreceptorFactory(specialties=[specialty])
    site = SiteFactory()

    page = admin_client.get(f"/admin/rotations/rotation/series/?preceptor={preceptor.pk}")
    response = admin_client.post(
        "/admin/rotations/rotation/series/",
        {
            "preceptor": preceptor.pk,
            "specialty": specialty.pk,
            "site": site.pk,
            "first_day": "2031-03-10",
            "last_day": "2031-05-31",
            "capacity": 3,
            "reporting_time": "07:30",
            "published": "on",
        },
    )

    assert page.context["form"].initial["preceptor"] == preceptor.pk
    assert response.status_code == 302
    assert list(Rotation.objects.values_list("start_date", "capacity", "published")) == [
        (datetime.date(2031, 3, 10), 3, True),
        (datetime.date(2031, 4, 7), 3, True),
        (datetime.date(2031, 5, 5), 3, True),
    ]


def test_the_preceptor_action_opens_the_series_form(admin_client):
    preceptor = PreceptorFactory()

    response = admin_client.post(
        "/admin/preceptors/preceptor/",
        {"action": "create_rotation_series", "_selected_action": [preceptor.pk]},
    )

    assert response["Location"] == f"/admin/rotations/rotation/series/?preceptor={preceptor.pk}"


def test_the_series_view_is_for_staff_who_may_add_rotations(client):
    client.force_login(StaffFactory())

    assert client.get("/admin/rotations/rotation/series/").status_code == 403


def test_cancelling_in_the_admin_promotes_the_waiting_list(admin_client):
    rotation = RotationFactory(capacity=1)
    confirmed = RotationRequestFactory(rotation=rotation, status=RequestStatus.CONFIRMED)
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=1)
    waiting = RotationRequestFactory(rotation=rotation, status=RequestStatus.WAITLISTED)

    admin_client.post(
        "/admin/rotations/rotationrequest/",
        {"action": "cancel_requests", "_selected_action": [confirmed.pk]},
    )

    assert dict(RotationRequest.objects.values_list("pk", "status")) == {
        confirmed.pk: RequestStatus.CANCELLED,
        waiting.pk: RequestStatus.CONFIRMED,
    }


def test_places_below_the_confirmed_count_are_an_error_and_nothing_is_saved(admin_client):
    rotation = RotationFactory(capacity=2)
    for _ in range(2):
        rotation_request = RotationRequestFactory(rotation=rotation)
        services.confirm_rotation_request(
            rotation_request=rotation_request, by=rotation.preceptor.user
        )
    url = f"/admin/rotations/rotation/{rotation.pk}/change/"
    data = admin_form_data(admin_client.get(url), capacity=1, published=False)

    response = admin_client.post(url, data, follow=True)

    html = response.content.decode()
    assert response.redirect_chain == []
    assert "2 observers are confirmed: the rotation needs at least that many places." in html
    assert "changed successfully" not in html
    assert [str(m) for m in response.context["messages"]] == []
    rotation.refresh_from_db()
    assert (rotation.capacity, rotation.published, rotation.confirmed_count) == (2, True, 2)
    assert not ActivityLog.objects.filter(verb="rotations.rotation.updated").exists()


def test_a_rotation_saved_in_the_admin_is_logged_with_what_changed(admin_client):
    rotation = RotationFactory(capacity=2)
    url = f"/admin/rotations/rotation/{rotation.pk}/change/"
    data = admin_form_data(admin_client.get(url), capacity=4)

    response = admin_client.post(url, data, follow=True)

    assert "changed successfully" in response.content.decode()
    [entry] = ActivityLog.objects.filter(verb="rotations.rotation.updated")
    assert (entry.target, entry.data) == (rotation, {"changed": {"capacity": [2, 4]}})

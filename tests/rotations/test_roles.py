"""Who may cancel a rotation request, and who may open the rotation pages in admin.

The applicant's page acts for the applicant only: anyone else gets a 404 and nothing
changes. Staff cancel in admin, and only with the coordinator's permission
(rotations.change_rotationrequest), checked by the admin and again by the service.
Reviewers see every rotation page in admin, read-only."""

import pytest

from hmc_portal.audit.models import ActivityLog
from rotations import permissions, services
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import (
    CoordinatorFactory,
    PreceptorFactory,
    ReviewerFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ACTION_URL = "/admin/rotations/rotationrequest/"


def confirmed_request() -> RotationRequest:
    rotation_request = RotationRequestFactory(status=RequestStatus.CONFIRMED)
    Rotation.objects.filter(pk=rotation_request.rotation_id).update(confirmed_count=1)
    return rotation_request


def assert_untouched(rotation_request: RotationRequest) -> None:
    rotation_request.refresh_from_db()
    assert rotation_request.status == RequestStatus.CONFIRMED
    assert Rotation.objects.get(pk=rotation_request.rotation_id).confirmed_count == 1
    assert not ActivityLog.objects.filter(verb="rotations.request.cancelled").exists()


OTHERS = {
    "reviewer": ReviewerFactory,
    "coordinator": CoordinatorFactory,
    "superuser": lambda: StaffFactory(is_superuser=True),
    "staff without a group": StaffFactory,
    "another applicant": UserFactory,
    "the preceptor": None,
}


def other(role: str, rotation_request: RotationRequest):
    if role == "the preceptor":
        return rotation_request.rotation.preceptor.user
    return OTHERS[role]()


@pytest.mark.parametrize("role", list(OTHERS))
def test_the_applicants_cancel_page_is_a_404_for_anyone_else(client, role):
    rotation_request = confirmed_request()
    client.force_login(other(role, rotation_request))
    url = f"/dashboard/rotations/{rotation_request.pk}/cancel/"

    got = client.get(url), client.post(url, {"reason": "Site closed."})

    assert [response.status_code for response in got] == [404, 404]
    assert_untouched(rotation_request)


@pytest.mark.parametrize("role", ["reviewer", "coordinator", "superuser"])
def test_no_staff_member_gets_the_applicants_cancel_button(role):
    rotation_request = confirmed_request()

    assert not permissions.can_cancel_request(OTHERS[role](), rotation_request)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("reviewer", False), ("staff without a group", False), ("coordinator", True)],
)
def test_staff_cancel_predicate_needs_the_coordinators_permission(role, allowed):
    rotation_request = confirmed_request()

    assert permissions.can_staff_cancel_request(OTHERS[role](), rotation_request) is allowed


@pytest.mark.parametrize("role", ["reviewer", "staff without a group", "another applicant"])
def test_the_service_refuses_staff_without_the_coordinators_permission(role):
    rotation_request = confirmed_request()

    with pytest.raises(services.PlacementError):
        services.cancel_rotation_request(
            rotation_request=rotation_request, by=OTHERS[role](), reason="Site closed."
        )

    assert_untouched(rotation_request)


def test_the_service_refuses_the_preceptor():
    rotation_request = confirmed_request()

    with pytest.raises(services.PlacementError):
        services.cancel_rotation_request(
            rotation_request=rotation_request,
            by=rotation_request.rotation.preceptor.user,
            reason="Away.",
        )

    assert_untouched(rotation_request)


def test_a_reviewer_cannot_cancel_through_the_admin_action(client):
    rotation_request = confirmed_request()
    client.force_login(ReviewerFactory())

    response = client.post(
        ACTION_URL,
        {"action": "cancel_requests", "_selected_action": [rotation_request.pk], "index": 0},
    )

    # The action is not offered to a reviewer: Django answers "no action selected".
    assert response.status_code in (200, 302)
    assert_untouched(rotation_request)


def test_a_coordinator_cancels_a_confirmed_place_through_the_admin_action(client):
    rotation_request = confirmed_request()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post(
        ACTION_URL,
        {"action": "cancel_requests", "_selected_action": [rotation_request.pk], "index": 0},
    )

    assert response.status_code == 302
    rotation_request.refresh_from_db()
    assert (rotation_request.status, rotation_request.cancelled_by) == (
        RequestStatus.CANCELLED,
        coordinator,
    )
    assert Rotation.objects.get(pk=rotation_request.rotation_id).confirmed_count == 0


# --- Defect: every reviewer got a 500 on every rotation page in admin -------------------------


def test_a_reviewer_opens_a_rotation_read_only(client):
    rotation_request = RotationRequestFactory(application__applicant__last_name="Readonly")
    client.force_login(ReviewerFactory())

    response = client.get(f"/admin/rotations/rotation/{rotation_request.rotation_id}/change/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Readonly" in page
    assert 'name="capacity"' not in page
    assert 'name="_save"' not in page


def test_a_reviewer_cannot_change_a_rotation_by_posting(client):
    rotation_request = RotationRequestFactory()
    rotation = rotation_request.rotation
    client.force_login(ReviewerFactory())

    response = client.post(
        f"/admin/rotations/rotation/{rotation.pk}/change/",
        {"capacity": 9, "start_date": "2031-03-10", "end_date": ""},
    )

    assert response.status_code == 403
    rotation.refresh_from_db()
    assert rotation.capacity == 2


def test_a_reviewer_opens_every_rotations_admin_page(client):
    rotation_request = RotationRequestFactory()
    preceptor = PreceptorFactory()
    client.force_login(ReviewerFactory())
    urls = [
        "/admin/rotations/rotation/",
        f"/admin/rotations/rotation/{rotation_request.rotation_id}/change/",
        f"/admin/rotations/rotation/{rotation_request.rotation_id}/history/",
        "/admin/rotations/rotationrequest/",
        f"/admin/rotations/rotationrequest/{rotation_request.pk}/change/",
        "/admin/rotations/site/",
        f"/admin/rotations/site/{rotation_request.rotation.site_id}/change/",
        "/admin/rotations/specialty/",
        f"/admin/rotations/specialty/{rotation_request.rotation.specialty_id}/change/",
        f"/admin/preceptors/preceptor/{preceptor.pk}/change/",
    ]

    statuses = {url: client.get(url).status_code for url in urls}

    assert statuses == dict.fromkeys(urls, 200)


def test_a_coordinator_posting_an_empty_rotation_form_gets_the_errors_not_a_500(client):
    rotation = RotationRequestFactory().rotation
    client.force_login(CoordinatorFactory())

    response = client.post(f"/admin/rotations/rotation/{rotation.pk}/change/", {})

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors
    saved = Rotation.objects.get(pk=rotation.pk)
    assert (saved.start_date, saved.end_date, saved.capacity) == (
        rotation.start_date,
        rotation.end_date,
        rotation.capacity,
    )

"""The program cancels a rotation it cannot run: unpublished, every request cancelled with
the reason (nobody promoted from the waiting list), the applicants and the preceptor told,
and rotations.signals.rotation_cancelled sent; coordinators only."""

import pytest
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from rotations.signals import rotation_cancelled
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    ReviewerFactory,
    RotationFactory,
    RotationRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_rotation():
    """One place, confirmed; one applicant waiting; one request not answered."""
    rotation = RotationFactory(capacity=1, confirmed_count=1)
    confirmed = RotationRequestFactory(
        rotation=rotation, status=RequestStatus.CONFIRMED, confirmed_at=timezone.now()
    )
    waiting = RotationRequestFactory(
        rotation=rotation,
        status=RequestStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
        application=ApplicationFactory(status="confirmed"),
    )
    asked = RotationRequestFactory(
        rotation=rotation, application=ApplicationFactory(status="confirmed")
    )
    return rotation, confirmed, waiting, asked


def test_cancelling_a_rotation_cancels_every_request_and_promotes_nobody(full_rotation):
    rotation, confirmed, waiting, asked = full_rotation
    sent = []
    rotation_cancelled.connect(lambda **kwargs: sent.append(kwargs), weak=False, dispatch_uid="t")
    try:
        cancelled = services.cancel_rotation(
            rotation=rotation, reason="The preceptor is on leave.", by=CoordinatorFactory()
        )
    finally:
        rotation_cancelled.disconnect(dispatch_uid="t")

    rotation.refresh_from_db()
    assert (rotation.published, rotation.confirmed_count) == (False, 0)
    assert dict(RotationRequest.objects.values_list("pk", "status")) == {
        confirmed.pk: RequestStatus.CANCELLED,
        waiting.pk: RequestStatus.CANCELLED,
        asked.pk: RequestStatus.CANCELLED,
    }
    assert set(RotationRequest.objects.values_list("cancel_reason", flat=True)) == {
        "The preceptor is on leave."
    }
    assert [r.pk for r in cancelled] == [waiting.pk, asked.pk, confirmed.pk]
    assert [r.pk for r in sent[0]["rotation_requests"]] == [waiting.pk, asked.pk, confirmed.pk]
    assert sent[0]["reason"] == "The preceptor is on leave."
    assert ActivityLog.objects.filter(verb="rotations.rotation.cancelled").count() == 1
    assert ActivityLog.objects.filter(verb="rotations.request.promoted").count() == 0
    applicants_told = Notification.objects.filter(
        template="rotation_request_cancelled", dedupe_key__endswith=":cancelled:applicant"
    ).count()
    assert applicants_told == 3


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_a_rotation_needs_a_reason(full_rotation, reason):
    rotation, *_ = full_rotation

    with pytest.raises(services.PlacementError, match="Say why"):
        services.cancel_rotation(rotation=rotation, reason=reason, by=CoordinatorFactory())

    assert RotationRequest.objects.filter(status=RequestStatus.CANCELLED).count() == 0
    assert Rotation.objects.get(pk=rotation.pk).published is True


def test_a_reviewer_cannot_cancel_a_rotation(full_rotation):
    rotation, *_ = full_rotation

    with pytest.raises(services.PlacementError, match="Only the program office"):
        services.cancel_rotation(rotation=rotation, reason="No.", by=ReviewerFactory())

    assert RotationRequest.objects.filter(status=RequestStatus.CANCELLED).count() == 0


def test_the_admin_action_asks_for_the_reason_then_cancels(client, full_rotation):
    rotation, confirmed, *_ = full_rotation
    client.force_login(CoordinatorFactory())
    url = "/admin/rotations/rotation/"

    form = client.post(url, {"action": "cancel_rotation", "_selected_action": [rotation.pk]})
    assert form.status_code == 200
    assert "Why the program cannot run it" in form.content.decode()
    assert RotationRequest.objects.get(pk=confirmed.pk).status == RequestStatus.CONFIRMED

    done = client.post(
        url,
        {
            "action": "cancel_rotation",
            "_selected_action": [rotation.pk],
            "apply": "1",
            "reason": "Flooded clinic.",
        },
    )

    assert done.status_code == 302
    assert RotationRequest.objects.get(pk=confirmed.pk).status == RequestStatus.CANCELLED
    assert RotationRequest.objects.get(pk=confirmed.pk).cancel_reason == "Flooded clinic."


def test_a_reviewer_is_not_offered_the_cancel_action(client, full_rotation):
    client.force_login(ReviewerFactory())

    page = client.get("/admin/rotations/rotation/")

    assert page.status_code == 200
    assert "cancel_rotation" not in page.content.decode()

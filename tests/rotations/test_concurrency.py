"""Many preceptors' clicks at the same instant on a real PostgreSQL: the rotation never holds
more confirmed observers than its places. Each thread has its own database connection and
waits at a barrier so that all of them hit the database together."""

import time

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from applications.models import Application
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import RotationFactory, RotationRequestFactory
from tests.support.concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 40
CAPACITY = 3
ROUNDS = 20


@pytest.fixture
def crowd():
    """One rotation with three places and forty requests for it, from forty applications
    whose offers were accepted."""
    rotation = RotationFactory(capacity=CAPACITY)
    requests = [RotationRequestFactory(rotation=rotation) for _ in range(THREADS)]
    return rotation, requests


def reset(rotation, requests) -> None:
    """Back to forty unanswered requests and no one confirmed, for the next round."""
    RotationRequest.objects.filter(rotation=rotation).update(
        status=RequestStatus.REQUESTED,
        confirmed_at=None,
        waitlisted_at=None,
        responded_at=None,
        responded_by=None,
    )
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=0)
    Application.objects.filter(pk__in=[r.application_id for r in requests]).update(
        status="confirmed"
    )


def outcome(rotation) -> tuple[int, int, int]:
    statuses = list(
        RotationRequest.objects.filter(rotation=rotation).values_list("status", flat=True)
    )
    rotation.refresh_from_db()
    return (
        statuses.count(RequestStatus.CONFIRMED),
        statuses.count(RequestStatus.WAITLISTED),
        rotation.confirmed_count,
    )


def test_forty_preceptor_clicks_at_once_confirm_exactly_three(crowd):
    rotation, requests = crowd
    preceptor_user = rotation.preceptor.user

    def click(rotation_request):
        services.confirm_rotation_request(rotation_request=rotation_request, by=preceptor_user)

    for _ in range(ROUNDS):
        reset(rotation, requests)

        errors = all_at_once(click, requests)

        assert errors == []
        assert outcome(rotation) == (3, 37, 3)


# --- the control: without the lock, the same crowd overbooks ---------------------------------


def naive_confirm(rotation_request: RotationRequest) -> None:
    """The service without its row lock: read the count, check, write. Between the check and
    the write (where the real service renders and queues emails) another click reads the
    same count."""
    with transaction.atomic():
        rotation = Rotation.objects.get(pk=rotation_request.rotation_id)  # no select_for_update
        if rotation.confirmed_count < rotation.capacity:
            time.sleep(0.005)
            Rotation.objects.filter(pk=rotation.pk).update(
                confirmed_count=rotation.confirmed_count + 1
            )
            RotationRequest.objects.filter(pk=rotation_request.pk).update(
                status=RequestStatus.CONFIRMED
            )
        else:
            RotationRequest.objects.filter(pk=rotation_request.pk).update(
                status=RequestStatus.WAITLISTED
            )


def test_control_without_the_lock_the_rotation_is_overbooked(crowd):
    rotation, requests = crowd
    confirmed_per_try = []
    for _ in range(5):
        reset(rotation, requests)
        all_at_once(naive_confirm, requests)
        confirmed, _waitlisted, _count = outcome(rotation)
        confirmed_per_try.append(confirmed)
        if confirmed > CAPACITY:
            break

    assert max(confirmed_per_try) > CAPACITY, confirmed_per_try


def naive_increment(rotation_request: RotationRequest) -> None:
    """Without the lock but with an atomic increment: the database's constraint is then
    what stops the fourth observer, as an error instead of a waiting list."""
    with transaction.atomic():
        rotation = Rotation.objects.get(pk=rotation_request.rotation_id)
        if rotation.confirmed_count < rotation.capacity:
            time.sleep(0.005)
            Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=F("confirmed_count") + 1)
            RotationRequest.objects.filter(pk=rotation_request.pk).update(
                status=RequestStatus.CONFIRMED
            )


def test_control_without_the_lock_the_constraint_still_refuses_a_fourth(crowd):
    rotation, requests = crowd
    reset(rotation, requests)

    errors = all_at_once(naive_increment, requests)

    confirmed, _waitlisted, count = outcome(rotation)
    assert (confirmed, count) == (3, 3)
    assert errors, "no click got past the check: the race did not happen"
    assert all(isinstance(error, IntegrityError) for error in errors)
    assert all("rotation_not_overbooked" in str(error) for error in errors)


def test_the_constraint_rejects_a_direct_over_capacity_write(crowd):
    rotation, _requests = crowd

    with pytest.raises(IntegrityError, match="rotation_not_overbooked"), transaction.atomic():
        Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=CAPACITY + 1)

    rotation.refresh_from_db()
    assert rotation.confirmed_count == 0

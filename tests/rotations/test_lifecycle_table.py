"""The rotation request's lifecycle table (rotations.lifecycle), walked: from each status,
each answer a person can give (the preceptor confirms or declines, the applicant or staff
cancel) is allowed exactly when the table has the move for that actor; the predicates that
show the buttons agree; a refused answer changes nothing. The system's moves (promotion
from the waiting list, release when the applicant leaves) are walked in test_services."""

import pytest

from preceptors import permissions as preceptor_permissions
from rotations import permissions, services
from rotations.enums import RequestStatus
from rotations.lifecycle import REQUEST_MOVES, RequestActor, find_request_move
from rotations.models import Rotation, RotationRequest
from tests.factories import CoordinatorFactory, RotationRequestFactory

pytestmark = pytest.mark.django_db

R = RequestStatus
ANSWERS = [
    ("confirm", RequestActor.PRECEPTOR, R.CONFIRMED),
    ("decline", RequestActor.PRECEPTOR, R.DECLINED),
    ("cancel", RequestActor.APPLICANT, R.CANCELLED),
    ("cancel", RequestActor.STAFF, R.CANCELLED),
]
CASES = [(source, *answer) for source in R for answer in ANSWERS]


def request_in(status: str) -> RotationRequest:
    reason = {"decline_reason": "Full."} if status == R.DECLINED else {}
    rotation_request = RotationRequestFactory(status=status, **reason)
    if status == R.CONFIRMED:
        Rotation.objects.filter(pk=rotation_request.rotation_id).update(confirmed_count=1)
    return rotation_request


def answer(action: str, actor: RequestActor, rotation_request: RotationRequest):
    user = {
        RequestActor.PRECEPTOR: rotation_request.rotation.preceptor.user,
        RequestActor.APPLICANT: rotation_request.application.applicant,
        RequestActor.STAFF: CoordinatorFactory(),
    }[actor]
    if action == "confirm":
        allowed = preceptor_permissions.can_confirm_request(user, rotation_request)
        call = lambda: services.confirm_rotation_request(  # noqa: E731
            rotation_request=rotation_request, by=user
        )
    elif action == "decline":
        allowed = preceptor_permissions.can_decline_request(user, rotation_request)
        call = lambda: services.decline_rotation_request(  # noqa: E731
            rotation_request=rotation_request, by=user, reason="Away that month."
        )
    else:
        # The applicant cancels on their page, staff (coordinators) in admin.
        predicate = (
            permissions.can_staff_cancel_request
            if actor == RequestActor.STAFF
            else permissions.can_cancel_request
        )
        allowed = predicate(user, rotation_request)
        call = lambda: services.cancel_rotation_request(  # noqa: E731
            rotation_request=rotation_request, by=user, reason="Visa delayed."
        )
    return allowed, call


@pytest.mark.parametrize(
    ("source", "action", "actor", "target"),
    CASES,
    ids=[f"{s}: {a} by {who}" for s, a, who, _ in CASES],
)
def test_each_answer_follows_the_table(source, action, actor, target):
    rotation_request = request_in(source)
    move = find_request_move(source, target)
    expected = move is not None and actor in move.actors
    allowed, call = answer(action, actor, rotation_request)

    assert allowed == expected
    if expected:
        call()
        rotation_request.refresh_from_db()
        assert rotation_request.status == target
    else:
        with pytest.raises(services.PlacementError):
            call()
        rotation_request.refresh_from_db()
        assert rotation_request.status == source


def test_a_confirmed_place_is_declined_only_before_the_rotation_starts():
    (move,) = [m for m in REQUEST_MOVES if (m.source, m.target) == (R.CONFIRMED, R.DECLINED)]
    rotation_request = request_in(R.CONFIRMED)
    Rotation.objects.filter(pk=rotation_request.rotation_id).update(
        start_date=rotation_request.rotation.start_date.replace(year=2020)
    )
    rotation_request.refresh_from_db()
    preceptor = rotation_request.rotation.preceptor.user

    assert move.before_start
    assert not preceptor_permissions.can_decline_request(preceptor, rotation_request)
    with pytest.raises(services.PlacementError, match="has started"):
        services.decline_rotation_request(
            rotation_request=rotation_request, by=preceptor, reason="Too late."
        )

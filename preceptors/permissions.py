"""Who may do what in the preceptor portal; views and templates ask the same predicates."""

from django.utils import timezone

from hmc_portal.users.models import User
from rotations.enums import RequestStatus
from rotations.lifecycle import RequestActor, request_move_allowed
from rotations.models import RotationRequest


def is_preceptor(user: User) -> bool:
    """An active account with a Preceptor profile (User.role == "preceptor")."""
    return bool(user.is_authenticated and user.is_active and hasattr(user, "preceptor"))


def _owns(user: User, rotation_request: RotationRequest) -> bool:
    return is_preceptor(user) and rotation_request.rotation.preceptor_id == user.preceptor.pk


def can_confirm_request(user: User, rotation_request: RotationRequest) -> bool:
    """The rotation's preceptor confirms a request that waits for an answer (confirmed, or
    waitlisted when the rotation is full: rotations.lifecycle)."""
    return _owns(user, rotation_request) and request_move_allowed(
        rotation_request.status, RequestStatus.CONFIRMED, RequestActor.PRECEPTOR
    )


def can_decline_request(user: User, rotation_request: RotationRequest) -> bool:
    """The rotation's preceptor declines a request that waits, is on the waiting list, or is
    confirmed for a rotation that has not started."""
    return _owns(user, rotation_request) and request_move_allowed(
        rotation_request.status,
        RequestStatus.DECLINED,
        RequestActor.PRECEPTOR,
        started=rotation_request.rotation.start_date <= timezone.localdate(),
    )


def can_view_documents(user: User, rotation_request: RotationRequest) -> bool:
    """The rotation's preceptor, when staff allowed them to see applicants' documents."""
    return _owns(user, rotation_request) and user.preceptor.may_view_documents

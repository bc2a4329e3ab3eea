"""Who may do what with rotation choices; views and templates ask the same predicates."""

from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from hmc_portal.users.models import User

from .enums import RequestStatus
from .lifecycle import RequestActor, request_move_allowed
from .models import RotationRequest

STAFF, APPLICANT = RequestActor.STAFF, RequestActor.APPLICANT


def can_choose_rotations(user: User, application: Application | None) -> bool:
    """The applicant chooses rotations once they have accepted the offer (confirmed) and
    until they are enrolled."""
    return (
        application is not None
        and application.applicant_id == user.pk
        and application.status == ApplicationStatus.CONFIRMED
    )


def can_cancel_request(user: User, rotation_request: RotationRequest) -> bool:
    """The applicant cancels an active choice of their own before enrolment and before the
    rotation starts; staff cancel any active request."""
    if user.is_staff:
        return request_move_allowed(rotation_request.status, RequestStatus.CANCELLED, STAFF)
    return (
        request_move_allowed(rotation_request.status, RequestStatus.CANCELLED, APPLICANT)
        and rotation_request.application.applicant_id == user.pk
        and rotation_request.application.status == ApplicationStatus.CONFIRMED
        and rotation_request.rotation.start_date > timezone.localdate()
    )

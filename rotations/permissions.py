"""Who may do what with rotation choices; views and templates ask the same predicates."""

from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application
from hmc_portal.users.models import User

from . import selectors
from .enums import RequestStatus
from .lifecycle import RequestActor, request_move_allowed
from .models import RotationRequest

STAFF, APPLICANT = RequestActor.STAFF, RequestActor.APPLICANT


def can_choose_rotations(user: User, application: Application | None) -> bool:
    """The applicant chooses rotations once they have accepted the offer (confirmed) and
    until they are enrolled; once enrolled, only replacement blocks, while they have a free
    replacement allowance (selectors.replacement_slots)."""
    if application is None or application.applicant_id != user.pk:
        return False
    if application.status == ApplicationStatus.CONFIRMED:
        return True
    return (
        application.status == ApplicationStatus.ENROLLED
        and selectors.replacement_slots(application_id=application.pk) > 0
    )


# The coordinator's permission: staff who hold it cancel requests in admin.
CANCEL_PERMISSION = "rotations.change_rotationrequest"


def may_cancel_as_staff(user: User) -> bool:
    """Whether a staff member may cancel rotation requests at all (the admin's action and
    the service ask this): active staff with the coordinator's permission."""
    return bool(user.is_active and user.is_staff and user.has_perm(CANCEL_PERMISSION))


def can_staff_cancel_request(user: User, rotation_request: RotationRequest) -> bool:
    """Staff with the coordinator's permission cancel any active request, in admin."""
    return may_cancel_as_staff(user) and request_move_allowed(
        rotation_request.status, RequestStatus.CANCELLED, STAFF
    )


def can_cancel_request(user: User, rotation_request: RotationRequest) -> bool:
    """The applicant's page: the applicant cancels an active choice of their own before
    enrolment and before the rotation starts. Nobody else, staff included (they cancel in
    admin, see can_staff_cancel_request)."""
    return (
        user.is_authenticated
        and request_move_allowed(rotation_request.status, RequestStatus.CANCELLED, APPLICANT)
        and rotation_request.application.applicant_id == user.pk
        and rotation_request.application.status == ApplicationStatus.CONFIRMED
        and rotation_request.rotation.start_date > timezone.localdate()
    )

"""Status moves and the draft's own fields."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from hmc_portal.users.models import User

from ..enums import TRANSITIONS, ApplicationStatus
from ..models import ApplicantProfile, Application, StatusChange
from .errors import TransitionError


def record_status_change(
    *, application: Application, to: ApplicationStatus, by: User | None, note: str = ""
) -> StatusChange:
    """Move a locked application to `to` and write its StatusChange row.

    The caller holds the row lock (select_for_update) inside its transaction and has checked
    its own preconditions; this checks the lifecycle and raises TransitionError on a move it
    does not allow, changing nothing.
    """
    current = application.status
    if to not in TRANSITIONS[current]:
        raise TransitionError(
            f"An application that is {ApplicationStatus(current).label.lower()} cannot become "
            f"{ApplicationStatus(to).label.lower()}."
        )
    application.status = to
    fields = ["status", "updated_at"]
    if to == ApplicationStatus.SUBMITTED:
        application.submitted_at = timezone.now()
        fields.append("submitted_at")
    application.save(update_fields=fields)
    return StatusChange.objects.create(
        application=application, from_status=current, to_status=to, by=by, note=note
    )


@transaction.atomic
def start_application(*, applicant: User, intake: str) -> Application:
    """Create the applicant's draft for an intake (or return the one they have)."""
    ApplicantProfile.objects.get_or_create(user=applicant)
    application, created = Application.objects.get_or_create(applicant=applicant, intake=intake)
    if created:
        StatusChange.objects.create(
            application=application,
            from_status="",
            to_status=ApplicationStatus.DRAFT,
            by=applicant,
            note="Application started",
        )
    return application


@transaction.atomic
def transition_application(
    *, application: Application, to: ApplicationStatus, by: User | None, note: str = ""
) -> Application:
    """Move an application to `to` under a row lock, writing its StatusChange.

    Raises TransitionError, changing nothing, when the lifecycle does not allow the move.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    record_status_change(application=application, to=to, by=by, note=note)
    return application


@transaction.atomic
def update_applicant_profile(*, user: User, **fields) -> ApplicantProfile:
    """Set fields of the applicant's profile (created when missing)."""
    profile, _ = ApplicantProfile.objects.select_for_update().get_or_create(user=user)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save(update_fields=list(fields))
    return profile

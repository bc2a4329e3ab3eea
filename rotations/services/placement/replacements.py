"""Replacement blocks: granting the applicant one for a confirmed block the program
cancelled (or released after a visa refusal), and withdrawing it. Choosing one is
choose_rotations' (`replacement_for`); using it, the preceptor's answer (common.use_allowance).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User

from ...enums import REPLACEMENT_CAUSES, AllowanceStatus, RequestStatus
from ...errors import PlacementError
from ...models import ReplacementAllowance, RotationRequest
from ...permissions import may_cancel_as_staff
from .common import PLACEABLE_STATUSES, lock_rotation_request, notify_applicant


def grant_locked(
    *, application: Application, rotation_request: RotationRequest, by: User | None
) -> ReplacementAllowance:
    """The allowance for a cancelled block, created once (the existing one otherwise). The
    caller holds the application's and the request's locks and has checked the rules.
    Logs `rotations.replacement.granted` when it creates one."""
    existing = ReplacementAllowance.objects.filter(replaces=rotation_request).first()
    if existing is not None:
        return existing
    allowance = ReplacementAllowance.objects.create(
        application=application,
        replaces=rotation_request,
        cause=rotation_request.cancel_cause,
        granted_by=by,
    )
    log_action(
        allowance,
        "rotations.replacement.granted",
        by=by,
        person=application.applicant,
        data={"replaces": rotation_request.pk, "cause": rotation_request.cancel_cause},
    )
    return allowance


@transaction.atomic
def grant_replacement(
    *, rotation_request: RotationRequest, by: User | None
) -> ReplacementAllowance:
    """Let the applicant choose a replacement block for a confirmed block that was cancelled
    by the program (PROGRAM) or released after a visa refusal (VISA_POSTPONED), while the
    application stays in the program. By the program office (coordinators), the applicant
    (choosing it instead of a refund), or None (the system). Idempotent: a second call
    returns the existing allowance, whatever its status, and emails nothing. Emails the
    applicant the link to choose; logs `rotations.replacement.granted`."""
    application = application_for_update(application_id=rotation_request.application_id)
    if by is not None and by.pk != application.applicant_id and not may_cancel_as_staff(by):
        raise PlacementError(_("Only the program office can grant a replacement block."))
    rotation_request = lock_rotation_request(rotation_request.pk)
    existing = ReplacementAllowance.objects.filter(replaces=rotation_request).first()
    if existing is not None:
        return existing
    if (
        rotation_request.status != RequestStatus.CANCELLED
        or rotation_request.cancel_cause not in REPLACEMENT_CAUSES
        or rotation_request.confirmed_at is None
    ):
        raise PlacementError(
            _(
                "Only a confirmed block that the program cancelled, or released after a visa "
                "refusal, can be replaced."
            )
        )
    if application.status not in PLACEABLE_STATUSES:
        raise PlacementError(_("The applicant is no longer in the program."))
    allowance = grant_locked(application=application, rotation_request=rotation_request, by=by)
    notify_applicant(rotation_request, "rotation_replacement_granted", "replacement")
    return allowance


@transaction.atomic
def withdraw_replacement(*, allowance: ReplacementAllowance, by: User) -> ReplacementAllowance:
    """The program office closes an open allowance (the applicant took the refund, say).
    Coordinators only; refused while a replacement chosen for it waits for an answer (cancel
    that request first). Emails the applicant; logs `rotations.replacement.withdrawn`."""
    if not may_cancel_as_staff(by):
        raise PlacementError(_("Only the program office can withdraw a replacement block."))
    application_for_update(application_id=allowance.application_id)
    allowance = (
        ReplacementAllowance.objects.select_for_update(of=("self",))
        .select_related("application__applicant")
        .get(pk=allowance.pk)
    )
    if allowance.status != AllowanceStatus.OPEN:
        raise PlacementError(
            _("This replacement block is %(status)s already.")
            % {"status": allowance.get_status_display().lower()}
        )
    if allowance.requests.filter(
        status__in=(RequestStatus.REQUESTED, RequestStatus.WAITLISTED)
    ).exists():
        raise PlacementError(
            _(
                "The applicant has chosen a replacement block that waits for its preceptor: "
                "cancel that request first."
            )
        )
    allowance.status = AllowanceStatus.WITHDRAWN
    allowance.save(update_fields=["status"])
    log_action(
        allowance,
        "rotations.replacement.withdrawn",
        by=by,
        person=allowance.application.applicant,
        data={"replaces": allowance.replaces_id},
    )
    replaced = lock_rotation_request(allowance.replaces_id)
    notify_applicant(replaced, "rotation_replacement_withdrawn", "replacement:withdrawn")
    return allowance

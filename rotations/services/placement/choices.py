"""The applicant's ranked choices of rotations, and finishing with those confirmed."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors import application_for_update
from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User

from ...enums import ACTIVE_REQUEST_STATUSES
from ...errors import PlacementError
from ...links import request_link_url
from ...models import Rotation, RotationRequest
from ...selectors import REQUEST_JOINS, date_range, free_allowances
from .common import (
    enrol_if_complete,
    notify_preceptor,
)


@transaction.atomic
def choose_rotations(
    *, application: Application, rotations: list[Rotation], by: User
) -> list[RotationRequest]:
    """Request `rotations`, in order of preference after any already chosen, and email each
    rotation's preceptor a signed one-click link.

    Only an application whose offer was accepted (confirmed), by its applicant or staff; at
    most MAX_ROTATION_CHOICES active choices; only published rotations that have not started;
    none twice; no two with overlapping dates. An application with replacement allowances
    (rotations.models.ReplacementAllowance) may also choose once enrolled, then only as many
    as it has free allowances (rotations.selectors.free_allowances); the first choices made
    while it has some are replacements (`replacement_for`). Raises PlacementError otherwise.
    Logs one `rotations.request.chosen` on the application, naming the rotations.
    """
    application = application_for_update(application_id=application.pk)
    if application.applicant_id != by.pk and not by.is_staff:
        raise PlacementError(_("Only the applicant chooses their rotations."))
    free = free_allowances(application_id=application.pk)
    if application.status == ApplicationStatus.ENROLLED and not free:
        raise PlacementError(
            _("You are enrolled: write to the program office to change your rotations.")
        )
    if application.status not in (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED):
        raise PlacementError(_("Rotations can be chosen once you have accepted your offer."))
    ids = [rotation.pk for rotation in rotations]
    if not ids:
        raise PlacementError(_("Choose at least one rotation."))
    if len(set(ids)) != len(ids):
        raise PlacementError(_("Choose each rotation only once."))
    active = list(
        RotationRequest.objects.filter(
            application=application, status__in=ACTIVE_REQUEST_STATUSES
        ).select_related(*REQUEST_JOINS)
    )
    if application.status == ApplicationStatus.ENROLLED:
        if len(ids) > len(free):
            raise PlacementError(
                ngettext(
                    "You can choose %(count)s replacement block.",
                    "You can choose %(count)s replacement blocks.",
                    len(free),
                )
                % {"count": len(free)}
            )
    else:
        _check_limit(len(active), len(ids))
    fresh = Rotation.objects.select_related("specialty", "site", "preceptor__user").in_bulk(ids)
    chosen = [fresh[pk] for pk in ids if pk in fresh]
    today = timezone.localdate()
    for rotation in chosen:
        if not rotation.published or rotation.start_date <= today:
            raise PlacementError(
                _("%(rotation)s is not open for requests.") % {"rotation": rotation}
            )
    if len(chosen) != len(ids):
        raise PlacementError(_("One of the rotations you chose is no longer offered."))
    already = {rotation_request.rotation_id for rotation_request in active}
    for rotation in chosen:
        if rotation.pk in already:
            raise PlacementError(
                _("You have chosen %(rotation)s already.") % {"rotation": rotation}
            )
    everything = [rotation_request.rotation for rotation_request in active] + chosen
    for index, rotation in enumerate(everything):
        for other in everything[index + 1 :]:
            if rotation.overlaps(other):
                raise PlacementError(
                    _(
                        "%(first)s (%(first_dates)s) and %(second)s (%(second_dates)s) "
                        "overlap: choose blocks on different dates."
                    )
                    % {
                        "first": rotation.specialty.name,
                        "first_dates": date_range(rotation),
                        "second": other.specialty.name,
                        "second_dates": date_range(other),
                    }
                )
    rank = max((rotation_request.rank for rotation_request in active), default=0)
    created = []
    for index, rotation in enumerate(chosen):
        rank += 1
        rotation_request = RotationRequest.objects.create(
            application=application,
            rotation=rotation,
            rank=rank,
            replacement_for=free[index] if index < len(free) else None,
        )
        rotation_request.rotation = rotation
        rotation_request.application = application
        notify_preceptor(
            rotation_request,
            "rotation_request_preceptor",
            "preceptor",
            link_url=request_link_url(rotation_request=rotation_request),
            link_days=settings.ROTATION_LINK_MAX_AGE // 86_400,
        )
        created.append(rotation_request)
    log_action(
        application,
        "rotations.request.chosen",
        by=by,
        person=application.applicant,
        data={
            "rotations": [rotation.pk for rotation in chosen],
            "requests": [rotation_request.pk for rotation_request in created],
            "replacements": [
                rotation_request.replacement_for_id
                for rotation_request in created
                if rotation_request.replacement_for_id is not None
            ],
        },
    )
    return created


def _check_limit(active: int, new: int) -> None:
    """At most MAX_ROTATION_CHOICES active choices before enrolment."""
    limit = settings.MAX_ROTATION_CHOICES
    if active + new > limit:
        raise PlacementError(
            _(
                "You can choose up to %(limit)s rotations; you have %(count)s already, "
                "so %(left)s more."
            )
            % {"limit": limit, "count": active, "left": max(limit - active, 0)}
        )


@transaction.atomic
def finish_placement(*, application: Application, by: User) -> Application:
    """confirmed -> enrolled with the rotations confirmed so far, when the applicant wants no
    other (after a decline, say). Refused while a choice still waits for an answer. Logs
    `rotations.placement.finished` (the move to enrolled is logged as a status change)."""
    application = application_for_update(application_id=application.pk)
    if application.applicant_id != by.pk and not by.is_staff:
        raise PlacementError(_("Only the applicant can finish choosing their rotations."))
    if not enrol_if_complete(application=application, by=by):
        raise PlacementError(
            _(
                "You can finish once at least one rotation is confirmed and no other choice "
                "is waiting for an answer or on a waiting list."
            )
        )
    application.refresh_from_db(fields=["status"])
    log_action(
        application,
        "rotations.placement.finished",
        by=by,
        person=application.applicant,
        data={"status": application.status},
    )
    return application

"""Every write of the follow-up after the first day: the preceptor confirms (and corrects)
the observer's attendance, in the portal or by the weekly email's one-click link; submits
the mid-point and final evaluations; and the application is completed when its last block
is. Each write locks the application then the request (placement's lock order), logs its
activity, and may complete the application in the same transaction."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.enums import ApplicationStatus
from applications.lifecycle import Actor
from applications.models import Application
from applications.selectors import application_for_update
from applications.services import transition_application
from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.users.models import User

from ..enums import EvaluationKind, RequestStatus
from ..models import SCORE_FIELDS, Attendance, Evaluation, RotationRequest
from ..selectors import REQUEST_JOINS
from . import rules
from .errors import AftercareError
from .links import check_attendance_link_unused
from .selectors import completion_state


def _lock(rotation_request: RotationRequest) -> tuple[Application, RotationRequest]:
    application = application_for_update(application_id=rotation_request.application_id)
    locked = (
        RotationRequest.objects.select_for_update(of=("self",))
        .select_related(*REQUEST_JOINS, "application__applicant")
        .get(pk=rotation_request.pk)
    )
    return application, locked


def _check_block(rotation_request: RotationRequest, application: Application, by: User) -> None:
    rotation = rotation_request.rotation
    if rotation.preceptor.user_id != by.pk:
        raise AftercareError(_("Only the block's preceptor can do this."))
    if rotation_request.status != RequestStatus.CONFIRMED:
        raise AftercareError(_("This block is not a confirmed placement."))
    if application.status != ApplicationStatus.ENROLLED:
        if application.status == ApplicationStatus.COMPLETED:
            raise AftercareError(
                _("The observership is completed: nothing more can be changed here.")
            )
        raise AftercareError(_("This observer is not in the program any more."))


@transaction.atomic
def confirm_attendance(
    *,
    rotation_request: RotationRequest,
    by: User,
    missed_days: list[datetime.date] | tuple = (),
    hours: int | None = None,
    today: datetime.date | None = None,
    link_state: str | None = None,
) -> Attendance:
    """The block's preceptor confirms the observer attended every weekday of the block up to
    today (or its last day), except `missed_days`; with ATTENDANCE_RECORDS_HOURS, the hours
    too. Only once the block has started; corrected until the application is completed.
    Logs `rotations.attendance.confirmed` (the first time) or `rotations.attendance.
    corrected`, and completes the application when this was the last thing missing.

    `link_state` (the one-click link's nonce) keeps the days already recorded missed and
    refuses a link made before attendance was recorded (AttendanceLinkError `used`)."""
    today = today or timezone.localdate()
    application, rotation_request = _lock(rotation_request)
    _check_block(rotation_request, application, by)
    rotation = rotation_request.rotation
    if rotation.start_date > today:
        raise AftercareError(
            _("This block starts on %(date)s: attendance can be confirmed from its first day.")
            % {"date": written(rotation.start_date)}
        )
    existing = Attendance.objects.filter(rotation_request=rotation_request).first()
    if link_state is not None:
        check_attendance_link_unused(rotation_request=rotation_request, state=link_state)
        missed_days = existing.missed_days if existing else []
        hours = existing.hours if existing else None
    through = rules.attendance_through(rotation, today)
    weekdays = set(rules.block_weekdays(rotation, through=through))
    missed = sorted(set(missed_days))
    outside = [day for day in missed if day not in weekdays]
    if outside:
        raise AftercareError(
            _("%(date)s is not a weekday of this block up to today.")
            % {"date": written(outside[0])}
        )
    if not settings.ATTENDANCE_RECORDS_HOURS:
        hours = None
    elif hours is None and link_state is None:
        raise AftercareError(_("Enter the hours the observer attended."))
    elif hours is not None and not 0 <= hours <= 400:
        raise AftercareError(_("Enter the hours attended, between 0 and 400."))
    before = (
        {
            "missed": [d.isoformat() for d in existing.missed_days],
            "through": existing.confirmed_through.isoformat(),
            "hours": existing.hours,
        }
        if existing
        else None
    )
    attendance = existing or Attendance(rotation_request=rotation_request)
    attendance.missed_days = missed
    attendance.hours = hours
    attendance.confirmed_through = through
    attendance.confirmed_at = timezone.now()
    attendance.confirmed_by = by
    attendance.save()
    log_action(
        attendance,
        "rotations.attendance.corrected" if existing else "rotations.attendance.confirmed",
        by=by,
        person=application.applicant,
        data={
            "request": rotation_request.pk,
            "missed": [d.isoformat() for d in missed],
            "through": through.isoformat(),
            "hours": hours,
            "by_link": link_state is not None,
            **({"before": before} if before else {}),
        },
    )
    complete_if_done(application=application, by=by, today=today)
    return attendance


def _clean_scores(scores: dict) -> dict[str, int]:
    cleaned = {}
    for name in SCORE_FIELDS:
        value = scores.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise AftercareError(_("Give every criterion a score from 1 to 5."))
        cleaned[name] = value
    return cleaned


@transaction.atomic
def submit_evaluation(
    *,
    rotation_request: RotationRequest,
    kind: str,
    scores: dict,
    strengths: str,
    areas_to_grow: str,
    by: User,
    today: datetime.date | None = None,
) -> Evaluation:
    """The block's preceptor evaluates the observer: the mid-point evaluation (blocks longer
    than four weeks, from the block's middle) or the final one (from the Monday of its last
    week), each criterion 1-5, strengths and areas to grow (both required for the final).
    Submitted once, never edited. Logs `rotations.evaluation.submitted`, and completes the
    application when this was the last thing missing."""
    today = today or timezone.localdate()
    application, rotation_request = _lock(rotation_request)
    _check_block(rotation_request, application, by)
    rotation = rotation_request.rotation
    if kind not in rules.evaluation_kinds(rotation):
        raise AftercareError(_("A block of four weeks or less has no mid-point evaluation."))
    opens = rules.opens_on(rotation, kind)
    if today < opens:
        raise AftercareError(_("This evaluation opens on %(date)s.") % {"date": written(opens)})
    if Evaluation.objects.filter(rotation_request=rotation_request, kind=kind).exists():
        raise AftercareError(_("This evaluation was submitted already: nothing was changed."))
    cleaned = _clean_scores(scores)
    strengths, areas_to_grow = (strengths or "").strip(), (areas_to_grow or "").strip()
    if kind == EvaluationKind.FINAL and not (strengths and areas_to_grow):
        raise AftercareError(
            _("The final evaluation needs the observer's strengths and areas to grow.")
        )
    evaluation = Evaluation.objects.create(
        rotation_request=rotation_request,
        kind=kind,
        strengths=strengths,
        areas_to_grow=areas_to_grow,
        submitted_at=timezone.now(),
        submitted_by=by,
        due_on=rules.due_on(rotation, kind),
        **cleaned,
    )
    log_action(
        evaluation,
        "rotations.evaluation.submitted",
        by=by,
        person=application.applicant,
        data={"request": rotation_request.pk, "kind": kind, "scores": cleaned},
    )
    complete_if_done(application=application, by=by, today=today)
    return evaluation


def complete_if_done(
    *, application: Application, by: User | None, today: datetime.date | None = None
) -> bool:
    """enrolled -> completed (the system's move, `by` the person whose act finished it) once
    every confirmed block has its attendance confirmed through its last day and its final
    evaluation. The caller holds the application's lock. The completion email is the
    lifecycle's (status_completed); apps above react to the status change."""
    application.refresh_from_db(fields=["status"])
    if application.status != ApplicationStatus.ENROLLED:
        return False
    if not completion_state(application, today=today).complete:
        return False
    transition_application(
        application=application,
        to=ApplicationStatus.COMPLETED,
        by=by,
        actor=Actor.SYSTEM,
        note=gettext_noop("Every block's attendance and final evaluation are in."),
    )
    return True

"""Interviews: schedule one, or offer slots for the applicant to pick; reschedule, cancel,
record the outcome.

Every email about an interview is rendered in the applicant's own time zone and carries the
calendar invitation (applications.calendar): one UID for the interview's life, SEQUENCE
raised by every reschedule and by the cancellation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import cancel_pending_notifications, queue_notification
from hmc_portal.users.models import User

from ... import calendar
from ...enums import ApplicationStatus, InterviewStatus, Recommendation
from ...lifecycle import find_interview_move
from ...models import Application, Interview, InterviewSlot
from ...permissions import can_record_interview_outcome, can_schedule_interviews
from ...selectors.interviews import slot_is_open
from ...selectors.next_step import next_step_for_email
from ..errors import ApplicationError, NotAllowed
from ..lifecycle import transition_application
from .emails import (
    ics,
    interview_context,
    iso,
    reminder_keys,
    request_time_url,
    send_invitation,
)


class InterviewError(ApplicationError):
    """An interview write that the interview's or the application's state, or the input,
    does not allow; nothing was changed."""


# Applications that may be given an interview: under review (the first interview moves them
# to the interview stage) or already there.
INTERVIEW_STAGES = (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INTERVIEW)
MAX_OFFERED_SLOTS = 5


@dataclass(frozen=True)
class SlotTime:
    """One time a coordinator offers (what offer_interview_slots takes)."""

    starts_at: datetime
    duration_minutes: int = 30
    meeting_url: str = ""
    interviewer: User | None = None


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()  # reschedule_interview: leave this detail as it is


# --- helpers ------------------------------------------------------------------------------


def _require_scheduler(by: User) -> None:
    if not can_schedule_interviews(by):
        raise NotAllowed("Only a coordinator can schedule, move or cancel interviews.")


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
    )


def _lock_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__applicant", "interviewer")
        .get(pk=interview.pk)
    )


def interview_stage_problem(application: Application) -> str:
    """Why this application cannot be given an interview now ("" when it can): it is
    elsewhere in its lifecycle, or it already has a scheduled interview. The admin's forms
    ask it up front; schedule_interview and offer_interview_slots ask it again under the
    lock."""
    if application.status not in INTERVIEW_STAGES:
        return gettext(
            "Only an application under review or at the interview stage can be given an "
            "interview; this one is %(status)s."
        ) % {"status": str(ApplicationStatus(application.status).label).lower()}
    if application.interviews.filter(status=InterviewStatus.SCHEDULED).exists():
        return gettext(
            "This application already has a scheduled interview: move or cancel that one, "
            "or record its outcome, first."
        )
    return ""


def _check_stage(application: Application) -> None:
    problem = interview_stage_problem(application)
    if problem:
        raise InterviewError(problem)


def _check_future(starts_at: datetime, *, now: datetime | None = None) -> None:
    if timezone.is_naive(starts_at):
        raise InterviewError(gettext("The time needs a time zone."))
    if starts_at <= (now or timezone.now()):
        raise InterviewError(gettext("The interview time must be in the future."))


def _check_interviewer(interviewer: User | None) -> None:
    if interviewer is not None and not (interviewer.is_staff and interviewer.is_active):
        raise InterviewError(gettext("The interviewer must be an active staff member."))


def _validate(instance: Interview | InterviewSlot) -> None:
    """The model's own field rules (length 10-240 minutes, a valid link)."""
    try:
        instance.clean_fields(
            exclude=["application", "interviewer", "created_by", "interview", "uid"]
        )
    except ValidationError as error:
        messages = [f"{field}: {' '.join(errors)}" for field, errors in error.message_dict.items()]
        raise InterviewError("; ".join(messages)) from error


def _when(interview: Interview) -> dict:
    return {"starts_at": iso(interview.starts_at), "duration_minutes": interview.duration_minutes}


def _log(interview: Interview, verb: str, *, by: User, data: dict) -> None:
    log_action(interview, verb, by=by, person=interview.application.applicant, data=data)


def _enter_interview_stage(application: Application, by: User) -> None:
    if application.status == ApplicationStatus.UNDER_REVIEW:
        # Writes the StatusChange. Its status_interview email stays out: the invitation or
        # the times to choose from, sent by the caller, tell the same news (one email).
        transition_application(
            application=application, to=ApplicationStatus.INTERVIEW, by=by, email=False
        )
        application.status = ApplicationStatus.INTERVIEW


# --- services -----------------------------------------------------------------------------


@transaction.atomic
def schedule_interview(
    *,
    application: Application,
    by: User,
    starts_at: datetime,
    duration_minutes: int = 30,
    meeting_url: str,
    interviewer: User | None = None,
) -> Interview:
    """Book one interview at `starts_at` (aware; stored in UTC) for an application under
    review or at the interview stage, and email the applicant the invitation with its ICS.

    A coordinator's act (NotAllowed otherwise). Moves an application under review to
    the interview stage (its status email goes too); any slots still on offer lapse. Raises
    InterviewError when the time is past, the application is elsewhere in its lifecycle, or
    it already has a scheduled interview. Logs `applications.interview.scheduled`.
    """
    _require_scheduler(by)
    application = _lock_application(application)
    _check_stage(application)
    _check_future(starts_at)
    _check_interviewer(interviewer)
    interview = Interview(
        application=application,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        meeting_url=meeting_url,
        interviewer=interviewer,
        created_by=by,
    )
    _validate(interview)
    _enter_interview_stage(application, by)
    interview.save()
    _log(interview, "applications.interview.scheduled", by=by, data=_when(interview))
    send_invitation(interview, picked=False)
    return interview


@transaction.atomic
def offer_interview_slots(
    *, application: Application, by: User, slots: list[SlotTime]
) -> list[InterviewSlot]:
    """Offer up to five times; the applicant picks one on the dashboard
    (pick_interview_slot) and the others lapse. Emails the applicant the choice.

    A coordinator's act (NotAllowed otherwise). Moves an application under review to
    the interview stage. Raises InterviewError for no slot, too many, a repeated or past
    time, or an application that cannot be given an interview now. Logs
    `applications.interview.slots_offered` on the application.
    """
    _require_scheduler(by)
    application = _lock_application(application)
    _check_stage(application)
    if not slots:
        raise InterviewError(gettext("Offer at least one time."))
    if len(slots) > MAX_OFFERED_SLOTS:
        raise InterviewError(
            gettext("Offer at most %(limit)s times.") % {"limit": MAX_OFFERED_SLOTS}
        )
    times = [slot.starts_at for slot in slots]
    if len(set(times)) != len(times):
        raise InterviewError(gettext("The same time is offered twice."))
    created = []
    for slot in sorted(slots, key=lambda s: s.starts_at):
        _check_future(slot.starts_at)
        _check_interviewer(slot.interviewer)
        offered = InterviewSlot(
            application=application,
            starts_at=slot.starts_at,
            duration_minutes=slot.duration_minutes,
            meeting_url=slot.meeting_url,
            interviewer=slot.interviewer,
        )
        _validate(offered)
        created.append(offered)
    _enter_interview_stage(application, by)
    for offered in created:
        offered.save()
    log_action(
        application,
        "applications.interview.slots_offered",
        by=by,
        person=application.applicant,
        data={
            "slots": [iso(offered.starts_at) for offered in created],
            "duration_minutes": created[0].duration_minutes,
        },
    )
    queue_notification(
        to=application.applicant,
        template="interview_slots_offered",
        key=f"application:{application.pk}:slots:{created[0].pk}",
        context={
            "intake": application.intake,
            "slots": [iso(offered.starts_at) for offered in created],
            "duration_minutes": created[0].duration_minutes,
            "next_step": next_step_for_email(application=application),
            "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
            "request_time_url": request_time_url(),
        },
    )
    return created


@transaction.atomic
def pick_interview_slot(*, slot: InterviewSlot, by: User) -> Interview:
    """The applicant books one of the offered times: it becomes their interview, the other
    slots lapse, and the invitation with its ICS is emailed.

    Only the applicant may pick (NotAllowed); InterviewError when the slot was already
    taken, has lapsed or passed, or the application is no longer at the interview stage.
    Logs `applications.interview.slot_picked`.
    """
    application = _lock_application(slot.application)
    if application.applicant_id != by.pk:
        raise NotAllowed(gettext("Only the applicant can choose their interview time."))
    slot = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
    if not slot_is_open(slot=slot):
        raise InterviewError(
            gettext(
                "This time is no longer available. Choose another one, or write to the "
                "program office."
            )
        )
    interview = Interview.objects.create(
        application=application,
        starts_at=slot.starts_at,
        duration_minutes=slot.duration_minutes,
        meeting_url=slot.meeting_url,
        interviewer=slot.interviewer,
        created_by=by,
    )
    slot.interview = interview
    slot.save(update_fields=["interview"])
    _log(
        interview,
        "applications.interview.slot_picked",
        by=by,
        data={"slot": slot.pk, **_when(interview)},
    )
    send_invitation(interview, picked=True)
    return interview


@transaction.atomic
def reschedule_interview(
    *,
    interview: Interview,
    by: User,
    starts_at: datetime,
    duration_minutes: int | _Keep = KEEP,
    meeting_url: str | _Keep = KEEP,
    interviewer: User | None | _Keep = KEEP,
) -> Interview:
    """Move a scheduled interview (or change its length, link or interviewer) and email the
    applicant an updated ICS: the same UID with a higher SEQUENCE.

    A coordinator's act (NotAllowed otherwise). Its reminders move with it: their
    dedupe keys carry the sequence. Raises InterviewError unless the interview is scheduled,
    the new time is in the future and something changed. Logs
    `applications.interview.rescheduled` (the old and new time, what changed).
    """
    _require_scheduler(by)
    interview = _lock_interview(interview)
    if find_interview_move(interview.status, InterviewStatus.SCHEDULED) is None:
        raise InterviewError(
            gettext("A %(status)s interview cannot be moved.")
            % {"status": str(interview.get_status_display()).lower()}
        )
    previous = interview.starts_at
    before = (
        interview.starts_at,
        interview.duration_minutes,
        interview.meeting_url,
        interview.interviewer_id,
    )
    interview.starts_at = starts_at
    if not isinstance(duration_minutes, _Keep):
        interview.duration_minutes = duration_minutes
    if not isinstance(meeting_url, _Keep):
        interview.meeting_url = meeting_url
    if not isinstance(interviewer, _Keep):
        _check_interviewer(interviewer)
        interview.interviewer = interviewer
    after = (
        interview.starts_at,
        interview.duration_minutes,
        interview.meeting_url,
        interview.interviewer_id,
    )
    if after == before:
        raise InterviewError(gettext("Nothing changed."))
    changed = [
        name
        for name, old, new in zip(
            ["starts_at", "duration_minutes", "meeting_url", "interviewer"],
            before,
            after,
            strict=True,
        )
        if old != new
    ]
    _check_future(starts_at)
    _validate(interview)
    _withdraw_unsent_emails(interview)
    interview.sequence += 1
    interview.save(
        update_fields=[
            "starts_at",
            "duration_minutes",
            "meeting_url",
            "interviewer",
            "sequence",
            "updated_at",
        ]
    )
    _log(
        interview,
        "applications.interview.rescheduled",
        by=by,
        data={"from": iso(previous), "to": iso(interview.starts_at), "changed": changed},
    )
    queue_notification(
        to=interview.application.applicant,
        template="interview_rescheduled",
        key=f"interview:{interview.pk}:s{interview.sequence}:updated",
        context={
            **interview_context(interview),
            "previous_starts_at": iso(previous),
            "moved": starts_at != previous,
        },
        attachments=ics(interview, calendar.REQUEST),
    )
    return interview


@transaction.atomic
def cancel_interview(*, interview: Interview, by: User, reason: str = "") -> Interview:
    """Cancel a scheduled interview and email the applicant the cancellation (ICS with
    METHOD:CANCEL, STATUS:CANCELLED, a higher SEQUENCE) and the reason, if given.

    A coordinator's act (NotAllowed otherwise); the application stays where it is, so
    a new interview can be scheduled or slots offered. InterviewError unless scheduled.
    Logs `applications.interview.cancelled` with the reason.
    """
    _require_scheduler(by)
    interview = _lock_interview(interview)
    if find_interview_move(interview.status, InterviewStatus.CANCELLED) is None:
        raise InterviewError(
            gettext("A %(status)s interview cannot be cancelled.")
            % {"status": str(interview.get_status_display()).lower()}
        )
    _cancel_locked(interview, by=by, reason=reason.strip())
    return interview


def cancel_interviews_on_exit(*, application: Application, by: User | None) -> list[Interview]:
    """Cancel every scheduled interview of an application that left the program
    (withdrawn, rejected, declined, expired), each with its calendar cancellation emailed to
    the applicant; their unsent invitation and reminders never go out.

    A consequence of the status move, not anyone's own act: called by the receiver of
    application_status_changed inside the move's transaction, which holds the
    application's lock; `by` is who made the move. Returns the interviews cancelled.
    """
    cancelled = []
    for interview in application.interviews.filter(status=InterviewStatus.SCHEDULED):
        interview = _lock_interview(interview)
        if interview.status != InterviewStatus.SCHEDULED:
            continue
        with speaking_to(application.applicant):  # the words of the applicant's email
            status = str(ApplicationStatus(application.status).label).lower()
            reason = gettext("The application is %(status)s.") % {"status": status}
        _cancel_locked(
            interview,
            by=by,
            reason=reason,
            application_closed=True,
            application_status=status,
        )
        cancelled.append(interview)
    return cancelled


def _cancel_locked(interview: Interview, *, by: User | None, reason: str, **context) -> None:
    interview.status = InterviewStatus.CANCELLED
    _withdraw_unsent_emails(interview)
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    _log(
        interview,
        "applications.interview.cancelled",
        by=by,
        data={**_when(interview), "reason": reason},
    )
    queue_notification(
        to=interview.application.applicant,
        template="interview_cancelled",
        key=f"interview:{interview.pk}:cancelled",
        context={**interview_context(interview), "reason": reason, **context},
        attachments=ics(interview, calendar.CANCEL),
    )


def _withdraw_unsent_emails(interview: Interview) -> None:
    """Before a move or a cancellation: the invitation, update and reminders of the current
    time that have not gone out yet (the broker was down) must never go out now."""
    sequence = interview.sequence
    cancel_pending_notifications(
        keys=[
            f"interview:{interview.pk}:invitation",
            f"interview:{interview.pk}:s{sequence}:updated",
            *reminder_keys(interview),
        ]
    )


OUTCOMES = (InterviewStatus.COMPLETED, InterviewStatus.NO_SHOW)


@transaction.atomic
def record_interview_outcome(
    *,
    interview: Interview,
    by: User,
    status: str,
    notes: str = "",
    recommendation: str = "",
) -> Interview:
    """Record how an interview went: completed (with the reviewer's recommendation) or a
    no-show, and internal notes the applicant never sees. Sends nothing. Records who and
    when (outcome_recorded_by, outcome_recorded_at) and logs
    `applications.interview.outcome_recorded`.

    Reviewers and coordinators (NotAllowed otherwise). A recorded outcome may be
    corrected. InterviewError for a cancelled interview, one that has not started yet, an
    unknown outcome, or a completed interview without a recommendation.
    """
    if not can_record_interview_outcome(by):
        raise NotAllowed(
            gettext("Only reviewers and coordinators can record an interview outcome.")
        )
    interview = _lock_interview(interview)
    if status not in OUTCOMES:
        raise InterviewError(gettext("The outcome is either completed or no-show."))
    if recommendation and recommendation not in Recommendation.values:
        raise InterviewError(gettext("Unknown recommendation."))
    if status == InterviewStatus.COMPLETED and not recommendation:
        raise InterviewError(gettext("Give your recommendation for a completed interview."))
    move = find_interview_move(interview.status, status)
    if move is None:  # only a cancelled interview has no way to an outcome
        raise InterviewError(gettext("A cancelled interview has no outcome."))
    if move.after_start and interview.starts_at > timezone.now():
        raise InterviewError(gettext("The interview has not started yet."))
    previous = interview.status
    interview.status = status
    interview.outcome_notes = notes.strip()
    interview.recommendation = recommendation
    interview.outcome_recorded_by = by
    interview.outcome_recorded_at = timezone.now()
    interview.save(
        update_fields=[
            "status",
            "outcome_notes",
            "recommendation",
            "outcome_recorded_by",
            "outcome_recorded_at",
            "updated_at",
        ]
    )
    # The notes stay on the interview (internal); the log keeps the decision.
    _log(
        interview,
        "applications.interview.outcome_recorded",
        by=by,
        data={"from": previous, "to": status, "recommendation": recommendation},
    )
    return interview

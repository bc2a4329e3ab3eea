"""Status moves and the draft's own fields."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hmc_portal.audit.services import log_action
from hmc_portal.dates import written
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..enums import ApplicationStatus
from ..lifecycle import Actor, Move, Precondition, find_move
from ..models import ApplicantProfile, Application, StatusChange
from ..permissions import can_change_status, can_review
from ..selectors.applications import submission_problems
from ..selectors.next_step import next_step_as_applicant_reads_it
from ..selectors.review import unverified_documents
from ..signals import application_status_changed
from .errors import NotAllowed, SubmissionIncomplete, TransitionError


def actor_for(user: User | None, application: Application) -> Actor | None:
    """Who `user` is for this application's moves: None (the clock) is the system; the
    applicant; a coordinator; a reviewer; or nobody with a move (None)."""
    if user is None:
        return Actor.SYSTEM
    if application.applicant_id == user.pk:
        return Actor.APPLICANT
    if can_change_status(user):
        return Actor.COORDINATOR
    if can_review(user):
        return Actor.REVIEWER
    return None


def _label(status: str) -> str:
    return str(ApplicationStatus(status).label).lower()


def _cannot_become(current: str, to: str) -> str:
    if current == to:  # the same move sent twice (a double tap, a second tab)
        return gettext("This application is already %(current)s: nothing was changed.") % {
            "current": _label(current)
        }
    return gettext("An application that is %(current)s cannot become %(to)s.") % {
        "current": _label(current),
        "to": _label(to),
    }


def check_move(*, application: Application, to: str, actor: Actor | None) -> Move:
    """The lifecycle's move from the application's status to `to`, if `actor` may make it
    and its preconditions hold. Raises TransitionError for a move the lifecycle does not
    have, NotAllowed for an actor the move is not for, SubmissionIncomplete or
    TransitionError for a precondition that fails. Reads only."""
    move = find_move(application.status, to)
    if move is None:
        raise TransitionError(_cannot_become(application.status, to))
    if actor not in move.actors:
        raise NotAllowed(
            gettext("Only %(actors)s can make an application %(status)s.")
            % {
                "actors": gettext(" or ").join(str(a.label) for a in sorted(move.actors)),
                "status": _label(to),
            }
        )
    for precondition in move.requires:
        if precondition == Precondition.COMPLETE:
            problems = submission_problems(application=application)
            if problems:
                raise SubmissionIncomplete(problems)
        elif precondition == Precondition.DOCUMENTS_VERIFIED:
            unverified = unverified_documents(application=application)
            if unverified:
                raise TransitionError(
                    gettext(
                        "An offer needs every required document verified. Not verified yet: "
                        "%(documents)s."
                    )
                    % {"documents": ", ".join(str(label) for label in unverified)}
                )
    return move


def _record_status_change(
    *, application: Application, to: ApplicationStatus, by: User | None, note: str = ""
) -> StatusChange:
    """Move a locked application to `to` and write its StatusChange row.

    Only transition_application calls it, under the row lock and after check_move. Logs
    `applications.application.status_changed` (from, to, note): every status move passes
    here, so each is logged exactly once.
    """
    current = application.status
    application.status = to
    fields = ["status", "updated_at"]
    if to == ApplicationStatus.SUBMITTED:
        application.submitted_at = timezone.now()
        fields.append("submitted_at")
    application.save(update_fields=fields)
    change = StatusChange.objects.create(
        application=application, from_status=current, to_status=to, by=by, note=note
    )
    log_action(
        application,
        "applications.application.status_changed",
        by=by,
        person=application.applicant,
        data={"from": current, "to": str(to), "note": note},
    )
    return change


@transaction.atomic
def start_application(*, applicant: User, intake: str) -> Application:
    """Create the applicant's draft for an intake (or return the one they have).

    A new draft gets its first StatusChange and the log entry
    `applications.application.started`; an existing one is returned untouched.
    """
    ApplicantProfile.objects.get_or_create(user=applicant)
    application, created = Application.objects.get_or_create(applicant=applicant, intake=intake)
    if created:
        StatusChange.objects.create(
            application=application,
            from_status="",
            to_status=ApplicationStatus.DRAFT,
            by=applicant,
            note=gettext_noop("Application started"),  # translated when shown
        )
        log_action(
            application,
            "applications.application.started",
            by=applicant,
            person=applicant,
            data={"intake": intake, "to": ApplicationStatus.DRAFT.value},
        )
    return application


def status_email_context(application: Application, note: str) -> dict:
    """What every status email can use: the intake, the note (a rejection message, a reason),
    the offer deadline, the next step (the dashboard's sentence, applications.selectors.
    next_step, and whether it asks something of the applicant: a subject says "[Action
    required]" only then) and the links. Its words are in the applicant's language, times in
    their zone."""
    step = next_step_as_applicant_reads_it(application=application)
    with speaking_to(application.applicant):
        status_label = str(ApplicationStatus(application.status).label)
        # A note the portal wrote itself (gettext_noop) reads in the applicant's language;
        # a person's own words are not in the catalogue and stay as they were written.
        note = gettext(note) if note else ""
    return {
        "intake": application.intake,
        "status": application.status,
        "status_label": status_label,
        "note": note,
        "offer_expires_at": (
            application.offer_expires_at.isoformat() if application.offer_expires_at else ""
        ),
        "next_step": step.sentence,
        "action_needed": step.needs_action,
        "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
        "home_url": settings.SITE_URL + "/",
    }


@transaction.atomic
def transition_application(
    *,
    application: Application,
    to: ApplicationStatus,
    by: User | None,
    actor: Actor | None = None,
    note: str = "",
    email_context: dict | None = None,
    email: bool = True,
) -> Application:
    """Move an application to `to` under a row lock, as the lifecycle table says
    (applications.lifecycle): write its StatusChange, tell the apps above
    (signals.application_status_changed, in this transaction), and queue the move's email
    after commit.

    `actor` is who makes the move; by default it is derived from `by` (actor_for). A move
    that follows from another act (the last rotation confirmed) passes Actor.SYSTEM with
    `by` the person whose act caused it. Raises, changing nothing: TransitionError for a
    move the lifecycle lacks or a precondition that fails (SubmissionIncomplete for an
    incomplete submission), NotAllowed for an actor the move is not for; and whatever a
    receiver raises. `email_context` adds to the email's context. `email=False` leaves the
    move's email out for a caller whose own email tells the same news (one event, one
    email: scheduling an interview sends the invitation, not also "an interview for your
    application").
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    move = check_move(application=application, to=to, actor=actor or actor_for(by, application))
    change = _record_status_change(application=application, to=to, by=by, note=note)
    application_status_changed.send(
        sender=Application,
        application=application,
        from_status=from_status,
        to_status=application.status,
        by=by,
    )
    if move.email and email:
        queue_notification(
            to=application.applicant,
            template=move.email,
            key=f"application:{application.pk}:status:{change.pk}",
            context={**status_email_context(application, note), **(email_context or {})},
        )
    return application


def _summary(application: Application) -> dict:
    """The application in a few JSON-safe lines, for emails, in the applicant's language."""
    with speaking_to(application.applicant):
        return _summary_words(application)


def _summary_words(application: Application) -> dict:
    specialties = [
        f"{item.rank}. {item.specialty.name}"
        for item in application.ranked_specialties.select_related("specialty")
    ]
    return {
        "intake": application.intake,
        "specialties": specialties,
        "preferred_start": (
            written(application.preferred_start, "month") if application.preferred_start else ""
        ),
        "program_weeks": application.program_weeks,
        "documents": [
            f"{document.get_kind_display()}: {document.original_name}"
            for document in application.documents.all()
        ],
        "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
    }


@transaction.atomic
def submit_application(*, application: Application, by: User) -> Application:
    """draft -> submitted, by the applicant, with the declaration accepted.

    Refused with SubmissionIncomplete (listing what is missing) unless the email is verified
    and every required answer and document is there. Emails a receipt with a summary.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise TransitionError(gettext("Only the applicant can submit this application."))
    application = transition_application(
        application=application,
        to=ApplicationStatus.SUBMITTED,
        by=by,
        email_context=_summary(application),
    )
    application.declaration_accepted_at = timezone.now()
    application.save(update_fields=["declaration_accepted_at"])
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by: User, reason: str) -> Application:
    """Any status before enrolment -> withdrawn, with the applicant's reason; emails them."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(gettext("Tell us why you are withdrawing."))
    application = transition_application(
        application=application,
        to=ApplicationStatus.WITHDRAWN,
        by=by,
        note=reason,
        email_context={"reason": reason},
    )
    application.withdrawal_reason = reason
    application.save(update_fields=["withdrawal_reason"])
    return application

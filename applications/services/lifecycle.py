"""Status moves and the draft's own fields."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hmc_portal.audit.services import log_action
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..enums import TRANSITIONS, ApplicationStatus
from ..models import ApplicantProfile, Application, StatusChange
from ..selectors.applications import submission_problems
from .errors import SubmissionIncomplete, TransitionError


def record_status_change(
    *, application: Application, to: ApplicationStatus, by: User | None, note: str = ""
) -> StatusChange:
    """Move a locked application to `to` and write its StatusChange row.

    The caller holds the row lock (select_for_update) inside its transaction and has checked
    its own preconditions; this checks the lifecycle and raises TransitionError on a move it
    does not allow, changing nothing. Logs `applications.application.status_changed` (from,
    to, note): every status move passes here, so each is logged exactly once.
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
            note="Application started",
        )
        log_action(
            application,
            "applications.application.started",
            by=applicant,
            person=applicant,
            data={"intake": intake, "to": ApplicationStatus.DRAFT.value},
        )
    return application


# The email each applicant-visible move sends (templates/emails/<name>.{subject.txt,txt,html}).
# A status missing here is internal and sends nothing (the start of review).
STATUS_EMAILS: dict[str, str] = {
    ApplicationStatus.SUBMITTED: "application_submitted",
    ApplicationStatus.INTERVIEW: "status_interview",
    ApplicationStatus.ACCEPTED: "status_accepted",
    ApplicationStatus.WAITLISTED: "status_waitlisted",
    ApplicationStatus.REJECTED: "status_rejected",
    ApplicationStatus.CONFIRMED: "status_confirmed",
    ApplicationStatus.DECLINED: "status_declined",
    ApplicationStatus.EXPIRED: "status_expired",
    ApplicationStatus.ENROLLED: "status_enrolled",
    ApplicationStatus.COMPLETED: "status_completed",
    ApplicationStatus.WITHDRAWN: "application_withdrawn",
}


# Leaving the program gives back every rotation place the applicant asked for or holds; the
# first on each waiting list moves up.
RELEASES_PLACES = frozenset(
    {ApplicationStatus.DECLINED, ApplicationStatus.EXPIRED, ApplicationStatus.WITHDRAWN}
)


def status_email_context(application: Application, note: str) -> dict:
    """What every status email can use: the intake, the note (a rejection message, a reason),
    the offer deadline, and the links."""
    return {
        "intake": application.intake,
        "status": application.status,
        "status_label": ApplicationStatus(application.status).label,
        "note": note,
        "offer_expires_at": (
            application.offer_expires_at.isoformat() if application.offer_expires_at else ""
        ),
        "dashboard_url": settings.SITE_URL + reverse("dashboard"),
        "home_url": settings.SITE_URL + "/",
    }


@transaction.atomic
def transition_application(
    *,
    application: Application,
    to: ApplicationStatus,
    by: User | None,
    note: str = "",
    email_context: dict | None = None,
) -> Application:
    """Move an application to `to` under a row lock, writing its StatusChange, and queue the
    applicant's email for that status (STATUS_EMAILS) after commit.

    Raises TransitionError, changing nothing, when the lifecycle does not allow the move.
    Declined, expired and withdrawn release the applicant's rotation requests (RELEASES_PLACES).
    `email_context` adds to the email's context (e.g. the itinerary on enrolment). Who may
    ask for a move is the caller's to check (see applications.permissions).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to == ApplicationStatus.SUBMITTED:
        problems = submission_problems(application=application)
        if problems:
            raise SubmissionIncomplete(problems)
    change = record_status_change(application=application, to=to, by=by, note=note)
    if to in RELEASES_PLACES:
        # Imported here: rotations builds on applications, not the other way round.
        from rotations.services import release_requests_for_application

        release_requests_for_application(application=application, by=by)
    template = STATUS_EMAILS.get(to)
    if template:
        queue_notification(
            to=application.applicant,
            template=template,
            key=f"application:{application.pk}:status:{change.pk}",
            context={**status_email_context(application, note), **(email_context or {})},
        )
    return application


def _summary(application: Application) -> dict:
    """The application in a few JSON-safe lines, for emails."""
    specialties = [
        f"{item.rank}. {item.specialty.name}"
        for item in application.ranked_specialties.select_related("specialty")
    ]
    return {
        "intake": application.intake,
        "specialties": specialties,
        "preferred_start": (
            application.preferred_start.strftime("%B %Y") if application.preferred_start else ""
        ),
        "program_weeks": application.program_weeks,
        "documents": [
            f"{document.get_kind_display()}: {document.original_name}"
            for document in application.documents.all()
        ],
        "dashboard_url": settings.SITE_URL + reverse("dashboard"),
    }


@transaction.atomic
def submit_application(*, application: Application, by: User) -> Application:
    """draft -> submitted, by the applicant, with the declaration accepted.

    Refused with SubmissionIncomplete (listing what is missing) unless the email is verified
    and every required answer and document is there. Emails a receipt with a summary.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise TransitionError("Only the applicant can submit this application.")
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
        raise TransitionError("Tell us why you are withdrawing.")
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

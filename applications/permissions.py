"""Who may do what to an application; views and templates ask the same predicates."""

from django.utils import timezone

from hmc_portal.users.models import User

from .enums import ApplicationStatus, DocumentStatus
from .lifecycle import Actor, move_allowed
from .models import Application, Document


def can_edit_application(user: User, application: Application) -> bool:
    """The applicant edits their own draft; nobody edits a submitted application's answers."""
    return application.applicant_id == user.pk and application.is_draft


def can_upload_document(user: User, application: Application) -> bool:
    """The applicant adds files to their own application while it is a draft."""
    return can_edit_application(user, application)


def can_change_document(user: User, document: Document) -> bool:
    """Replace or delete: the owner, while the application is a draft or after staff
    rejected that very document."""
    application = document.application
    return application.applicant_id == user.pk and (
        application.is_draft or document.status == DocumentStatus.REJECTED
    )


def can_download_document(user: User, document: Document) -> bool:
    """The owner and staff."""
    return user.is_staff or document.application.applicant_id == user.pk


def can_withdraw(user: User, application: Application) -> bool:
    """The applicant withdraws their own application at any point before enrolment."""
    return application.applicant_id == user.pk and move_allowed(
        application.status, ApplicationStatus.WITHDRAWN, Actor.APPLICANT
    )


# --- Staff roles (hmc_portal.users.enums.StaffGroup; permissions from migration 0003) ---------


def _staff_has(user: User, *perms: str) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perms(perms))


def can_review(user: User) -> bool:
    """Reviewers, coordinators and superusers: see applications, verify or reject documents
    and add internal notes."""
    return _staff_has(
        user,
        "applications.view_application",
        "applications.change_document",
        "applications.add_internalnote",
    )


def can_download_dossier(user: User) -> bool:
    """Staff who may see applications (reviewers, coordinators, superusers): the dossier
    holds nothing the application page does not show them."""
    return _staff_has(user, "applications.view_application", "applications.view_document")


def can_change_status(user: User) -> bool:
    """Coordinators and superusers: every staff status move (review, interview, offer,
    waitlist, rejection, enrolment, completion)."""
    return _staff_has(user, "applications.view_application", "applications.change_status")


def can_schedule_interviews(user: User) -> bool:
    """Coordinators and superusers: schedule, reschedule and cancel interviews, offer slots."""
    return _staff_has(user, "applications.add_interview", "applications.change_interview")


def can_record_interview_outcome(user: User) -> bool:
    """Reviewers, coordinators and superusers: record an interview's outcome, notes and
    recommendation."""
    return _staff_has(user, "applications.change_interview")


def allowed_status_moves(user: User, application: Application) -> list[ApplicationStatus]:
    """The staff moves `user` may make on `application` now, in lifecycle order; [] for a
    reviewer. (Accepting may still be refused for unverified documents.)"""
    if not can_change_status(user):
        return []
    return [
        status
        for status in ApplicationStatus
        if move_allowed(application.status, status, Actor.COORDINATOR)
    ]


# --- Interviews and offers, the applicant's side -----------------------------------------------


def can_respond_to_offer(user: User, application: Application) -> bool:
    """The applicant accepts or declines their own offer until its deadline."""
    deadline = application.offer_expires_at
    return (
        application.applicant_id == user.pk
        and move_allowed(application.status, ApplicationStatus.CONFIRMED, Actor.APPLICANT)
        and (deadline is None or timezone.now() < deadline)
    )


def can_pick_interview_slot(user: User, application: Application) -> bool:
    """The applicant chooses one of the times offered for their own interview while the
    application is at the interview stage (whether a given slot is still open is the
    selectors' and the service's to say)."""
    return application.applicant_id == user.pk and application.status == ApplicationStatus.INTERVIEW


def can_request_interview_time(user: User, application: Application) -> bool:
    """The applicant asks the office for another interview time, at the interview stage:
    none of the times offered suits them, or the booked one no longer does."""
    return can_pick_interview_slot(user, application)

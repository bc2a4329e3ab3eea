"""Who may do what to an application; views and templates ask the same predicates."""

from hmc_portal.users.models import User

from .enums import TRANSITIONS, ApplicationStatus, DocumentStatus
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
    return (
        application.applicant_id == user.pk
        and ApplicationStatus.WITHDRAWN in TRANSITIONS[application.status]
    )

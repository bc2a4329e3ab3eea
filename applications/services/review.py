"""Staff review: status moves made by the program office, document review, internal notes.

Every service here checks the role first (applications.permissions, raising
NotAllowed), then locks the application row (and the document row after it, in the
same order as applications.services.documents) and checks the state.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.users.models import User

from ..enums import ApplicationStatus, DocumentStatus
from ..lifecycle import Actor, find_move
from ..models import Application, Document, InternalNote
from ..permissions import can_change_status, can_review
from .documents import lock_document
from .errors import ApplicationError, NotAllowed, TransitionError
from .lifecycle import check_move, transition_application


def _label(status: str) -> str:
    return str(ApplicationStatus(status).label).lower()


@transaction.atomic
def change_status(
    *, application: Application, to: ApplicationStatus | str, by: User, note: str = ""
) -> Application:
    """Move an application as the program office: start review, invite to interview, make
    an offer (accepted), waitlist, reject, enrol, complete.

    Needs a coordinator (permissions.can_change_status), else NotAllowed. Raises
    TransitionError, changing nothing, for a move the lifecycle does not allow now, for a
    move that is the applicant's or the clock's to make, and for an offer while a required
    document is not verified. An offer sets `offer_expires_at` to settings.OFFER_RESPONSE_DAYS
    from now. Writes the StatusChange (with `note`, which the applicant sees) and queues the
    status email through lifecycle.transition_application.
    """
    if not can_change_status(by):
        raise NotAllowed(gettext("Only a coordinator can change the status of an application."))
    if to not in ApplicationStatus.values:
        raise TransitionError(gettext("“%(status)s” is not a status.") % {"status": to})
    to = ApplicationStatus(to)
    application = Application.objects.select_for_update().get(pk=application.pk)
    move = find_move(application.status, to)
    if move is not None and Actor.COORDINATOR not in move.actors:
        raise TransitionError(
            gettext(
                "Only the applicant (or the offer deadline) can make an application "
                "%(status)s, not the program office."
            )
            % {"status": _label(to)}
        )
    # The lifecycle's own checks (the move exists, documents verified for an offer) first.
    check_move(application=application, to=to, actor=Actor.COORDINATOR)
    if to == ApplicationStatus.ACCEPTED:
        application.offer_expires_at = timezone.now() + timedelta(days=settings.OFFER_RESPONSE_DAYS)
        application.save(update_fields=["offer_expires_at", "updated_at"])
    transition_application(application=application, to=to, by=by, note=note.strip())
    application.refresh_from_db()
    return application


def _lock_submitted_document(document: Document) -> Document:
    document = lock_document(document)
    if document.application.is_draft:
        raise ApplicationError(
            gettext(
                "The applicant has not submitted this application yet; documents are reviewed "
                "after submission."
            )
        )
    return document


def _mark_reviewed(document: Document, *, by: User, status: str, reason: str) -> None:
    document.status = status
    document.rejection_reason = reason
    document.reviewed_by = by
    document.reviewed_at = timezone.now()
    document.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at"])


@transaction.atomic
def verify_document(*, document: Document, by: User) -> Document:
    """Mark a submitted application's document as verified (also one rejected before).

    Needs a reviewer or coordinator (permissions.can_review), else NotAllowed;
    ApplicationError for a draft's document or one already verified. Records who and when
    and logs `applications.document.verified`; sends nothing to the applicant.
    """
    if not can_review(by):
        raise NotAllowed(gettext("Only a reviewer or coordinator can verify documents."))
    document = _lock_submitted_document(document)
    if document.status == DocumentStatus.VERIFIED:
        raise ApplicationError(
            gettext("%(kind)s is already verified.") % {"kind": document.get_kind_display()}
        )
    previous = document.status
    _mark_reviewed(document, by=by, status=DocumentStatus.VERIFIED, reason="")
    log_action(
        document,
        "applications.document.verified",
        by=by,
        person=document.application.applicant,
        data={"kind": document.kind, "from": previous},
    )
    return document


@transaction.atomic
def reject_document(*, document: Document, by: User, reason: str) -> Document:
    """Reject a submitted application's document with a reason the applicant sees.

    Needs a reviewer or coordinator (permissions.can_review), else NotAllowed;
    ApplicationError without a reason, for a draft's document or one already rejected.
    Records who and when, logs `applications.document.rejected` with the reason, and emails
    the applicant ("[Action required]") with a link to replace the file; the applicant may
    replace a rejected document whatever the status.
    """
    if not can_review(by):
        raise NotAllowed(gettext("Only a reviewer or coordinator can reject documents."))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            gettext("Give the reason for rejecting the document: the applicant sees it.")
        )
    document = _lock_submitted_document(document)
    if document.status == DocumentStatus.REJECTED:
        raise ApplicationError(
            gettext("%(kind)s is already rejected.") % {"kind": document.get_kind_display()}
        )
    previous = document.status
    _mark_reviewed(document, by=by, status=DocumentStatus.REJECTED, reason=reason)
    application = document.application
    log_action(
        document,
        "applications.document.rejected",
        by=by,
        person=application.applicant,
        data={"kind": document.kind, "from": previous, "reason": reason},
    )
    with speaking_to(application.applicant):
        document_kind = str(document.get_kind_display())
    queue_notification(
        to=application.applicant,
        template="document_rejected",
        # A document can be rejected again after it is replaced: one email per rejection.
        key=f"document:{document.pk}:rejected:{document.reviewed_at.timestamp():.6f}",
        context={
            "intake": application.intake,
            "document_kind": document_kind,
            "document_name": document.original_name,
            "reason": reason,
            "replace_url": settings.SITE_URL
            + reverse("applications:document_replace", args=[document.pk]),
            "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
            "home_url": settings.SITE_URL + "/",
        },
    )
    return document


@transaction.atomic
def add_internal_note(*, application: Application, by: User, body: str) -> InternalNote:
    """Add a staff note to an application; the applicant never sees it.

    Needs a reviewer or coordinator (permissions.can_review), else NotAllowed;
    ApplicationError for an empty note. Logs `applications.note.added` on the application.
    """
    if not can_review(by):
        raise NotAllowed(gettext("Only a reviewer or coordinator can add internal notes."))
    body = body.strip()
    if not body:
        raise ApplicationError(gettext("Write the note first."))
    application = Application.objects.select_for_update().get(pk=application.pk)
    note = InternalNote.objects.create(application=application, author=by, body=body)
    # The body stays on the note (staff only); the log says that one was written.
    log_action(
        application,
        "applications.note.added",
        by=by,
        person=application.applicant,
        data={"note": note.pk},
    )
    return note

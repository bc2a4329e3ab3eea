"""The completion certificate: issued through hmc_portal.issuance when the application is
completed and emailed to the observer; revoked when staff reopen the completion; a later
completion (or reissue_certificate after a change) issues a new one with a new number.

Every service runs in a transaction, writes its activity-log entry and queues its email in
it. The certificates of an application are the issued documents of kind "certificate"
whose reference starts with its number's prefix (rotations.aftercare.certificate)."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from hmc_portal.audit.services import log_action
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import IssuanceError, issue_document, revoke_document
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import Attachment, queue_notification
from hmc_portal.records import observer_record

from ..arrival.eligibility import confirmed_blocks
from .certificate import (
    TITLE,
    build_certificate,
    certificate_holder_name,
    certificate_number,
    certificate_prefix,
    total_weeks,
)

if TYPE_CHECKING:
    from applications.models import Application
    from hmc_portal.users.models import User

logger = logging.getLogger(__name__)

KIND = "certificate"
REOPENED = "The completion was reopened."
REPLACED = "Replaced by a new certificate: the details it lists changed."


def certificates_of(application_id: int):
    """Every certificate issued for the application, newest first."""
    return IssuedDocument.objects.filter(
        kind=KIND, reference__startswith=certificate_prefix(application_id)
    ).order_by("-issued_at", "-pk")


def current_certificate(*, application_id: int) -> IssuedDocument | None:
    """The application's certificate that is still valid, or None."""
    return certificates_of(application_id).filter(revoked_at__isnull=True).first()


def _revoke(application: Application, document: IssuedDocument, *, by, reason: str) -> None:
    # Revoked already by hand in admin: the log entry follows all the same.
    with contextlib.suppress(IssuanceError):
        revoke_document(document=document, by=by, reason=reason)
    log_action(
        application,
        "rotations.certificate.revoked",
        by=by,
        person=application.applicant,
        data={"number": document.reference, "reason": reason},
    )


@transaction.atomic
def issue_certificate(*, application: Application, by: User | None) -> IssuedDocument | None:
    """Issue the completion certificate for the application's confirmed blocks and email it
    (attached) to the observer. A valid certificate of the application is revoked first
    ("replaced"). None, with nothing changed, when there is no confirmed block to list.
    Logs `rotations.certificate.issued`; the email's key is `certificate:<number>`."""
    blocks = confirmed_blocks(application)
    if not blocks:
        logger.warning("application %s completed without a confirmed block", application.pk)
        return None
    previous = current_certificate(application_id=application.pk)
    if previous is not None:
        _revoke(application, previous, by=by, reason=REPLACED)
    sequence = certificates_of(application.pk).count() + 1
    number = certificate_number(application.pk, sequence)
    holder_name = certificate_holder_name(application)
    document = issue_document(
        kind=KIND,
        owner=application.applicant,
        holder_name=holder_name,
        title=TITLE,
        reference=number,
        build=build_certificate(
            holder_name, blocks, also=observer_record.lines(application.applicant)
        ),
        by=by,
    )
    log_action(
        application,
        "rotations.certificate.issued",
        by=by,
        person=application.applicant,
        data={
            "number": number,
            "document": document.pk,
            "blocks": [block.rotation_id for block in blocks],
            "weeks": total_weeks(blocks),
        },
    )
    applicant = application.applicant
    with speaking_to(applicant):
        context = {
            "number": number,
            "dashboard_url": settings.SITE_URL + reverse("applications:dashboard"),
            "verify_url": settings.SITE_URL
            + reverse("issuance:verify_code", args=[document.grouped_code]),
        }
    queue_notification(
        to=applicant,
        template="certificate_issued",
        key=f"certificate:{number}",
        context=context,
        attachments=[Attachment(document.filename, "application/pdf", issued_document=document.pk)],
    )
    return document


@transaction.atomic
def revoke_certificate(
    *, application: Application, by: User | None, reason: str = REOPENED
) -> IssuedDocument | None:
    """Revoke the application's valid certificate with the reason the verification page
    shows (by default: the completion was reopened). None when there is none. Logs
    `rotations.certificate.revoked`; no email (the reopening itself is the news)."""
    document = current_certificate(application_id=application.pk)
    if document is None:
        return None
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    _revoke(application, document, by=by, reason=reason)
    document.refresh_from_db()
    return document


def reissue_certificate(*, application: Application, by: User | None) -> IssuedDocument | None:
    """After a change to what a valid certificate lists (a name, a block): revoke it and
    issue a new one (new number). None when the application has no valid certificate."""
    if current_certificate(application_id=application.pk) is None:
        return None
    return issue_certificate(application=application, by=by)

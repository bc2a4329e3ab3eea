"""An applicant's erasure, rotations' part: one service per kind of data, each run by its
shredder (rotations.privacy) inside the erasure's transaction. Files leave the storage only
once that transaction commits. The erasure logs itself once; these services do not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import erase_document
from hmc_portal.privacy.shredding import delete_files_on_commit

from ..enums import AllowanceStatus, CancelCause, RequestStatus
from ..models import (
    ComplianceEvidence,
    Evaluation,
    ReplacementAllowance,
    RotationFeedback,
    RotationRequest,
    SupportRequest,
    VisaLetterRequest,
)

if TYPE_CHECKING:
    from hmc_portal.users.models import User

# What a required reason becomes: the database asks a declined request for one.
ERASED_REASON = "Erased at the applicant's request."

VISA_LETTER = "visa_letter"
CERTIFICATE = "certificate"


@transaction.atomic
def erase_rotation_requests(*, user: User) -> int:
    """Keep the requests (the rotations' history and places depend on them) without the
    words written about them; places still waited for (requested, on a waiting list) are
    given up, open replacement allowances withdrawn. Returns the requests changed."""
    requests = RotationRequest.objects.select_for_update().filter(application__applicant=user)
    changed = 0
    for request in requests:
        fields = ["cancel_reason", "link_nonce"]
        request.cancel_reason = ""
        request.link_nonce = ""
        if request.decline_reason:
            request.decline_reason = ERASED_REASON
            fields.append("decline_reason")
        if request.status in (RequestStatus.REQUESTED, RequestStatus.WAITLISTED):
            request.status = RequestStatus.CANCELLED
            request.cancel_cause = CancelCause.APPLICANT
            request.cancelled_at = request.cancelled_at or timezone.now()
            fields += ["status", "cancel_cause", "cancelled_at"]
        request.save(update_fields=[*fields, "updated_at"])
        changed += 1
    ReplacementAllowance.objects.filter(
        application__applicant=user, status=AllowanceStatus.OPEN
    ).update(status=AllowanceStatus.WITHDRAWN)
    return changed


@transaction.atomic
def erase_visa_letters(*, user: User) -> int:
    """Delete the visa letter requests (passport identity, consulate, dates) and revoke every
    visa letter issued to the applicant at their request, its PDF deleted and its holder's
    name blanked: the verification page then says revoked and names nobody."""
    for document in IssuedDocument.objects.filter(owner=user, kind=VISA_LETTER):
        erase_document(document=document, revoke=True)
    deleted, _ = VisaLetterRequest.objects.filter(application__applicant=user).delete()
    return deleted


@transaction.atomic
def erase_support_requests(*, user: User) -> int:
    """Delete the travel and housing requests: they are only about the applicant's stay."""
    deleted, _ = SupportRequest.objects.filter(application__applicant=user).delete()
    return deleted


@transaction.atomic
def erase_compliance_evidence(*, user: User) -> int:
    """Delete what the applicant handed in before arrival: the rows (with staff's review
    notes) now, the files once the erasure commits."""
    evidence = list(
        ComplianceEvidence.objects.select_for_update().filter(application__applicant=user)
    )
    delete_files_on_commit(item.file for item in evidence)
    ComplianceEvidence.objects.filter(pk__in=[item.pk for item in evidence]).delete()
    return len(evidence)


@transaction.atomic
def erase_evaluations(*, user: User) -> int:
    """Keep the preceptors' scores and attendance (their record of the blocks they
    supervised), blank the words they wrote about the observer."""
    return Evaluation.objects.filter(rotation_request__application__applicant=user).update(
        strengths="", areas_to_grow=""
    )


@transaction.atomic
def erase_feedback(*, user: User) -> int:
    """Keep the scores of the applicant's feedback (each preceptor's averages still add up),
    blank the comments, which may name or describe the applicant."""
    return RotationFeedback.objects.filter(rotation_request__application__applicant=user).update(
        comments=""
    )


@transaction.atomic
def erase_certificates(*, user: User) -> int:
    """Revoke every completion certificate at the holder's request, PDF deleted, name
    blanked: the verification page says revoked and names nobody."""
    documents = list(IssuedDocument.objects.filter(owner=user, kind=CERTIFICATE))
    for document in documents:
        erase_document(document=document, revoke=True)
    return len(documents)

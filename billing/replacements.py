"""Replacement blocks, as billing reads them: which blocks the program cancelled still offer
the applicant the choice between their refund and a replacement block, and which payments
the program keeps for replacement blocks (CarriedPayment). Writes nothing
(billing.services.replacements writes what the applicant chooses).

A block offers the choice while:
- the program office cancelled it (cancel cause PROGRAM) after it had been confirmed;
- its application is still in the program (confirmed or enrolled);
- no replacement was granted for it yet and no payment is kept for it already;
- nothing was decided on its refund: every refund proposed for it (rule program cancelled)
  is still proposed, or none was proposed because nothing had been paid for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from applications.enums import ApplicationStatus
from rotations.enums import CancelCause, RequestStatus
from rotations.models import ReplacementAllowance, RotationRequest

from .enums import RefundRule, RefundStatus
from .models import CarriedPayment, Invoice, Refund

if TYPE_CHECKING:
    from applications.models import Application

# An application in these statuses may still take a replacement block.
STAYING_STATUSES = (ApplicationStatus.CONFIRMED, ApplicationStatus.ENROLLED)


@dataclass(frozen=True)
class ReplacementChoice:
    """A block the program cancelled, and the refunds proposed for it (none when nothing had
    been paid for it): what the applicant gives up by choosing a replacement instead."""

    rotation_request: RotationRequest
    currency: str
    refunds: list[Refund] = field(default_factory=list)

    @property
    def paid(self) -> int:
        """What was paid for the block: the program gives back all of it (rule program
        cancelled keeps nothing), so the proposals add up to it."""
        return sum(refund.amount for refund in self.refunds)


def _currency(application: Application) -> str:
    first = (
        Invoice.objects.filter(application=application)
        .order_by("issued_at", "pk")
        .values_list("currency", flat=True)
        .first()
    )
    return first or settings.BILLING_CURRENCY


def replacement_choices(
    *, application: Application | None, rotation_request: RotationRequest | None = None
) -> list[ReplacementChoice]:
    """The application's program-cancelled blocks that still offer the choice (see the
    module's docstring), oldest block first; only `rotation_request`'s when given."""
    if application is None or application.status not in STAYING_STATUSES:
        return []
    requests = (
        RotationRequest.objects.filter(
            application=application,
            status=RequestStatus.CANCELLED,
            cancel_cause=CancelCause.PROGRAM,
            confirmed_at__isnull=False,
        )
        .exclude(
            pk__in=ReplacementAllowance.objects.filter(replaces__application=application).values(
                "replaces_id"
            )
        )
        .exclude(
            pk__in=CarriedPayment.objects.filter(application=application).values(
                "rotation_request_id"
            )
        )
        .select_related("rotation__specialty", "rotation__site")
        .order_by("rotation__start_date", "pk")
    )
    if rotation_request is not None:
        requests = requests.filter(pk=rotation_request.pk)
    requests = list(requests)
    if not requests:
        return []
    refunds: dict[int, list[Refund]] = {}
    for refund in Refund.objects.filter(
        invoice__application=application,
        rule=RefundRule.PROGRAM_CANCELLED,
        rotation_id__in=[request.rotation_id for request in requests],
    ).select_related("invoice"):
        refunds.setdefault(refund.rotation_id, []).append(refund)
    currency = _currency(application)
    choices = []
    for request in requests:
        proposals = refunds.get(request.rotation_id, [])
        if any(refund.status != RefundStatus.PROPOSED for refund in proposals):
            continue  # approved, paid or turned down already: the refund was decided
        choices.append(
            ReplacementChoice(rotation_request=request, currency=currency, refunds=proposals)
        )
    return choices


def rotation_request_of(user, pk: int) -> RotationRequest | None:
    """The user's own rotation request `pk` (as the applicant), or None: someone else's is
    not found."""
    return (
        RotationRequest.objects.filter(application__applicant=user, pk=pk)
        .select_related("application__applicant", "rotation__specialty", "rotation__site")
        .first()
    )


def carried_of(user) -> QuerySet[CarriedPayment]:
    """The payments kept for the user's replacement blocks (as the applicant), oldest
    first, with the block each was paid for and the invoice that used it."""
    return (
        CarriedPayment.objects.filter(application__applicant=user)
        .select_related(
            "rotation_request__rotation__specialty",
            "rotation_request__rotation__site",
            "used_on",
        )
        .order_by("created_at", "pk")
    )

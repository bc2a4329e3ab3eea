"""What billing does when the apps below it announce a change (connected in
BillingConfig.ready). Each receiver runs inside the sender's transaction and acts through
billing's own services; a missing fee schedule means no invoice, never a failed change.

Refunds follow billing.refunds' rules and are only proposed here: a coordinator approves
each one in admin. A cancelled confirmed block whose line sits on an open invoice is also
taken off that invoice for its unpaid part (billing.services.credits), whatever the cause."""

from django.dispatch import receiver

from applications.enums import ApplicationStatus
from applications.lifecycle import EXITS
from applications.signals import application_status_changed
from rotations.enums import CancelCause, RequestStatus
from rotations.signals import rotation_cancelled, rotation_request_cancelled

from .refunds import Reason
from .services import (
    credit_cancelled_block,
    invoice_offer_taken,
    invoice_rotations_confirmed,
    propose_refunds,
)


@receiver(application_status_changed, dispatch_uid="billing.invoice_on_status_change")
def invoice_on_status_change(*, application, to_status, by, **kwargs) -> None:
    """Taking the offer (confirmed) issues the deposit invoice; every chosen rotation
    confirmed (enrolled) issues the balance invoice."""
    if to_status == ApplicationStatus.CONFIRMED:
        invoice_offer_taken(application=application, by=by)
    elif to_status == ApplicationStatus.ENROLLED:
        invoice_rotations_confirmed(application=application, by=by)


@receiver(application_status_changed, dispatch_uid="billing.refund_on_exit")
def refund_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program (withdrawn, declined...) proposes the refund of what was paid by
    the rules (before or after the placement was confirmed) and cancels open invoices."""
    if to_status in EXITS:
        propose_refunds(application=application, reason=Reason.WITHDRAW, by=by)


# The refund rule of each cause of a cancelled block. NON_PAYMENT and VISA_POSTPONED
# propose nothing: an unpaid block has nothing to refund, and a postponed applicant's payment
# is kept for their later blocks (billing handles both in its own flows).
_REFUND_REASONS = {
    CancelCause.APPLICANT: Reason.CANCEL_REQUEST,
    CancelCause.PROGRAM: Reason.PROGRAM_CANCELLED,
}


@receiver(rotation_request_cancelled, dispatch_uid="billing.refund_on_request_cancelled")
def refund_on_request_cancelled(*, rotation_request, from_status, by, cause, **kwargs) -> None:
    """A confirmed block cancelled: by the applicant, the program keeps its share of what
    was paid for it; by the program office, the block's payment comes back in full; released
    for non-payment or a visa refusal, no refund is proposed. Whatever the cause, its unpaid
    part on an open invoice is credited there."""
    if from_status != RequestStatus.CONFIRMED:
        return
    application = rotation_request.application
    reason = _REFUND_REASONS.get(cause)
    if reason is not None:
        propose_refunds(
            application=application,
            reason=reason,
            rotation_request=rotation_request,
            by=by,
        )
    credit_cancelled_block(application=application, rotation_request=rotation_request, by=by)


@receiver(rotation_cancelled, dispatch_uid="billing.refund_on_rotation_cancelled")
def refund_on_rotation_cancelled(*, rotation_requests, by, **kwargs) -> None:
    """The program cancelled a rotation: each confirmed block's payment comes back in full
    (the applicant may ask for a replacement block instead: staff then reject the
    proposal); its unpaid part on an open invoice is credited there."""
    for rotation_request in rotation_requests:
        if rotation_request.confirmed_at is not None:
            propose_refunds(
                application=rotation_request.application,
                reason=Reason.PROGRAM_CANCELLED,
                rotation_request=rotation_request,
                by=by,
            )
            credit_cancelled_block(
                application=rotation_request.application,
                rotation_request=rotation_request,
                by=by,
            )

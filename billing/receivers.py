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
from rotations.signals import (
    replacement_confirmed,
    rotation_cancelled,
    rotation_request_cancelled,
)

from .refunds import Reason
from .services import (
    carry_block_payment,
    credit_cancelled_block,
    invoice_offer_taken,
    invoice_replacement,
    invoice_rotations_confirmed,
    propose_refunds,
)


@receiver(application_status_changed, dispatch_uid="billing.invoice_on_status_change")
def invoice_on_status_change(*, application, from_status, to_status, by, **kwargs) -> None:
    """Taking the offer (confirmed) issues the deposit invoice; every chosen rotation
    confirmed (enrolled) issues the balance invoice. A completion reopened (completed ->
    enrolled) invoices nothing: the blocks were invoiced at enrolment."""
    if to_status == ApplicationStatus.CONFIRMED:
        invoice_offer_taken(application=application, by=by)
    elif to_status == ApplicationStatus.ENROLLED and from_status == ApplicationStatus.CONFIRMED:
        invoice_rotations_confirmed(application=application, by=by)


@receiver(application_status_changed, dispatch_uid="billing.refund_on_exit")
def refund_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program (withdrawn, declined...) proposes the refund of what was paid by
    the rules (before or after the placement was confirmed) and cancels open invoices."""
    if to_status in EXITS:
        propose_refunds(application=application, reason=Reason.WITHDRAW, by=by)


# The refund rule of each cause of a cancelled block. NON_PAYMENT and VISA_POSTPONED
# propose nothing: an unpaid block has nothing to refund, and a postponed applicant's payment
# is kept for their later blocks (carry_block_payment, below).
_REFUND_REASONS = {
    CancelCause.APPLICANT: Reason.CANCEL_REQUEST,
    CancelCause.PROGRAM: Reason.PROGRAM_CANCELLED,
}


@receiver(rotation_request_cancelled, dispatch_uid="billing.refund_on_request_cancelled")
def refund_on_request_cancelled(*, rotation_request, from_status, by, cause, **kwargs) -> None:
    """A confirmed block cancelled: by the applicant, the program keeps its share of what
    was paid for it; by the program office, the block's payment comes back in full (or pays
    for a replacement block, at the applicant's choice); released for non-payment, no refund
    is proposed; released after a visa refusal (the applicant postpones), what was paid for
    it is kept for the later block that replaces it. Whatever the cause, its unpaid part on
    an open invoice is credited there."""
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
    elif cause == CancelCause.VISA_POSTPONED:
        carry_block_payment(rotation_request=rotation_request, by=by)
    # Last: the refund proposed or the payment kept read what was paid for the block before
    # its unpaid part is credited.
    credit_cancelled_block(application=application, rotation_request=rotation_request, by=by)


@receiver(rotation_cancelled, dispatch_uid="billing.refund_on_rotation_cancelled")
def refund_on_rotation_cancelled(*, rotation_requests, by, **kwargs) -> None:
    """The program cancelled a rotation: each confirmed block's payment comes back in full
    (the applicant may choose a replacement block instead on their refunds page:
    billing.services.choose_replacement); its unpaid part on an open invoice is credited
    there."""
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


@receiver(replacement_confirmed, dispatch_uid="billing.invoice_on_replacement_confirmed")
def invoice_on_replacement_confirmed(*, rotation_request, allowance, by, **kwargs) -> None:
    """A replacement block confirmed by its preceptor: the supplementary invoice for it,
    like the block it replaces, less what was paid for that one (none when nothing is left
    to pay)."""
    invoice_replacement(rotation_request=rotation_request, allowance=allowance, by=by)

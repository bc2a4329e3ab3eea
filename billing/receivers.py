"""What billing does when the apps below it announce a change (connected in
BillingConfig.ready). Each receiver runs inside the sender's transaction and acts through
billing's own services; a missing fee schedule means no invoice, never a failed change."""

from django.dispatch import receiver

from applications.enums import ApplicationStatus
from applications.signals import application_status_changed

from .services import invoice_offer_taken, invoice_rotations_confirmed


@receiver(application_status_changed, dispatch_uid="billing.invoice_on_status_change")
def invoice_on_status_change(*, application, to_status, by, **kwargs) -> None:
    """Taking the offer (confirmed) issues the deposit invoice; every chosen rotation
    confirmed (enrolled) issues the balance invoice."""
    if to_status == ApplicationStatus.CONFIRMED:
        invoice_offer_taken(application=application, by=by)
    elif to_status == ApplicationStatus.ENROLLED:
        invoice_rotations_confirmed(application=application, by=by)

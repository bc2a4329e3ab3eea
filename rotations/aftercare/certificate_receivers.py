"""What the completion certificate does when the application's status changes (connected in
RotationsConfig.ready). Runs inside the transition's transaction."""

from django.dispatch import receiver

from applications.enums import ApplicationStatus
from applications.signals import application_status_changed

from .certificate_services import issue_certificate, revoke_certificate


@receiver(application_status_changed, dispatch_uid="rotations.certificate_on_status_change")
def certificate_on_status_change(*, application, from_status, to_status, by, **kwargs) -> None:
    """Completed: the certificate is issued and emailed; leaving completed (staff reopen the
    completion): the certificate is revoked ("The completion was reopened")."""
    if to_status == ApplicationStatus.COMPLETED:
        issue_certificate(application=application, by=by)
    elif from_status == ApplicationStatus.COMPLETED:
        revoke_certificate(application=application, by=by)

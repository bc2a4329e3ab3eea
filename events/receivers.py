"""What events and mentoring do when an application changes (connected in
EventsConfig.ready). Each receiver runs inside the sender's transaction."""

from django.dispatch import receiver

from applications.lifecycle import EXITS
from applications.signals import application_status_changed

from .mentoring.services import cancel_sessions_on_exit


@receiver(application_status_changed, dispatch_uid="events.mentoring_on_exit")
def mentoring_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program cancels the applicant's mentoring sessions still to come."""
    if to_status in EXITS:
        cancel_sessions_on_exit(application=application, by=by)

"""What applications does when its own signals fire (connected in ApplicationsConfig.ready)."""

from django.dispatch import receiver

from hmc_portal.users.signals import profile_updated

from .lifecycle import EXITS
from .services import interviews, update_applicant_profile
from .signals import application_status_changed


@receiver(application_status_changed, dispatch_uid="applications.cancel_interviews_on_exit")
def cancel_interviews_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program (withdrawn, rejected, declined, expired) cancels every scheduled
    interview, with its calendar cancellation; none of its reminders goes out afterwards."""
    if to_status in EXITS:
        interviews.cancel_interviews_on_exit(application=application, by=by)


@receiver(profile_updated, dispatch_uid="applications.save_applicant_contact")
def save_applicant_contact(*, user, contact, **kwargs) -> None:
    """The profile page's applicant fields (citizenship, phone) go on the ApplicantProfile,
    validated by its model (a ValidationError rolls the whole profile save back)."""
    if contact is not None:
        update_applicant_profile(user=user, by=user, **contact)

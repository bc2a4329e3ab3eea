"""What the visa invitation letter does when its placement changes (connected in
RotationsConfig.ready): a confirmed block cancelled, a rotation cancelled by the program,
a replacement block confirmed, or the applicant leaving the program revokes the issued
letter; a changed itinerary still eligible gets a new letter
(rotations.arrival.visa_services.letter_after_placement_change).
Each receiver runs inside the sender's transaction."""

from django.dispatch import receiver

from applications.lifecycle import EXITS
from applications.signals import application_status_changed

from ..enums import RequestStatus
from ..signals import replacement_confirmed, rotation_cancelled, rotation_request_cancelled
from .visa_services import letter_after_placement_change


@receiver(rotation_request_cancelled, dispatch_uid="rotations.visa_letter_on_request_cancelled")
def visa_letter_on_request_cancelled(*, rotation_request, from_status, by, **kwargs) -> None:
    """A confirmed block cancelled: the letter that lists it is revoked and, if the plan
    left is still eligible, replaced."""
    if from_status == RequestStatus.CONFIRMED:
        letter_after_placement_change(application=rotation_request.application, by=by)


@receiver(rotation_cancelled, dispatch_uid="rotations.visa_letter_on_rotation_cancelled")
def visa_letter_on_rotation_cancelled(*, rotation_requests, by, **kwargs) -> None:
    """The program cancelled a rotation: each letter that listed it as confirmed is revoked
    and, where the plan left is still eligible, replaced."""
    seen = set()
    for rotation_request in rotation_requests:
        if rotation_request.confirmed_at is None or rotation_request.application_id in seen:
            continue
        seen.add(rotation_request.application_id)
        letter_after_placement_change(application=rotation_request.application, by=by)


@receiver(replacement_confirmed, dispatch_uid="rotations.visa_letter_on_replacement_confirmed")
def visa_letter_on_replacement_confirmed(*, rotation_request, by, **kwargs) -> None:
    """A replacement block confirmed adds to the itinerary: the issued letter that does not
    list it is revoked and a new one, listing it, is issued."""
    letter_after_placement_change(application=rotation_request.application, by=by)


@receiver(application_status_changed, dispatch_uid="rotations.visa_letter_on_exit")
def visa_letter_on_exit(*, application, to_status, by, **kwargs) -> None:
    """Leaving the program ends the placement: the issued letter is revoked for good."""
    if to_status in EXITS:
        letter_after_placement_change(application=application, by=by, ended=True)

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    HOSPITAL = "hospital", _("Hospital")
    CLINIC = "clinic", _("Clinic")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the preceptor")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# A request in these states holds (or waits for) a place; declined and cancelled are over.
ACTIVE_REQUEST_STATUSES = (
    RequestStatus.REQUESTED,
    RequestStatus.CONFIRMED,
    RequestStatus.WAITLISTED,
)


class RotationKind(models.TextChoices):
    """What the observer does: an observership (watch and learn, no patient contact, the
    B-1 visa invitation letter's case) or a hands-on clerkship (other eligibility, no B-1
    letter)."""

    OBSERVERSHIP = "observership", _("Observership (observation only)")
    CLERKSHIP = "clerkship", _("Hands-on clerkship")


class VisaLetterStatus(models.TextChoices):
    """A visa invitation letter request: waiting for a coordinator, sent back with a reason,
    issued (approved: the letter exists and is valid), or revoked (the placement it
    describes changed or ended and no new letter could replace it)."""

    WAITING = "waiting", _("Waiting for the program office")
    SENT_BACK = "sent_back", _("Sent back")
    ISSUED = "issued", _("Issued")
    REVOKED = "revoked", _("Revoked")


# A request in these states is open: a second one is refused while it is.
OPEN_VISA_LETTER_STATUSES = (VisaLetterStatus.WAITING, VisaLetterStatus.ISSUED)

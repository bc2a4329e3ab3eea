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


class CancelCause(models.TextChoices):
    """Why a request was cancelled: what billing's refund rules and the applicant's
    replacement block depend on. Labels are neutral: staff and the applicant read them."""

    APPLICANT = "applicant", _("Cancelled by the applicant")
    PROGRAM = "program", _("Cancelled by the program office")
    LEFT_PROGRAM = "left_program", _("Released: the application left the program")
    NON_PAYMENT = "non_payment", _("Released: the payment was not received")
    VISA_POSTPONED = "visa_postponed", _("Released: postponed after a visa refusal")


# The causes only the program office gives, releasing all of an application's places.
RELEASE_CAUSES = (CancelCause.NON_PAYMENT, CancelCause.VISA_POSTPONED)


class SupportKind(models.TextChoices):
    """What an applicant with a confirmed placement may ask the program office for."""

    AIRPORT_PICKUP = "airport_pickup", _("Airport pickup")
    HOUSING = "housing", _("Short-term housing")
    TRANSPORT = "transport", _("Local transport")
    OTHER = "other", _("Something else")


class SupportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


# A request in these states is still open: the office has not finished with it.
OPEN_SUPPORT_STATUSES = (SupportStatus.NEW, SupportStatus.IN_PROGRESS)


class RoomKind(models.TextChoices):
    PRIVATE = "private", _("A private room")
    SHARED = "shared", _("A shared room is fine")
    EITHER = "either", _("Either")


class PricePeriod(models.TextChoices):
    NIGHT = "night", _("per night")
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


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


class AllowanceStatus(models.TextChoices):
    """A replacement block the applicant may choose instead of a refund: open until a
    replacement is confirmed (used) or the program office withdraws it."""

    OPEN = "open", _("Open")
    USED = "used", _("Used")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The causes after which the applicant may get a replacement block instead of a refund.
REPLACEMENT_CAUSES = (CancelCause.PROGRAM, CancelCause.VISA_POSTPONED)


class EvaluationKind(models.TextChoices):
    """The preceptor's evaluations of an observer: a mid-point one (blocks longer than four
    weeks only) and the final one."""

    MIDPOINT = "midpoint", _("Mid-point")
    FINAL = "final", _("Final")

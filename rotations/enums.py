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


class AllowanceStatus(models.TextChoices):
    """A replacement block the applicant may choose instead of a refund: open until a
    replacement is confirmed (used) or the program office withdraws it."""

    OPEN = "open", _("Open")
    USED = "used", _("Used")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The causes after which the applicant may get a replacement block instead of a refund.
REPLACEMENT_CAUSES = (CancelCause.PROGRAM, CancelCause.VISA_POSTPONED)

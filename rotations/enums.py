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

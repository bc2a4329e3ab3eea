from django.db import models


class SiteKind(models.TextChoices):
    HOSPITAL = "hospital", "Hospital"
    CLINIC = "clinic", "Clinic"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the preceptor"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "On the waiting list"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


# A request in these states holds (or waits for) a place; declined and cancelled are over.
ACTIVE_REQUEST_STATUSES = (
    RequestStatus.REQUESTED,
    RequestStatus.CONFIRMED,
    RequestStatus.WAITLISTED,
)

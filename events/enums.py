"""The choices of events: kinds, formats, who may register, a registration's status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SEMINAR = "seminar", _("Seminar")
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    NETWORKING_DIRECTORS = "networking_directors", _("Networking with residency program directors")
    NETWORKING_IMGS = "networking_imgs", _("Networking with other IMGs")
    MOCK_INTERVIEW = "mock_interview", _("Mock interview session")
    MATCH_INFO = "match_info", _("USMLE / ERAS / Match information session")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Audience(models.TextChoices):
    ANYONE = "anyone", _("Anyone with an account")
    APPLICANTS = "applicants", _("Applicants at or past a status")
    ENROLLED = "enrolled", _("Enrolled observers only")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")

"""Events (seminars, workshops, networking evenings, information sessions), their speakers
and who registered. Times are stored in UTC; an in-person event also names its own zone."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applications.enums import ApplicationStatus

from ..enums import Audience, EventFormat, EventKind, RegistrationStatus


def new_event_uid() -> str:
    return f"event-{uuid.uuid4().hex}@hmc-observerships"


def program_time_zone() -> str:
    return settings.PROGRAM_TIME_ZONE


# The statuses "at or past" which an applicant may register, in the lifecycle's order.
LIFECYCLE = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.ENROLLED,
    ApplicationStatus.COMPLETED,
]
MIN_STATUS_CHOICES = [(status.value, status.label) for status in LIFECYCLE]


class Event(models.Model):
    """One event at one time, with a number of places (`registered_count` of them taken,
    never more than `capacity`: a row lock when registering, and a check constraint)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("the event's time zone"),
        max_length=64,
        default=program_time_zone,
        help_text=_("Where an in-person event takes place; its times are also shown in it."),
    )
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices)
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Shown only to registered people, shortly before the start."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    registered_count = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    audience = models.CharField(
        _("who may register"), max_length=20, choices=Audience.choices, default=Audience.ANYONE
    )
    min_status = models.CharField(
        _("from application status"),
        max_length=20,
        choices=MIN_STATUS_CHOICES,
        blank=True,
        help_text=_("For applicants at or past a status: the first status that may register."),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    uid = models.CharField(
        _("calendar UID"), max_length=100, unique=True, default=new_event_uid, editable=False
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_count__lte=F("capacity")), name="event_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event ends after it starts.")
        try:
            zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["time_zone"] = _("Enter a time zone such as America/Chicago.")
        if self.format in (EventFormat.ONLINE, EventFormat.HYBRID) and not self.join_url:
            errors["join_url"] = _("An online or hybrid event needs its join link.")
        if self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID) and not self.address:
            errors["address"] = _("An in-person or hybrid event needs its address.")
        if self.audience == Audience.APPLICANTS and not self.min_status:
            errors["min_status"] = _("Choose the first application status that may register.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration closes after it opens.")
        if self.pk and self.capacity is not None and self.capacity < self.registered_count:
            errors["capacity"] = _(
                "%(count)s people are registered: the capacity cannot be lower."
            ) % {"count": self.registered_count}
        if errors:
            raise ValidationError(errors)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    preceptor = models.ForeignKey(
        "preceptors.Preceptor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_talks",
        verbose_name=_("preceptor"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    """One person's place on an event (or on its waiting list); one row per person and
    event, reused when they register again after cancelling."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attendance recorded"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.event}"

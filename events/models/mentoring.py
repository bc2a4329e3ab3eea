"""Mentoring and career guidance: mentors, the times they publish, and the 1:1 sessions
applicants book in them."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MentoringTopic(models.TextChoices):
    RESIDENCY_APPLICATIONS = "residency_applications", _("Residency applications")
    PERSONAL_STATEMENT = "personal_statement", _("Personal statement")
    SPECIALTY_CHOICE = "specialty_choice", _("Specialty choice")
    INTERVIEW_PREPARATION = "interview_preparation", _("Interview preparation")
    USMLE_PLANNING = "usmle_planning", _("USMLE planning")


class SlotStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CANCELLED = "cancelled", _("Cancelled")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Mentor(models.Model):
    """A preceptor or an advisor who gives 1:1 career guidance (staff create the row)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor"
    )
    headline = models.CharField(_("headline"), max_length=120, blank=True)
    topics = ArrayField(
        models.CharField(max_length=40, choices=MentoringTopic.choices),
        verbose_name=_("topics"),
        default=list,
    )
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["user__last_name", "user__first_name", "pk"]

    def __str__(self) -> str:
        return self.user.display_name

    def topic_labels(self) -> list[str]:
        labels = dict(MentoringTopic.choices)
        return [str(labels.get(topic, topic)) for topic in self.topics]


class MentoringSlot(models.Model):
    """One time a mentor offers: online (a link) or in a place; one session at most."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    online_url = models.URLField(_("online link"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SlotStatus.choices, default=SlotStatus.OPEN
    )
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring time")
        verbose_name_plural = _("mentoring times")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["mentor", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=180),
                name="mentoring_slot_length",
            ),
            models.CheckConstraint(
                condition=~Q(online_url="") | ~Q(place=""), name="mentoring_slot_where"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} {self.starts_at:%Y-%m-%d %H:%M} UTC"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def where(self) -> str:
        return self.online_url or self.place


class MentoringBooking(models.Model):
    """An applicant's 1:1 session in a slot. One active booking per slot (the constraint
    backs the row lock taken by events.mentoring.services.book_slot)."""

    slot = models.ForeignKey(MentoringSlot, on_delete=models.PROTECT, related_name="bookings")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_bookings"
    )
    agenda = models.CharField(_("agenda"), max_length=500)
    status = models.CharField(
        _("status"), max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    # Kept from the slot, so an applicant's overlap check needs no join.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The mentor's note: seen by the mentor and staff only.
    private_note = models.TextField(_("private note"), max_length=4000, blank=True)
    # What the applicant does next: they see it on their page.
    follow_up = models.TextField(_("follow-up actions"), max_length=4000, blank=True)
    noted_at = models.DateTimeField(null=True, blank=True)
    uid = models.CharField(max_length=80, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["applicant", "status", "starts_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="booked"),
                name="mentoring_one_booking_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.display_name} — {self.slot}"

    def save(self, *args, **kwargs):
        if not self.uid:
            self.uid = f"mentoring-{uuid.uuid4()}@hmc"
        super().save(*args, **kwargs)

"""An applicant's (or staff's, for a request received by mail) request to erase an account:
scheduled, then cancelled by the applicant signing in or done by the periodic task (or at
once by staff). The row outlives the erasure as the minimal record that it happened; it
holds no personal value (the summary is counts, the reason is staff's own words)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Erased")


class ErasureRequest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.SCHEDULED
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    erase_after = models.DateTimeField(
        _("erase after"), help_text=_("The account is erased at the first run after this time.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("The applicant, or the staff member who erased the account."),
    )
    reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Staff's reason, e.g. a request received by mail. Kept after the erasure."),
    )
    held_at = models.DateTimeField(
        _("held"),
        null=True,
        blank=True,
        help_text=_(
            "When the erasure was due but something stopped it (an enrolment in progress); "
            "the program office was told."
        ),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    done_at = models.DateTimeField(_("erased"), null=True, blank=True)
    summary = models.JSONField(
        _("summary"),
        default=dict,
        blank=True,
        help_text=_("What each kind of data's shredder did (counts, never personal values)."),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at", "-pk"]
        permissions = [("erase_account", _("Can erase an applicant's account at once"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="scheduled"),
                name="privacy_one_scheduled_erasure_per_user",
            ),
        ]
        indexes = [
            models.Index(
                fields=["erase_after"],
                condition=Q(status="scheduled"),
                name="privacy_erasure_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return _("Erasure request %(id)s") % {"id": self.pk}

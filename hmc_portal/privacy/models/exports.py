"""A copy of an applicant's data, asked for on /dashboard/privacy/ and built by a task."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hmc_portal.private_files import private_storage


def export_key(instance, filename: str) -> str:
    """A random storage key: the ZIP's name says nothing about whose it is."""
    return f"exports/{uuid.uuid4().hex}.zip"


class ExportStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    BUILDING = "building", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


# An export in one of these is still to come: one at a time per applicant.
IN_PROGRESS = (ExportStatus.REQUESTED, ExportStatus.BUILDING)


class DataExport(models.Model):
    """One ZIP of everything the portal holds about `user` (GDPR articles 15 and 20, the
    DPDP Act): requested, built by a task into private storage, downloadable by its owner
    for DATA_EXPORT_DAYS days, then deleted (expired). Written only by
    hmc_portal.privacy.services.exports."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("user"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExportStatus.choices,
        default=ExportStatus.REQUESTED,
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=export_key, max_length=255, blank=True
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    failure_reason = models.TextField(_("why it failed"), blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One at a time: a second request while one is being built changes nothing.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["requested", "building"]),
                name="data_export_one_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        return _("Data export of %(user)s (%(status)s)") % {
            "user": self.user,
            "status": self.get_status_display(),
        }

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def filename(self) -> str:
        """The name the browser saves it under."""
        day = timezone.localtime(self.ready_at or self.requested_at)
        return f"hmc-my-data-{day:%Y-%m-%d}.zip"

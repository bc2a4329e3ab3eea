"""A dossier built by a Celery task (a large application, or a ZIP of several): the file in
the private storage until it is downloaded or its link expires, and who asked for it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import DossierBuildStatus
from ..storage import private_storage


def dossier_key(instance, filename: str) -> str:
    return f"dossiers/{uuid.uuid4().hex}"


class DossierBuild(models.Model):
    """One dossier (or ZIP of dossiers) built for one staff member; only they download it,
    once, before `expires_at`."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    applications = models.ManyToManyField(
        "applications.Application", related_name="+", verbose_name=_("applications")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DossierBuildStatus.choices,
        default=DossierBuildStatus.BUILDING,
    )
    bundle = models.BooleanField(_("ZIP of several dossiers"), default=False)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=dossier_key, max_length=255, blank=True
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier build")
        verbose_name_plural = _("dossier builds")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return self.filename or _("Dossier build %(id)s") % {"id": self.pk}

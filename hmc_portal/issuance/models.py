import datetime
import re
import unicodedata
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import codes, kinds
from .storage import private_storage


def program_date(moment: datetime.datetime) -> datetime.date:
    """The day of `moment` in the program's time zone: the date printed on a document, and
    the one its verification page shows whatever the reader's zone, so the two always agree."""
    return timezone.localtime(moment, timezone=zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)).date()


def issued_key(instance, filename: str) -> str:
    """A random storage key, unrelated to the verification code."""
    return f"issued/{uuid.uuid4().hex}.pdf"


class IssuedDocument(models.Model):
    """A PDF the program issued, as it was issued: the file, its SHA-256, the name printed
    on it and the verification code printed on every page. Written only by
    hmc_portal.issuance.services (issue, revoke); never changed otherwise."""

    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("owner"),
    )
    holder_name = models.CharField(
        _("holder's name"), max_length=200, help_text=_("As printed on the document.")
    )
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(_("verification code"), max_length=codes.LENGTH, unique=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=issued_key, max_length=255
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(
        _("reason for revoking"),
        blank=True,
        help_text=_("Shown on the public verification page."),
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-pk"]
        permissions = [("revoke_issueddocument", _("Can revoke an issued document"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revocation_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="issueddocument_revocation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=rf"^[{codes.ALPHABET}]{{{codes.LENGTH}}}$"),
                name="issueddocument_code_format",
            ),
        ]

    def __str__(self) -> str:
        label = self.kind_label
        return f"{label} {self.reference}" if self.reference else f"{label} {self.grouped_code}"

    @property
    def kind_label(self) -> str:
        return kinds.label(self.kind)

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.code)

    @property
    def issued_on(self) -> datetime.date:
        return program_date(self.issued_at)

    @property
    def revoked_on(self) -> datetime.date | None:
        return program_date(self.revoked_at) if self.revoked_at else None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def filename(self) -> str:
        """The name a download is offered under: ASCII, from the kind and reference."""
        stem = f"{self.kind}-{self.reference or self.code}"
        ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
        return re.sub(r"[^A-Za-z0-9_]+", "-", ascii_stem).strip("-") + ".pdf"

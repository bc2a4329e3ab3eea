"""Replacement blocks: when the program cancels a confirmed block (or releases it after a
visa refusal so the applicant can postpone), the applicant may choose another block instead
of a refund while their application stays enrolled. One allowance per cancelled block."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import AllowanceStatus, CancelCause


class ReplacementAllowance(models.Model):
    """The right to one replacement block for a confirmed block that was cancelled
    (`replaces`). Open -> used once a request chosen for it (RotationRequest.replacement_for)
    is confirmed (`used_by`), or -> withdrawn by the program office. Written only by
    rotations.services (grant_replacement, withdraw_replacement, the preceptor's answer)."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="replacement_allowances",
        verbose_name=_("application"),
    )
    replaces = models.OneToOneField(
        "rotations.RotationRequest",
        on_delete=models.CASCADE,
        related_name="replacement_allowance",
        verbose_name=_("cancelled block"),
    )
    cause = models.CharField(_("cause"), max_length=16, choices=CancelCause.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AllowanceStatus.choices,
        default=AllowanceStatus.OPEN,
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    used_by = models.OneToOneField(
        "rotations.RotationRequest",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="used_allowance",
        verbose_name=_("replacement block"),
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["granted_at", "pk"]
        verbose_name = _("replacement block allowance")
        verbose_name_plural = _("replacement block allowances")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=AllowanceStatus.USED, used_by__isnull=False, used_at__isnull=False)
                    | (~Q(status=AllowanceStatus.USED) & Q(used_by__isnull=True))
                ),
                name="replacement_allowance_used_has_request",
            ),
        ]
        indexes = [models.Index(fields=["application", "status"])]

    def __str__(self) -> str:
        return str(_("Replacement for request %(pk)s") % {"pk": self.replaces_id})

    @property
    def is_open(self) -> bool:
        return self.status == AllowanceStatus.OPEN

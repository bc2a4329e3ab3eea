"""Payments kept for replacement blocks: what an applicant paid for a block that did not
run, kept by the program for the block that replaces it instead of a refund. Written only
by billing.services.replacements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .fees import currency_code, default_currency, not_negative
from .invoices import Invoice


class CarriedPayment(models.Model):
    """Money an applicant paid for a block that did not run, kept by the program for the
    replacement block they choose instead of a refund: the program cancelled the block and
    the applicant chose a replacement (billing.services.choose_replacement), or their visa
    was refused and they postponed (billing.services.verify_visa_refusal). `amount` is what
    was paid for the block (billing.refunds.refund_for's rule for a program-cancelled
    block, computed when it was cancelled); 0 when nothing had been paid. When the
    replacement block is confirmed, the supplementary invoice for it takes this amount off
    (`used_on`). Written only by billing.services.replacements."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="carried_payments",
        verbose_name=_("application"),
    )
    rotation_request = models.OneToOneField(
        "rotations.RotationRequest",
        on_delete=models.PROTECT,
        related_name="carried_payment",
        verbose_name=_("replaced rotation request"),
        help_text=_("The cancelled block the payment was made for."),
    )
    amount = models.IntegerField(_("amount (cents)"), validators=[not_negative])
    currency = models.CharField(
        _("currency"), max_length=3, validators=[currency_code], default=default_currency
    )
    used_on = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_payments",
        verbose_name=_("used on invoice"),
        help_text=_("The replacement block's invoice that took this amount off."),
    )
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment kept for a replacement block")
        verbose_name_plural = _("payments kept for replacement blocks")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="carriedpayment_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="carriedpayment_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return _("Payment kept for %(block)s") % {"block": self.rotation_request.rotation}

    @property
    def is_used(self) -> bool:
        return self.used_at is not None

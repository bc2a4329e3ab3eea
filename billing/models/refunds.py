"""Money that goes back or is no longer asked for: refunds, credits on open invoices, and
the visa refusal letters that lead to a refund. Written only by billing.services."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hmc_portal.private_files import private_storage

from ..enums import (
    RefundRule,
    RefundStatus,
    VisaRefusalChoice,
    VisaRefusalStatus,
)
from .fees import currency_code
from .invoices import Invoice, Payment


class Refund(models.Model):
    """Money going back to the applicant against one invoice, by a rule
    (billing.refunds.refund_for), with the sentence that explains it. Proposed by the
    service that cancels (through billing.receivers), approved by a coordinator, then sent
    to the payment's provider (Stripe) or paid by wire by staff (manual). Approving issues
    a credit note (its own gap-free number series, a PDF through hmc_portal.issuance).
    Written only by billing.services.refunds, under the invoice's row lock, which is where
    "never more than was paid on the invoice less earlier refunds" is checked."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("invoice")
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("payment refunded"),
    )
    rotation = models.ForeignKey(
        "rotations.Rotation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rotation"),
        help_text=_("The block the refund is for, when it is for one block."),
    )
    amount = models.IntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    rule = models.CharField(_("rule"), max_length=20, choices=RefundRule.choices)
    explanation = models.TextField(
        _("explanation"), help_text=_("The words the applicant read about this refund.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RefundStatus.choices, default=RefundStatus.PROPOSED
    )
    provider = models.CharField(_("provider"), max_length=20)
    provider_reference = models.CharField(
        _("refund reference"),
        max_length=120,
        blank=True,
        help_text=_("The provider's refund id, or the wire transfer's reference."),
    )
    note = models.TextField(_("staff note"), blank=True)
    credit_note = models.ForeignKey(
        "issuance.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credit note"),
    )
    credit_note_number = models.CharField(_("credit note number"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        permissions = [("approve_refund", _("Can approve and pay refunds"))]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="refund_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RefundStatus]),
                name="refund_status_known",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=[r.value for r in RefundRule]), name="refund_rule_known"
            ),
            models.UniqueConstraint(
                fields=["credit_note_number"],
                condition=~Q(credit_note_number=""),
                name="refund_credit_note_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return _("Refund %(pk)s on %(number)s") % {"pk": self.pk, "number": self.invoice.number}


class InvoiceCredit(models.Model):
    """What an open invoice no longer asks for: the unpaid part of a confirmed block that was
    cancelled while its line sat on an invoice not yet paid in full (whatever the cause).
    The paid part of the block goes back as a Refund; this part is simply not owed any more.
    Each credit is a credit note (the same gap-free series as a refund's) with its PDF, and
    an invoice's outstanding balance is its total less payments less its credits. Written
    only by billing.services.credits, under the invoice's row lock."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credits", verbose_name=_("invoice")
    )
    rotation = models.ForeignKey(
        "rotations.Rotation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rotation"),
        help_text=_("The cancelled block the credit is for."),
    )
    amount = models.IntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    rule = models.CharField(_("rule"), max_length=20, choices=RefundRule.choices)
    explanation = models.TextField(
        _("explanation"), help_text=_("The words the applicant read about this credit.")
    )
    credit_note = models.ForeignKey(
        "issuance.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credit note"),
    )
    credit_note_number = models.CharField(_("credit note number"), max_length=32, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invoice credit")
        verbose_name_plural = _("invoice credits")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoicecredit_amount_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="invoicecredit_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(rule__in=[r.value for r in RefundRule]),
                name="invoicecredit_rule_known",
            ),
            models.UniqueConstraint(
                fields=["invoice", "rotation"],
                condition=Q(rotation__isnull=False),
                name="invoicecredit_one_per_block",
            ),
        ]

    def __str__(self) -> str:
        return self.credit_note_number


def refusal_key(instance, filename: str) -> str:
    """A random key: the applicant's file name never reaches the storage."""
    return f"visa-refusals/{uuid.uuid4().hex}"


def refusal_storage():
    """The portal's private storage (applicants' documents and issued PDFs live there too)."""
    return private_storage()


class VisaRefusal(models.Model):
    """The applicant's visa refusal letter, uploaded on the payments page with their choice
    (a full refund, or postponing to a later intake). Staff verify it in admin: verified
    with "refund" proposes the full refund; "postpone" is recorded for staff to act on."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="visa_refusals",
        verbose_name=_("application"),
    )
    file = models.FileField(
        _("refusal letter"), storage=refusal_storage, upload_to=refusal_key, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    choice = models.CharField(
        _("the applicant asks for"), max_length=10, choices=VisaRefusalChoice.choices
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VisaRefusalStatus.choices,
        default=VisaRefusalStatus.PENDING,
    )
    staff_note = models.TextField(_("note to the applicant"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("visa refusal")
        verbose_name_plural = _("visa refusals")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status=VisaRefusalStatus.PENDING),
                name="visarefusal_one_pending_per_application",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in VisaRefusalStatus]),
                name="visarefusal_status_known",
            ),
        ]

    def __str__(self) -> str:
        return _("Visa refusal of %(name)s") % {"name": self.application.applicant}

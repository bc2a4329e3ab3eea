"""What the program charged: invoices, their lines, payments, declared wire transfers and
card checkouts. Written only by billing.services, under the invoice's row lock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import (
    CheckoutStatus,
    InvoiceKind,
    InvoiceStatus,
    WebhookOutcome,
    WireStatus,
)
from .fees import FeeSchedule, currency_code


class InvoiceNumber(models.Model):
    """The invoice number sequence of one year: `last` is the last number given. Locked with
    select_for_update while a number is taken, so numbers are gap-free and never reused (as
    pretix does); see billing.services.numbering."""

    series = models.CharField(
        _("series"),
        max_length=20,
        default="invoice",
        help_text=_("invoice or credit_note: each series counts on its own."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("invoice number sequence")
        verbose_name_plural = _("invoice number sequences")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="invoicenumber_series_year"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Invoice(models.Model):
    """An invoice issued to an applicant for their application: a deposit when they take the
    offer, the balance when their rotations are confirmed. Its number, lines and total never
    change; a cancelled invoice keeps its number. `status` is kept by billing.services under
    the row lock: open until the payments reach the total, then paid."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("application"),
    )
    schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("fee schedule"),
        help_text=_("The version of the fees the invoice was made with."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices)
    number = models.CharField(_("number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    total = models.IntegerField(_("total (cents)"))
    bill_to_name = models.CharField(_("bill to"), max_length=200)
    bill_to_country = models.CharField(_("country"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("issued"))
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    issued_document = models.ForeignKey(
        "issuance.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        permissions = [("record_payment", _("Can record a manual payment"))]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_year_sequence"),
            models.CheckConstraint(condition=Q(total__gt=0), name="invoice_total_positive"),
            models.CheckConstraint(condition=Q(sequence__gt=0), name="invoice_sequence_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="invoice_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in InvoiceStatus]),
                name="invoice_status_known",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in InvoiceKind]), name="invoice_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="invoice_status_due")]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """One line of an invoice. An amount below 0 takes off what an earlier invoice of the
    application already charged (the deposit, on the balance invoice)."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, related_name="lines", verbose_name=_("invoice")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.CharField(_("description"), max_length=300)
    amount = models.IntegerField(_("amount (cents)"))
    rotation = models.ForeignKey(
        "rotations.Rotation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rotation"),
    )

    class Meta:
        ordering = ["invoice", "position"]
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoiceline_position"),
        ]

    def __str__(self) -> str:
        return self.description


class Payment(models.Model):
    """Money received against an invoice, through a provider: "manual" (a wire transfer or a
    card terminal, recorded by staff with the bank's or terminal's reference) or "stripe".
    A reference is unique per provider, so the same payment is never recorded twice."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    provider = models.CharField(_("provider"), max_length=20)
    amount = models.IntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    reference = models.CharField(_("reference"), max_length=120)
    method = models.CharField(_("method"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    received_at = models.DateTimeField(_("received"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    receipt = models.ForeignKey(
        "issuance.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "reference"], name="payment_reference_per_provider"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="payment_currency_iso"
            ),
            models.CheckConstraint(condition=~Q(reference=""), name="payment_reference_given"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference}"


class WireDeclaration(models.Model):
    """An applicant's word that they have sent a wire transfer for an invoice. It holds their
    places until `holds_until`; staff confirm receipt (recording the payment) or it lapses."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="wire_declarations",
        verbose_name=_("application"),
    )
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="wire_declarations",
        verbose_name=_("invoice"),
    )
    declared_at = models.DateTimeField(_("declared"))
    holds_until = models.DateField(_("places held until"))
    reference = models.CharField(
        _("transfer reference"),
        max_length=120,
        blank=True,
        help_text=_("What the applicant's bank gave them, if anything."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=WireStatus.choices, default=WireStatus.DECLARED
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = _("declared wire transfer")
        verbose_name_plural = _("declared wire transfers")
        permissions = [("confirm_wiredeclaration", _("Can confirm a wire transfer's receipt"))]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status=WireStatus.DECLARED),
                name="wiredeclaration_one_open_per_invoice",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in WireStatus]),
                name="wiredeclaration_status_known",
            ),
        ]

    def __str__(self) -> str:
        return _("Wire for %(number)s") % {"number": self.invoice.number}


class CheckoutSession(models.Model):
    """A hosted card checkout started for an invoice's balance (a Stripe Checkout Session).
    Starting one records nothing as paid: the payment is recorded only from the provider's
    signed webhook, which checks its amount and currency against this row."""

    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        related_name="checkout_sessions",
        verbose_name=_("invoice"),
    )
    provider = models.CharField(_("provider"), max_length=20, default="stripe")
    session_id = models.CharField(_("session id"), max_length=255, unique=True)
    amount = models.IntegerField(_("amount (cents)"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    status = models.CharField(
        _("status"), max_length=12, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN
    )
    url = models.URLField(_("checkout page"), max_length=2000)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("card checkout session")
        verbose_name_plural = _("card checkout sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="checkoutsession_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="checkoutsession_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CheckoutStatus]),
                name="checkoutsession_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.session_id


class WebhookEvent(models.Model):
    """An event a payment provider posted to its webhook, stored once by its id: the row is
    inserted before the event is handled, under the unique constraint, so a replayed or
    concurrently redelivered event finds it and does nothing. Handling and the row commit
    together; an error rolls both back and the provider delivers the event again."""

    provider = models.CharField(_("provider"), max_length=20)
    event_id = models.CharField(_("event id"), max_length=255)
    type = models.CharField(_("type"), max_length=100)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=WebhookOutcome.choices,
        default=WebhookOutcome.RECEIVED,
    )
    detail = models.TextField(_("detail"), blank=True)
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invoice"),
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment"),
    )
    payload = models.JSONField(_("payload"), default=dict)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("payment webhook event")
        verbose_name_plural = _("payment webhook events")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="webhookevent_once_per_provider"
            ),
        ]
        indexes = [models.Index(fields=["outcome", "received_at"], name="webhookevent_outcome")]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id} ({self.type})"

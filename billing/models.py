"""The fee schedule: what the program charges, versioned by the date it applies from; and
what it charged: invoices, their payments and declared wire transfers.

Money is an integer in the currency's minor unit (cents) with the schedule's ISO 4217
currency beside it; never a float. A schedule whose `valid_from` is today or earlier is in
force (or past) and never changes again: billing.services refuses it, and so does the admin.
A new version, from a later date, is how fees change; invoices keep the version they were
made with. Invoices, their lines, payments and declared wires are written only by
billing.services, under the invoice's row lock.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hmc_portal.private_files import private_storage

from .enums import (
    CheckoutStatus,
    DiscountBasis,
    DiscountKind,
    InvoiceKind,
    InvoiceStatus,
    RefundRule,
    RefundStatus,
    VisaRefusalChoice,
    VisaRefusalStatus,
    WebhookOutcome,
    WireStatus,
)


def default_currency() -> str:
    """The currency of a new schedule: settings.BILLING_CURRENCY (ISO 4217, e.g. USD)."""
    return settings.BILLING_CURRENCY


currency_code = RegexValidator(
    r"^[A-Z]{3}\Z", _("Enter an ISO 4217 currency code: three capital letters, e.g. USD.")
)
not_negative = MinValueValidator(0)


def local_today() -> datetime.date:
    return timezone.localdate()


class FeeSchedule(models.Model):
    """One version of the fees, in force from `valid_from` until the next version's
    `valid_from` (the version in force on a day is the one with the latest valid_from on or
    before it)."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("For staff, e.g. “2027 intake”.")
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default=default_currency,
        validators=[currency_code],
        help_text=_("ISO 4217 code, e.g. USD. Every amount below is in its minor unit (cents)."),
    )
    valid_from = models.DateField(
        _("applies from"),
        unique=True,
        help_text=_(
            "The first day these fees apply. From that day on the schedule cannot be changed: "
            "make a new version from a later date instead."
        ),
    )
    application_fee = models.IntegerField(
        _("application fee (cents)"),
        default=0,
        validators=[not_negative],
        help_text=_("Charged once, not refunded when the applicant cancels. 0: no fee."),
    )
    block_price = models.IntegerField(
        _("price of a 4-week block (cents)"),
        validators=[not_negative],
        help_text=_("The default price; a specialty or a site may have its own below."),
    )
    deposit = models.IntegerField(
        _("deposit (cents)"),
        default=0,
        validators=[not_negative],
        help_text=_(
            "Paid on taking the offer to secure the place; part of the total, not extra. "
            "0: no deposit."
        ),
    )
    retention_percent = models.PositiveSmallIntegerField(
        _("kept on cancellation (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of the fees the program keeps when a confirmed placement is cancelled."
        ),
    )
    balance_due_days = models.PositiveSmallIntegerField(
        _("balance due (days before the first block)"),
        default=30,
        validators=[MaxValueValidator(365)],
    )
    included = models.TextField(
        _("included"), blank=True, help_text=_("What the fees include, one item per line.")
    )
    not_included = models.TextField(
        _("not included"),
        blank=True,
        help_text=_("What the applicant pays for separately, one item per line."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("Shown on the pricing page under the prices.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(application_fee__gte=0), name="feeschedule_application_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(block_price__gte=0), name="feeschedule_block_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(deposit__gte=0), name="feeschedule_deposit_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(retention_percent__gte=0, retention_percent__lte=100),
                name="feeschedule_retention_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(balance_due_days__gte=0),
                name="feeschedule_balance_due_days_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="feeschedule_currency_iso"
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s (from %(date)s)") % {"name": self.name, "date": self.valid_from}

    def is_locked(self, today: datetime.date | None = None) -> bool:
        """In force or past: valid_from is today or earlier. Such a schedule never changes."""
        if self.valid_from is None:
            return False
        return self.valid_from <= (today or local_today())

    @property
    def included_items(self) -> list[str]:
        return [line.strip() for line in self.included.splitlines() if line.strip()]

    @property
    def not_included_items(self) -> list[str]:
        return [line.strip() for line in self.not_included.splitlines() if line.strip()]


class FeeBlockPrice(models.Model):
    """The price of a 4-week block for a specialty, a site, or a specialty at a site, where
    it differs from the schedule's block price. The most specific row wins: specialty and
    site, then specialty, then site, then the schedule's block_price."""

    schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.CASCADE,
        related_name="block_prices",
        verbose_name=_("fee schedule"),
    )
    specialty = models.ForeignKey(
        "rotations.Specialty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("specialty"),
        help_text=_("Empty: any specialty."),
    )
    site = models.ForeignKey(
        "rotations.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
        help_text=_("Empty: any site."),
    )
    price = models.IntegerField(_("price of a 4-week block (cents)"), validators=[not_negative])

    class Meta:
        ordering = ["schedule", "specialty__name", "site__name", "pk"]
        verbose_name = _("block price")
        verbose_name_plural = _("block prices")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="feeblockprice_not_negative"),
            models.CheckConstraint(
                condition=Q(specialty__isnull=False) | Q(site__isnull=False),
                name="feeblockprice_specialty_or_site",
            ),
            models.UniqueConstraint(
                fields=["schedule", "specialty", "site"],
                nulls_distinct=False,
                name="feeblockprice_one_per_specialty_site",
            ),
        ]

    def __str__(self) -> str:
        return self.scope

    @property
    def scope(self) -> str:
        """What the price is for, in words: "Surgery", "Surgery at Ben Taub", "Any specialty
        at Ben Taub"."""
        if self.specialty_id and self.site_id:
            return _("%(specialty)s at %(site)s") % {"specialty": self.specialty, "site": self.site}
        if self.specialty_id:
            return str(self.specialty)
        if self.site_id:
            return _("Any specialty at %(site)s") % {"site": self.site}
        return ""

    def clean(self) -> None:
        if self.specialty_id is None and self.site_id is None:
            raise ValidationError(
                _("Choose a specialty, a site or both: the default price is the schedule's.")
            )


class FeeDiscount(models.Model):
    """A discount on blocks of a plan.

    By block (basis=block): the block at position `from_block` in the plan (in date order)
    and every one after it, until a row with a later `from_block` takes over.
    By specialties (basis=specialties): every block, when the plan spans at least
    `min_specialties` different specialties.
    A block gets at most one discount: the one that takes the most off it.
    A percentage is rounded half up to the minor unit; an amount never takes a block below 0.
    """

    schedule = models.ForeignKey(
        FeeSchedule,
        on_delete=models.CASCADE,
        related_name="discounts",
        verbose_name=_("fee schedule"),
    )
    basis = models.CharField(
        _("applies"), max_length=12, choices=DiscountBasis.choices, default=DiscountBasis.BLOCK
    )
    from_block = models.PositiveSmallIntegerField(
        _("from block"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("2: the second block of the plan and each one after it."),
    )
    min_specialties = models.PositiveSmallIntegerField(
        _("specialties in the plan, at least"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=DiscountKind.choices, default=DiscountKind.PERCENT
    )
    value = models.IntegerField(
        _("value"),
        validators=[not_negative],
        help_text=_("A percentage (0 to 100), or an amount in cents."),
    )
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("Optional, shown to applicants.")
    )

    class Meta:
        ordering = ["schedule", "basis", "from_block", "min_specialties", "pk"]
        verbose_name = _("discount")
        verbose_name_plural = _("discounts")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="feediscount_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind=DiscountKind.PERCENT) | Q(value__lte=100),
                name="feediscount_percent_range",
            ),
            models.CheckConstraint(
                # NULL >= 2 is unknown, which a CHECK lets through: hence the isnull=False.
                condition=(
                    Q(
                        basis=DiscountBasis.BLOCK,
                        from_block__isnull=False,
                        from_block__gte=2,
                        min_specialties__isnull=True,
                    )
                    | Q(
                        basis=DiscountBasis.SPECIALTIES,
                        min_specialties__isnull=False,
                        min_specialties__gte=2,
                        from_block__isnull=True,
                    )
                ),
                name="feediscount_basis_fields",
            ),
            models.UniqueConstraint(
                fields=["schedule", "from_block"], name="feediscount_one_per_block"
            ),
            models.UniqueConstraint(
                fields=["schedule", "min_specialties"], name="feediscount_one_per_specialties"
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.get_basis_display()

    def clean(self) -> None:
        errors = {}
        if self.basis == DiscountBasis.BLOCK:
            if self.from_block is None:
                errors["from_block"] = _("Say from which block of the plan it applies (2 or more).")
            if self.min_specialties is not None:
                errors["min_specialties"] = _("Leave this empty for a discount by block.")
        elif self.basis == DiscountBasis.SPECIALTIES:
            if self.min_specialties is None:
                errors["min_specialties"] = _(
                    "Say how many specialties the plan needs (2 or more)."
                )
            if self.from_block is not None:
                errors["from_block"] = _("Leave this empty for a discount by specialties.")
        if self.kind == DiscountKind.PERCENT and self.value is not None and self.value > 100:
            errors["value"] = _("A percentage is between 0 and 100.")
        if errors:
            raise ValidationError(errors)


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

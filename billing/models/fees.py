"""The fee schedule: what the program charges, versioned by the date it applies from.

Money is an integer in the currency's minor unit (cents) with the schedule's ISO 4217
currency beside it; never a float. A schedule whose `valid_from` is today or earlier is in
force (or past) and never changes again: billing.services refuses it, and so does the admin.
A new version, from a later date, is how fees change; invoices keep the version they were
made with.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..enums import (
    DiscountBasis,
    DiscountKind,
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

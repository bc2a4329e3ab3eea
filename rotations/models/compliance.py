"""Pre-arrival compliance: what a site asks of an observer before the first day
(Requirement, edited by staff) and what the observer hands in for it (ComplianceEvidence,
verified or rejected by staff). Whether someone is "cleared to start" is never stored: it
is derived from these rows and the itinerary's dates (rotations.arrival.compliance)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hmc_portal.private_files import private_storage


class RequirementKind(models.TextChoices):
    TB_TEST = "tb_test", _("Tuberculosis (TB) test")
    MMR = "mmr", _("Measles, mumps and rubella (MMR) immunity")
    VARICELLA = "varicella", _("Varicella (chickenpox) immunity")
    HEPATITIS_B = "hepatitis_b", _("Hepatitis B immunity")
    INFLUENZA = "influenza", _("Influenza vaccine")
    PASSPORT = "passport", _("Passport")
    INSURANCE = "insurance", _("Health insurance")
    HIPAA = "hipaa", _("HIPAA training")
    BACKGROUND_CHECK = "background_check", _("Background check")
    CONFIDENTIALITY = "confidentiality", _("Signed confidentiality agreement")
    OTHER = "other", _("Other")


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


def parse_months(value: str) -> tuple[int, ...]:
    """ "11,12,1-4" -> (11, 12, 1, 2, 3, 4); ValueError for anything that is not a month."""
    months: list[int] = []
    for part in (value or "").replace(" ", "").split(","):
        if not part:
            continue
        if "-" in part:
            first, last = (int(number) for number in part.split("-", 1))
            if not (1 <= first <= 12 and 1 <= last <= 12):
                raise ValueError(part)
            month = first
            while True:
                months.append(month)
                if month == last:
                    break
                month = month % 12 + 1
        else:
            month = int(part)
            if not 1 <= month <= 12:
                raise ValueError(part)
            months.append(month)
    return tuple(dict.fromkeys(months))


class Requirement(models.Model):
    """One thing a site asks of every observer before their first day there, with the rule
    that says whether what they hand in is still good on the dates of their stay."""

    site = models.ForeignKey(
        "rotations.Site",
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("site"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequirementKind.choices)
    name = models.CharField(
        _("name"), max_length=120, help_text=_("What the observer reads, e.g. “TB test”.")
    )
    description = models.TextField(
        _("what to hand in"),
        blank=True,
        help_text=_("Shown to the observer: which document is accepted, where to get it."),
    )
    needs_test_date = models.BooleanField(
        _("asks for the test or issue date"),
        default=False,
        help_text=_("The date of the test, vaccine, training or check."),
    )
    needs_expiry = models.BooleanField(
        _("asks for the expiry date"),
        default=False,
        help_text=_("The date the document stops being valid (passport, insurance)."),
    )
    valid_days_before_start = models.PositiveSmallIntegerField(
        _("valid for days before the first day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "The test must be dated at most this many days before the first day at the site "
            "(TB test: 90, or 365 for a site that accepts 12 months). Needs the test date."
        ),
    )
    must_cover_stay = models.BooleanField(
        _("must cover the whole stay"),
        default=False,
        help_text=_(
            "The expiry date must be on or after the last day of the last rotation "
            "(plus the months below). Without it, the document must be valid on the first day."
        ),
    )
    months_after_stay = models.PositiveSmallIntegerField(
        _("months past the last day"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("Passport: valid 6 months past the last block."),
    )
    months = models.CharField(
        _("only for rotations starting in"),
        max_length=40,
        blank=True,
        help_text=_(
            "Month numbers, e.g. “11-4” or “11,12,1,2,3,4” for the influenza season; "
            "empty: every month."
        ),
    )
    lead_weeks = models.PositiveSmallIntegerField(
        _("start weeks ahead"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "How many weeks before the first day the observer must have started it "
            "(background check: 4). Reminders say by when."
        ),
    )
    minimum_amount = models.PositiveIntegerField(
        _("minimum coverage (cents)"),
        null=True,
        blank=True,
        help_text=_(
            "Insurance: the smallest coverage accepted, in US cents (100000000 is $1,000,000). "
            "The observer states the amount."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["site__name", "order", "pk"]
        verbose_name = _("pre-arrival requirement")
        verbose_name_plural = _("pre-arrival requirements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_days_before_start__isnull=True) | Q(needs_test_date=True),
                name="requirement_validity_needs_test_date",
            ),
            models.CheckConstraint(
                condition=Q(must_cover_stay=False) | Q(needs_expiry=True),
                name="requirement_cover_needs_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})" if self.site_id else self.name

    def clean(self) -> None:
        errors = {}
        if self.valid_days_before_start and not self.needs_test_date:
            errors["valid_days_before_start"] = _(
                "A validity counted from the test needs the test date: tick “asks for the "
                "test or issue date”."
            )
        if self.must_cover_stay and not self.needs_expiry:
            errors["must_cover_stay"] = _(
                "Covering the stay is judged on the expiry date: tick “asks for the expiry date”."
            )
        if self.months_after_stay and not self.must_cover_stay:
            errors["months_after_stay"] = _(
                "Months past the last day only count when the document must cover the stay."
            )
        try:
            parse_months(self.months)
        except ValueError:
            errors["months"] = _("Write month numbers from 1 to 12, e.g. “11-4” or “11,12,1”.")
        if errors:
            raise ValidationError(errors)

    @property
    def month_numbers(self) -> tuple[int, ...]:
        try:
            return parse_months(self.months)
        except ValueError:
            return ()

    @property
    def asks_amount(self) -> bool:
        return self.minimum_amount is not None


def evidence_key(instance, filename: str) -> str:
    """A random key: the applicant's file name never reaches the storage."""
    return f"compliance/{uuid.uuid4().hex}"


class ComplianceEvidence(models.Model):
    """What an observer handed in for one requirement: the file (private storage, checked
    like every document), the dates the rule needs, the coverage amount for insurance, and
    staff's decision. A newer upload for the same requirement supersedes older ones."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="compliance_evidence",
        verbose_name=_("application"),
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("requirement"),
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=evidence_key, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=100)
    content_type = models.CharField(_("detected type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    test_date = models.DateField(_("test or issue date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    amount = models.PositiveIntegerField(_("coverage (cents)"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.PENDING,
    )
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("pre-arrival evidence")
        verbose_name_plural = _("pre-arrival evidence")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EvidenceStatus.REJECTED) | ~Q(reject_reason=""),
                name="compliance_evidence_reject_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["application", "requirement", "-uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.requirement.name}: {self.application.applicant}"

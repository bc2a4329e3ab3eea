import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hmc_portal.form_choices import choice_display

from .enums import (
    ApplicationStatus,
    Degree,
    DocumentKind,
    DocumentStatus,
    EcfmgStatus,
    EnglishTest,
    InterviewStatus,
    Recommendation,
    UsmleResult,
)

# Applicants' files: a private folder, or a private S3 bucket (settings.STORAGES). The name
# stays importable here: the migrations refer to applications.models.private_storage.
from .storage import private_storage


def document_key(instance, filename: str) -> str:
    """A random key: the applicant's file name never reaches the storage."""
    return f"documents/{uuid.uuid4().hex}"


class ApplicantProfile(models.Model):
    """What an IMG tells us about themselves once, whatever the intake."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applicant_profile",
        verbose_name=_("user"),
    )
    # Personal and contact details (names and time zone live on the user).
    country = CountryField(_("country of citizenship"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        help_text=_("With the country code, e.g. +234 803 123 4567. WhatsApp is fine."),
    )
    city = models.CharField(_("city of residence"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # Medical background.
    medical_school = models.CharField(_("medical school"), max_length=255, blank=True)
    school_country = models.CharField(
        _("country of the medical school"), max_length=100, blank=True
    )
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        _("graduation year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1960), MaxValueValidator(2040)],
        help_text=_("Expected year if you have not graduated yet."),
    )
    graduated = models.BooleanField(_("I have graduated"), default=True)
    ecfmg_status = models.CharField(
        _("ECFMG certification"), max_length=20, choices=EcfmgStatus.choices, blank=True
    )
    step1_result = models.CharField(
        _("USMLE Step 1"), max_length=10, choices=UsmleResult.choices, blank=True
    )
    step1_score = models.PositiveSmallIntegerField(
        _("Step 1 score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )
    step1_date = models.DateField(_("Step 1 date"), null=True, blank=True)
    step2_result = models.CharField(
        _("USMLE Step 2 CK"), max_length=10, choices=UsmleResult.choices, blank=True
    )
    step2_score = models.PositiveSmallIntegerField(
        _("Step 2 CK score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )
    step2_date = models.DateField(_("Step 2 CK date"), null=True, blank=True)
    english_test = models.CharField(
        _("English proficiency"), max_length=10, choices=EnglishTest.choices, blank=True
    )
    english_score = models.CharField(
        _("English test score"),
        max_length=20,
        blank=True,
        help_text=_("As printed on the result, e.g. 105 (TOEFL), 7.5 (IELTS), B (OET)."),
    )
    english_date = models.DateField(_("English test date"), null=True, blank=True)
    clinical_experience = models.TextField(
        _("clinical experience"),
        blank=True,
        help_text=_("Internship, house jobs, residency or work since graduation, with dates."),
    )

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        # The staff list's search (any part of the medical school, admin.application) and
        # its country filter and sort (the filter walks this index for the countries held).
        indexes = [
            GinIndex(
                OpClass(Upper("medical_school"), name="gin_trgm_ops"),
                name="profile_school_trgm",
            ),
            models.Index(fields=["country"], name="profile_country_idx"),
        ]

    def __str__(self) -> str:
        return _("Applicant profile of %(user)s") % {"user": self.user}


class Application(models.Model):
    """One applicant's application for one intake. `status` changes only through
    applications.services, which writes a StatusChange for every move."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    intake = models.CharField(
        _("intake"), max_length=20, help_text=_("The program year applied for, e.g. 2027.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        editable=False,
    )
    specialties = models.ManyToManyField(
        "rotations.Specialty",
        through="ApplicationSpecialty",
        related_name="applications",
        verbose_name=_("specialties of interest"),
    )
    preferred_start = models.DateField(
        _("preferred start month"),
        null=True,
        blank=True,
        help_text=_("Stored as the first day of the month."),
    )
    program_weeks = models.PositiveSmallIntegerField(
        _("program length (weeks)"),
        default=4,
        validators=[MinValueValidator(4), MaxValueValidator(52)],
    )
    target_specialty = models.CharField(
        _("residency specialty you are aiming for"), max_length=100, blank=True
    )
    career_goals = models.TextField(_("career goals"), blank=True)
    personal_statement = models.TextField(_("personal statement"), blank=True)
    declaration_accepted_at = models.DateTimeField(
        _("declaration accepted"), null=True, blank=True, editable=False
    )
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    offer_expires_at = models.DateTimeField(
        _("offer deadline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when an offer is made: the applicant must accept or decline by then."),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "intake"], name="application_one_per_intake"
            ),
            models.CheckConstraint(
                condition=Q(program_weeks__gte=4) & Q(program_weeks__lte=52),
                name="application_program_weeks_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The staff list (admin.application): its default order, newest submission
            # first with drafts last, then its other sortable columns; the intake filter
            # walks the intake index for the intakes held.
            models.Index(
                F("submitted_at").desc(nulls_last=True),
                F("id").desc(),
                name="application_review_order_idx",
            ),
            models.Index(fields=["submitted_at"], name="application_submitted_idx"),
            models.Index(fields=["intake"], name="application_intake_idx"),
        ]
        # Moving the status (applications.services.change_status) is a coordinator's right,
        # distinct from editing the row, which nobody does by hand.
        permissions = [("change_status", "Can change the status of an application")]

    # Status labels read from the enum, not from the field's flattened choices (the staff
    # pages name many statuses).
    get_status_display = choice_display("status", ApplicationStatus)

    def __str__(self) -> str:
        return f"{self.applicant} — {self.intake}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class ApplicationSpecialty(models.Model):
    """A specialty the applicant is interested in, ranked 1 (first choice) upwards."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="ranked_specialties",
        verbose_name=_("application"),
    )
    specialty = models.ForeignKey(
        "rotations.Specialty", on_delete=models.PROTECT, verbose_name=_("specialty")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("specialty of interest")
        verbose_name_plural = _("specialties of interest")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "specialty"], name="application_specialty_once"
            ),
            models.UniqueConstraint(fields=["application", "rank"], name="application_rank_once"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.specialty}"


class Document(models.Model):
    """An uploaded file, checked by its bytes, stored privately under a random key."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=document_key, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("detected type"), max_length=50)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.PENDING,
    )
    rejection_reason = models.TextField(
        _("reason for rejecting"), blank=True, help_text=_("The applicant sees this.")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        # The documents' admin list, newest first.
        indexes = [models.Index(fields=["-uploaded_at", "-id"], name="document_newest_idx")]
        constraints = [
            # One file of each named kind; "other" may hold several.
            models.UniqueConstraint(
                fields=["application", "kind"],
                condition=~Q(kind=DocumentKind.OTHER),
                name="document_one_per_kind",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.REJECTED) | ~Q(rejection_reason=""),
                name="document_rejection_has_reason",
            ),
        ]

    get_kind_display = choice_display("kind", DocumentKind)
    get_status_display = choice_display("status", DocumentStatus)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class StatusChange(models.Model):
    """The audit row of one status move: who, when, from, to, why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("application"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"

    get_from_status_display = choice_display("from_status", ApplicationStatus)
    get_to_status_display = choice_display("to_status", ApplicationStatus)

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"


def new_uid() -> str:
    return f"{uuid.uuid4().hex}@hmc-observerships"


def _local(value) -> str:
    """A stored time in the active zone (the viewer's), named: "2026-12-04 09:30
    (America/Chicago)"."""
    if value is None:
        return "—"
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"


class MeetingTime(models.Model):
    """When and where a video call happens: the fields an interview and an offered slot share."""

    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    meeting_url = models.URLField(_("meeting link"), max_length=500)

    class Meta:
        abstract = True


class Interview(MeetingTime):
    """A virtual interview at one time (stored in UTC). Its calendar invitation keeps `uid`
    for life; every reschedule or cancellation raises `sequence` (RFC 5545)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews_conducted",
        verbose_name=_("interviewer"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterviewStatus.choices,
        default=InterviewStatus.SCHEDULED,
    )
    outcome_notes = models.TextField(
        _("outcome notes"), blank=True, help_text=_("Internal: the applicant never sees these.")
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=15, choices=Recommendation.choices, blank=True
    )
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("outcome recorded by"),
    )
    outcome_recorded_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)
    uid = models.CharField(_("calendar UID"), max_length=100, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            # An application's next scheduled interview (the staff list's column).
            models.Index(
                fields=["application", "starts_at"],
                condition=Q(status=InterviewStatus.SCHEDULED),
                name="interview_next_scheduled_idx",
            ),
        ]

    def __str__(self) -> str:
        return _("Interview of %(applicant)s at %(when)s") % {
            "applicant": self.application.applicant,
            "when": _local(self.starts_at),
        }


class InterviewSlot(MeetingTime):
    """One of several times a coordinator offers; the applicant picks one on the dashboard,
    which becomes the Interview (`interview` set), and the other slots lapse."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interview_slots",
        verbose_name=_("application"),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("interviewer"),
    )
    interview = models.OneToOneField(
        Interview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slot",
        verbose_name=_("interview"),
    )
    created_at = models.DateTimeField(_("offered"), auto_now_add=True)

    class Meta:
        verbose_name = _("offered interview time")
        verbose_name_plural = _("offered interview times")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return _("Time offered: %(when)s") % {"when": _local(self.starts_at)}


class InternalNote(models.Model):
    """A reviewer's or coordinator's note on an application; never shown to the applicant."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="internal_notes",
        verbose_name=_("application"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return _("Note by %(author)s on %(day)s") % {
            "author": self.author,
            "day": f"{self.created_at:%Y-%m-%d}",
        }


# A dossier built by a task (applications.dossier): kept apart, imported here to be a model.
from .dossier.models import DossierBuild  # noqa: E402, F401

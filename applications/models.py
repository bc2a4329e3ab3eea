from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ApplicationStatus, EcfmgStatus


class ApplicantProfile(models.Model):
    """What an IMG tells us about themselves once, whatever the intake."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    country = models.CharField(_("country of citizenship"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    medical_school = models.CharField(_("medical school"), max_length=255, blank=True)
    school_country = models.CharField(
        _("country of the medical school"), max_length=100, blank=True
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    ecfmg_status = models.CharField(
        _("ECFMG certification"), max_length=20, choices=EcfmgStatus.choices, blank=True
    )

    def __str__(self) -> str:
        return f"Applicant profile of {self.user}"


class Application(models.Model):
    """One applicant's application for one intake. `status` changes only through
    applications.services, which writes a StatusChange for every move."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
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
    career_goals = models.TextField(_("career goals"), blank=True)
    personal_statement = models.TextField(_("personal statement"), blank=True)
    program_weeks = models.PositiveSmallIntegerField(_("program length (weeks)"), default=4)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "intake"], name="application_one_per_intake"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.intake}"


class StatusChange(models.Model):
    """The audit row of one status move: who, when, from, to, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hmc_portal.private_files import private_storage


class Preceptor(models.Model):
    """A supervising physician who hosts observers and writes letters."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preceptor",
        verbose_name=_("user"),
    )
    title = models.CharField(
        _("title"), max_length=100, help_text=_("As shown to applicants, e.g. “MD, FACP”.")
    )
    specialties = models.ManyToManyField(
        "rotations.Specialty", related_name="preceptors", verbose_name=_("specialties")
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=255,
        help_text=_("Hospital or medical school, e.g. “Baylor College of Medicine”."),
    )
    bio = models.TextField(_("short bio"), blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active preceptors appear in the directory.")
    )
    may_view_documents = models.BooleanField(
        _("may see applicants' documents"),
        default=False,
        help_text=_(
            "When set, the preceptor portal shows the documents of applicants who request "
            "this preceptor's rotations."
        ),
    )

    accepts_early_letter_requests = models.BooleanField(
        _("accepts letter requests from the second half of a block"),
        default=False,
        help_text=_(
            "When set, observers may ask this preceptor for a letter from the second half of "
            "their block, not only once it has ended."
        ),
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("preceptor")
        verbose_name_plural = _("preceptors")

    def __str__(self) -> str:
        return f"Dr. {self.user.get_full_name()}" if self.user.last_name else self.user.email


class LetterStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WRITTEN = "written", _("Written")
    UPLOADED = "uploaded", _("Uploaded to ERAS")


# Every state but declined holds the (application, preceptor, specialty) and the Letter ID.
OPEN_LETTER_STATUSES = [
    LetterStatus.REQUESTED,
    LetterStatus.ACCEPTED,
    LetterStatus.WRITTEN,
    LetterStatus.UPLOADED,
]


class LetterSource(models.TextChoices):
    WRITTEN = "written", _("Written in the portal")
    UPLOADED = "uploaded", _("Uploaded PDF")


def new_letter_nonce() -> str:
    return secrets.token_urlsafe(16)


def letter_file_name(instance, filename: str) -> str:
    """A random name: the stored name says nothing about the applicant or the writer."""
    return f"letters/{secrets.token_hex(16)}.pdf"


class LetterRequest(models.Model):
    """An applicant's request to a preceptor they observed with for a letter of
    recommendation, uploaded by the preceptor to ERAS with the applicant's Letter ID.

    requested -> accepted | declined; accepted -> written (the letter's PDF is stored) ->
    uploaded (the preceptor ticked "uploaded to ERAS"). `waived` (the applicant waived
    their right to read the letter) is fixed when the request is made. `link_nonce` is part
    of the preceptor's signed one-time link and is cleared once the link is used. Written
    only by preceptors.letters.services."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="letter_requests",
        verbose_name=_("application"),
    )
    preceptor = models.ForeignKey(
        Preceptor,
        on_delete=models.PROTECT,
        related_name="letter_requests",
        verbose_name=_("preceptor"),
    )
    rotation_request = models.ForeignKey(
        "rotations.RotationRequest",
        on_delete=models.PROTECT,
        related_name="letter_requests",
        verbose_name=_("block observed"),
    )
    eras_letter_id = models.CharField(_("ERAS Letter ID"), max_length=20)
    specialty = models.CharField(_("target specialty"), max_length=100)
    due_date = models.DateField(_("due date"))
    waived = models.BooleanField(
        _("right to read the letter waived"),
        default=True,
        editable=False,
        help_text=_("Fixed when the request is sent."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=LetterStatus.choices,
        default=LetterStatus.REQUESTED,
        editable=False,
    )
    decline_message = models.TextField(_("message when declining"), blank=True, editable=False)
    link_nonce = models.CharField(
        _("link nonce"), max_length=32, blank=True, default=new_letter_nonce, editable=False
    )
    letter = models.FileField(
        _("letter"),
        storage=private_storage,
        upload_to=letter_file_name,
        blank=True,
        editable=False,
        max_length=200,
    )
    letter_source = models.CharField(
        _("how the letter was made"),
        max_length=10,
        choices=LetterSource.choices,
        blank=True,
        editable=False,
    )
    letter_text = models.TextField(_("letter text"), blank=True, editable=False)
    letter_size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    letter_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    written_at = models.DateTimeField(_("written"), null=True, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded to ERAS"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("letter request")
        verbose_name_plural = _("letter requests")
        constraints = [
            models.UniqueConstraint(
                "application",
                "preceptor",
                Lower("specialty"),
                condition=Q(status__in=OPEN_LETTER_STATUSES),
                name="letter_request_open_once_per_specialty",
            ),
            models.UniqueConstraint(
                fields=["eras_letter_id"],
                condition=Q(status__in=OPEN_LETTER_STATUSES),
                name="letter_request_letter_id_once",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[LetterStatus.WRITTEN, LetterStatus.UPLOADED])
                | ~Q(letter=""),
                name="letter_request_written_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return _("Letter for %(applicant)s by %(preceptor)s") % {
            "applicant": self.application.applicant,
            "preceptor": self.preceptor,
        }

    @property
    def has_letter(self) -> bool:
        return bool(self.letter)

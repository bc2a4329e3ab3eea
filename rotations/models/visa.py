"""The B-1 visa invitation letter: what the applicant asks for (their identity as in the
passport, the consulate, the interview date) and the letter issued from it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ..enums import OPEN_VISA_LETTER_STATUSES, VisaLetterStatus


class VisaLetterRequest(models.Model):
    """One applicant's request for a visa invitation letter, decided by a coordinator.

    waiting -> issued (approved: the letter is issued at once) | sent_back (with a reason);
    issued -> revoked (the placement it describes changed or ended). While the request is
    issued, a changed itinerary that is still eligible replaces the letter with a new one
    (`letter` points at the current one, `letters_issued` numbers them). Written only by
    rotations.arrival.services."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="visa_letter_requests",
        verbose_name=_("application"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VisaLetterStatus.choices,
        default=VisaLetterStatus.WAITING,
        editable=False,
    )
    # The applicant's identity, exactly as in the passport.
    passport_name = models.CharField(
        _("full name as in the passport's machine-readable zone"), max_length=120
    )
    date_of_birth = models.DateField(_("date of birth"))
    nationality = CountryField(_("nationality"))
    passport_number = models.CharField(_("passport number"), max_length=9)
    passport_expiry = models.DateField(_("passport expiry date"))
    consulate = models.CharField(_("US embassy or consulate"), max_length=150)
    interview_date = models.DateField(_("visa interview date"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
        editable=False,
    )
    send_back_reason = models.TextField(_("reason for sending back"), blank=True, editable=False)
    letter = models.ForeignKey(
        "issuance.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("current letter"),
        editable=False,
    )
    letters_issued = models.PositiveSmallIntegerField(
        _("letters issued"), default=0, editable=False
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=OPEN_VISA_LETTER_STATUSES),
                name="visa_letter_request_open_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisaLetterStatus.SENT_BACK) | ~Q(send_back_reason=""),
                name="visa_letter_request_sent_back_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=VisaLetterStatus.ISSUED) | Q(letter__isnull=False),
                name="visa_letter_request_issued_has_letter",
            ),
        ]
        indexes = [models.Index(fields=["status", "interview_date"])]

    def __str__(self) -> str:
        return _("Visa letter request of %(name)s") % {"name": self.passport_name}

    @property
    def letter_number(self) -> str:
        """The current letter's number: the request and the letter's sequence
        ("VL-00042-2" is request 42's second letter)."""
        return letter_number(self.pk, self.letters_issued)


def letter_number(request_id: int, sequence: int) -> str:
    return f"VL-{request_id:05d}-{sequence}"

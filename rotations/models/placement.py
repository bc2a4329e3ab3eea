import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import dateformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..enums import ACTIVE_REQUEST_STATUSES, CancelCause, RequestStatus, SiteKind

# A rotation is a 4-week block: Monday of the first week to Friday of the fourth.
BLOCK_DAYS = 28
BLOCK_LAST_DAY = datetime.timedelta(days=BLOCK_DAYS - 3)


class Specialty(models.Model):
    """A clinical specialty the program offers observerships in."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown to applicants.")
    )
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A hospital or clinic where observers spend their rotation."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SiteKind.choices, default=SiteKind.HOSPITAL
    )
    address = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, default="Houston")
    state = models.CharField(_("state"), max_length=50, default="TX")
    reporting_instructions = models.TextField(
        _("reporting instructions"),
        blank=True,
        help_text=_("Where and when an observer reports on the first day."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name


class Rotation(models.Model):
    """A 4-week block (Monday to Friday) with one preceptor at one site, for up to `capacity`
    observers. `confirmed_count` is kept by rotations.services under a row lock, and the
    database refuses a count above the capacity whatever code writes it."""

    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("specialty")
    )
    preceptor = models.ForeignKey(
        "preceptors.Preceptor",
        on_delete=models.PROTECT,
        related_name="rotations",
        verbose_name=_("preceptor"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="rotations", verbose_name=_("site")
    )
    start_date = models.DateField(_("first day"), help_text=_("A Monday."))
    end_date = models.DateField(
        _("last day"), help_text=_("The Friday four weeks later (first day + 25 days).")
    )
    reporting_time = models.TimeField(
        _("reporting time on the first day"), default=datetime.time(8, 0)
    )
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    confirmed_count = models.PositiveSmallIntegerField(
        _("confirmed observers"), default=0, editable=False
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published rotations can be chosen.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["start_date", "specialty__name", "pk"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="rotation_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_count__gte=0), name="rotation_confirmed_not_negative"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="rotation_capacity_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="rotation_ends_after_start"
            ),
            # One block at a time per preceptor; the series action relies on it to skip
            # blocks that exist already.
            models.UniqueConstraint(
                fields=["preceptor", "start_date"], name="rotation_one_block_per_preceptor"
            ),
        ]
        indexes = [models.Index(fields=["published", "start_date"])]

    def __str__(self) -> str:
        # A rotation being edited may lack a date the form refused: the admin still names it.
        # Translators: "d M" and "d M Y" are Django date formats (01 Mar, 26 Mar 2027).
        return _("%(specialty)s · %(first)s – %(last)s") % {
            "specialty": self.specialty if self.specialty_id else "…",
            "first": dateformat.format(self.start_date, gettext("d M")) if self.start_date else "…",
            "last": dateformat.format(self.end_date, gettext("d M Y")) if self.end_date else "…",
        }

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.start_date.weekday() != 0:
            errors["start_date"] = _("A rotation starts on a Monday.")
        if self.start_date and self.end_date and self.end_date != self.start_date + BLOCK_LAST_DAY:
            errors["end_date"] = _(
                "A rotation is a 4-week block: it ends on the Friday of its fourth week (%s)."
            ) % dateformat.format(self.start_date + BLOCK_LAST_DAY, gettext("D d M Y"))
        if self.capacity is not None and self.capacity < self.confirmed_count:
            errors["capacity"] = _(
                "%(count)s observers are confirmed already: cancel one before lowering the "
                "places below that."
            ) % {"count": self.confirmed_count}
        if errors:
            raise ValidationError(errors)

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.confirmed_count >= self.capacity

    def overlaps(self, other: "Rotation") -> bool:
        return self.start_date <= other.end_date and other.start_date <= self.end_date


def new_link_nonce() -> str:
    return secrets.token_urlsafe(16)


class RotationRequest(models.Model):
    """An applicant's ranked choice of a rotation, answered by the rotation's preceptor.

    requested -> confirmed (a place was free) | waitlisted (none was) | declined (with a
    reason); any active request -> cancelled. `link_nonce` is part of the preceptor's signed
    link and is cleared once the link has been used, so each link works once."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="rotation_requests",
        verbose_name=_("application"),
    )
    rotation = models.ForeignKey(
        Rotation, on_delete=models.PROTECT, related_name="requests", verbose_name=_("rotation")
    )
    rank = models.PositiveSmallIntegerField(_("preference"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.REQUESTED,
        editable=False,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    cancel_cause = models.CharField(
        _("why cancelled"),
        max_length=16,
        choices=CancelCause.choices,
        blank=True,
        editable=False,
    )
    replacement_for = models.ForeignKey(
        "rotations.ReplacementAllowance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
        verbose_name=_("replacement for"),
        editable=False,
    )
    link_nonce = models.CharField(
        _("link nonce"), max_length=32, blank=True, default=new_link_nonce, editable=False
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
        editable=False,
    )
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cancelled by"),
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["rank", "pk"]
        verbose_name = _("rotation request")
        verbose_name_plural = _("rotation requests")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "rotation"],
                condition=Q(status__in=ACTIVE_REQUEST_STATUSES),
                name="rotation_request_active_once",
            ),
            models.UniqueConstraint(
                fields=["application", "rank"],
                condition=Q(status__in=ACTIVE_REQUEST_STATUSES),
                name="rotation_request_rank_once",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.DECLINED) | ~Q(decline_reason=""),
                name="rotation_request_decline_has_reason",
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="rotation_request_rank_positive"),
        ]
        indexes = [
            models.Index(fields=["rotation", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.application.applicant} → {self.rotation} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REQUEST_STATUSES

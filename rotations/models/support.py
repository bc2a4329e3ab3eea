"""Travel and housing help before arrival: an applicant's requests to the program office,
and the list of places to stay near the sites that staff keep."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..enums import PricePeriod, RoomKind, SupportKind, SupportStatus

CURRENCY_CHOICES = [("USD", "USD")]


class SupportRequest(models.Model):
    """One request for help with travel or housing. Only the fields of its `kind` are
    filled (rotations.arrival.services.request_support writes it, checking each); staff
    answer with a status and a reply the applicant reads on the page and in an email."""

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="support_requests",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind of help"), max_length=20, choices=SupportKind.choices)
    # Airport pickup.
    flight_number = models.CharField(_("flight number"), max_length=12, blank=True)
    arrival_at = models.DateTimeField(_("arrival time"), null=True, blank=True)
    # Housing.
    housing_from = models.DateField(_("housing from"), null=True, blank=True)
    housing_to = models.DateField(_("housing until"), null=True, blank=True)
    budget_min = models.PositiveIntegerField(
        _("budget from (cents per month)"), null=True, blank=True
    )
    budget_max = models.PositiveIntegerField(
        _("budget up to (cents per month)"), null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    near_site = models.ForeignKey(
        "rotations.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("near"),
    )
    room = models.CharField(_("room"), max_length=10, choices=RoomKind.choices, blank=True)
    # Every kind.
    needs = models.TextField(_("needs"), blank=True, max_length=2000)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # The program office's answer.
    status = models.CharField(
        _("status"), max_length=20, choices=SupportStatus.choices, default=SupportStatus.NEW
    )
    staff_reply = models.TextField(_("reply to the applicant"), blank=True, max_length=4000)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("travel or housing request")
        verbose_name_plural = _("travel and housing requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(housing_from__isnull=True)
                | Q(housing_to__isnull=True)
                | Q(housing_to__gt=F("housing_from")),
                name="support_housing_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="support_budget_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != SupportStatus.DONE


class HousingOption(models.Model):
    """A place to stay that the program office recommends, with its distance to each site.
    Applicants see the active ones near the sites of their confirmed rotations."""

    name = models.CharField(_("name"), max_length=200)
    area = models.CharField(_("area"), max_length=200, help_text=_("The neighbourhood."))
    price_min = models.PositiveIntegerField(_("price from (cents)"))
    price_max = models.PositiveIntegerField(_("price up to (cents)"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="USD"
    )
    price_period = models.CharField(
        _("price period"), max_length=10, choices=PricePeriod.choices, default=PricePeriod.MONTH
    )
    link = models.URLField(_("link"), blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A public booking email or phone number; never a private one."),
    )
    notes = models.TextField(_("notes for applicants"), blank=True, max_length=2000)
    active = models.BooleanField(_("shown to applicants"), default=True)
    sites = models.ManyToManyField(
        "rotations.Site",
        through="HousingDistance",
        related_name="housing_options",
        verbose_name=_("sites"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("housing option")
        verbose_name_plural = _("housing options")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_max__gte=F("price_min")), name="housing_price_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HousingDistance(models.Model):
    """How far a housing option is from one site."""

    option = models.ForeignKey(
        HousingOption,
        on_delete=models.CASCADE,
        related_name="distances",
        verbose_name=_("housing option"),
    )
    site = models.ForeignKey(
        "rotations.Site",
        on_delete=models.CASCADE,
        related_name="housing_distances",
        verbose_name=_("site"),
    )
    km = models.DecimalField(
        _("distance (km)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
    )
    minutes_by_car = models.PositiveSmallIntegerField(
        _("minutes by car"), validators=[MaxValueValidator(600)]
    )

    class Meta:
        ordering = ["km"]
        verbose_name = _("distance to a site")
        verbose_name_plural = _("distances to the sites")
        constraints = [
            models.UniqueConstraint(
                fields=["option", "site"], name="housing_one_distance_per_site"
            ),
            models.CheckConstraint(condition=Q(km__gte=0), name="housing_distance_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.option} – {self.site}"

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import SiteKind


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

    def __str__(self) -> str:
        return self.name

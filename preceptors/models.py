from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("preceptor")
        verbose_name_plural = _("preceptors")

    def __str__(self) -> str:
        return f"Dr. {self.user.get_full_name()}" if self.user.last_name else self.user.email

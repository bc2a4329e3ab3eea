"""After the first day: the preceptor's confirmation of the observer's attendance and their
evaluations of the observer (mid-point and final). Written only by rotations.aftercare; a
block is complete when both are done (rotations.aftercare.completion)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import EvaluationKind
from .placement import RotationRequest


class Attendance(models.Model):
    """The preceptor's word on which days of a confirmed block the observer attended: every
    weekday of the block up to `confirmed_through`, except `missed_days`. Corrected (each
    change logged) until the application is completed."""

    rotation_request = models.OneToOneField(
        "rotations.RotationRequest",
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("block"),
    )
    missed_days = ArrayField(
        models.DateField(), default=list, blank=True, verbose_name=_("days missed")
    )
    hours = models.PositiveSmallIntegerField(
        _("hours attended"), null=True, blank=True, validators=[MaxValueValidator(400)]
    )
    confirmed_through = models.DateField(_("confirmed up to"))
    confirmed_at = models.DateTimeField(_("confirmed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")

    def __str__(self) -> str:
        return str(_("Attendance of request %(pk)s") % {"pk": self.rotation_request_id})


SCORE_FIELDS = (
    "professionalism",
    "medical_knowledge",
    "communication",
    "us_system",
    "curiosity",
)


def _score(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )


class Evaluation(models.Model):
    """The preceptor's evaluation of the observer on one block: five criteria on a 1-5
    scale, with strengths and areas to grow. Submitted once; never edited afterwards."""

    rotation_request = models.ForeignKey(
        "rotations.RotationRequest",
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("block"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EvaluationKind.choices)
    professionalism = _score(_("professionalism"))
    medical_knowledge = _score(_("medical knowledge"))
    communication = _score(_("communication with patients and staff"))
    us_system = _score(_("understanding of the US health system"))
    curiosity = _score(_("curiosity and initiative"))
    strengths = models.TextField(_("strengths"), blank=True)
    areas_to_grow = models.TextField(_("areas to grow"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    due_on = models.DateField(_("due by"))

    class Meta:
        ordering = ["rotation_request", "submitted_at", "pk"]
        verbose_name = _("evaluation of an observer")
        verbose_name_plural = _("evaluations of observers")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation_request", "kind"], name="evaluation_once_per_kind"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"evaluation_{name}_1_to_5",
                )
                for name in SCORE_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return str(
            _("%(kind)s evaluation of request %(pk)s")
            % {"kind": self.get_kind_display(), "pk": self.rotation_request_id}
        )

    @property
    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SCORE_FIELDS}

    @property
    def submitted_late(self) -> bool:
        return self.submitted_at.date() > self.due_on


class BlockFollowUp(RotationRequest):
    """Staff's view of confirmed blocks after their first day (a proxy of RotationRequest):
    attendance, evaluations, completion, and who is late (rotations.admin.aftercare)."""

    class Meta:
        proxy = True
        verbose_name = _("block follow-up")
        verbose_name_plural = _("block follow-ups")

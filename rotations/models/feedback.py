"""The observer's feedback on a block: four criteria on a 1-5 scale, whether they would
recommend it, and an optional comment. One per confirmed rotation request, given once the
block has reached its last day; written only by rotations.aftercare.feedback_services."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCALE = (1, 5)
CRITERIA = ("teaching", "welcome", "exposure", "organisation")


def _score(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]
    )


class RotationFeedback(models.Model):
    """What one observer thought of one block (rotation request). Staff read every response;
    the block's preceptor sees only averages over three or more responses
    (rotations.aftercare.feedback_selectors.preceptor_summary)."""

    rotation_request = models.OneToOneField(
        "rotations.RotationRequest",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("rotation request"),
    )
    teaching = _score(_("teaching"))
    welcome = _score(_("welcome"))
    exposure = _score(_("clinical exposure"))
    organisation = _score(_("organisation"))
    would_recommend = models.BooleanField(_("would recommend"))
    comments = models.TextField(_("comments"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rotation feedback")
        verbose_name_plural = _("rotation feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__gte": SCALE[0], f"{name}__lte": SCALE[1]}),
                name=f"rotation_feedback_{name}_1_to_5",
            )
            for name in CRITERIA
        ]

    def __str__(self) -> str:
        return _("Feedback on %(request)s") % {"request": self.rotation_request}

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .verbs import verb_label

DATA_KEY_ORDER = {"from": 0, "to": 1}


class ActivityLog(models.Model):
    """One thing that happened: who (`actor`; none for the clock or the system) did what
    (`verb`, from verbs.VERBS) to which object (`target`), about whom (`person`, e.g. the
    applicant), with what changed (`data`). Written by services only, through
    services.log_action, inside their transaction; never changed afterwards.

    The target is held generically (content type and id), so the log outlives what it is
    about (a deleted document keeps its history) and the core needs no app's model."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
        verbose_name=_("who"),
    )
    verb = models.CharField(_("what"), max_length=100)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_about",
        verbose_name=_("about"),
        help_text=_("Whose record it concerns, e.g. the applicant."),
    )
    data = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="activity_target_idx"
            ),
            models.Index(fields=["person", "-created_at"], name="activity_person_idx"),
            # The log's admin list, newest first: the largest table of all.
            models.Index(fields=["-created_at", "-id"], name="activity_newest_idx"),
        ]

    def __str__(self) -> str:
        who = str(self.actor) if self.actor_id else _("the system")
        return _("%(when)s: %(what)s by %(who)s") % {
            "when": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M"),
            "what": self.wording,
            "who": who,
        }

    @property
    def wording(self) -> str:
        """The verb in words (verbs.VERBS)."""
        return verb_label(self.verb)

    def describe_data(self) -> str:
        """`data` as one readable line: "from: submitted; to: under_review; note: ..."
        (from and to first, then the rest by name: PostgreSQL's jsonb keeps no order; empty
        values left out)."""
        data = self.data or {}
        keys = sorted(data, key=lambda key: (DATA_KEY_ORDER.get(key, len(DATA_KEY_ORDER)), key))
        parts = []
        for key in keys:
            value = data[key]
            if value in ("", None):
                continue  # an empty note says nothing
            if isinstance(value, list | tuple):
                value = ", ".join(str(item) for item in value) or "—"
            elif isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items())
            parts.append(f"{key}: {value}")
        return "; ".join(parts)

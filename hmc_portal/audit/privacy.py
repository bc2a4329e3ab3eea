"""The activity log about a person, as a shredder (registered in AuditConfig.ready):
exported as what happened and when; on erasure each entry keeps its verb and time and loses
its details, which may hold personal values."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.schema import BOOLEAN, DATETIME, STRING, array, iso, obj

from .models import ActivityLog
from .verbs import verb_label


def entries_of(user):
    """The entries about `user`, or done by them."""
    return ActivityLog.objects.filter(Q(person=user) | Q(actor=user))


@transaction.atomic
def erase_log_details(*, user) -> int:
    """Blank the details of every entry about or by `user`; verb, time and object stay (the
    minimal trail the law asks for). Returns how many."""
    return entries_of(user).exclude(data={}).update(data={})


class ActivityShredder(DataShredder):
    name = "audit.activity"
    verbose_name = _("What happened to your records")
    keeps = _('What happened and when (e.g. "Application submitted"), without any details.')
    schema = array(obj(verb=STRING, wording=STRING, at=DATETIME, by_you=BOOLEAN))

    def export(self, user) -> ExportSection:
        entries = entries_of(user).order_by("created_at", "pk")
        with translation.override("en"):
            data = [
                {
                    "verb": entry.verb,
                    "wording": verb_label(entry.verb),
                    "at": iso(entry.created_at),
                    "by_you": entry.actor_id == user.pk,
                }
                for entry in entries
            ]
        return ExportSection(data=data)

    def shred(self, user) -> None:
        erase_log_details(user=user)

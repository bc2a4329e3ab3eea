"""The emails sent to a person, as a shredder (registered in NotificationsConfig.ready):
exported with their subject and text, deleted on erasure (nothing requires them kept), with
the emails to other people that name them."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportSection
from hmc_portal.privacy.schema import DATETIME, STRING, array, iso, nullable, obj

from .delivery import render_notification
from .models import Notification

logger = logging.getLogger(__name__)


def notifications_of(user):
    """Every outbox row addressed to `user` (as the recipient, or to their address)."""
    return Notification.objects.filter(Q(recipient=user) | Q(to_email__iexact=user.email))


def mentioning(user):
    """Outbox rows to other people whose context names `user` (by email address or full
    name): an email to a preceptor or the office about the applicant."""
    values = [value for value in (user.email, user.get_full_name()) if value]
    condition = Q()
    for value in values:
        condition |= Q(context_text__icontains=value)
    return (
        Notification.objects.annotate(context_text=Cast("context", TextField()))
        .filter(condition)
        .exclude(pk__in=notifications_of(user).values("pk"))
    )


@transaction.atomic
def erase_notifications(*, user) -> int:
    """Delete every email addressed to `user` from the outbox, and every email to someone
    else whose context names them (it would keep their name or address). Returns how many.
    Reads the user's email and name as they are: run it before the account is anonymised."""
    mentions = list(mentioning(user).values_list("pk", flat=True))
    count, _rows = notifications_of(user).delete()
    others, _rows = Notification.objects.filter(pk__in=mentions).delete()
    return count + others


class NotificationsShredder(DataShredder):
    name = "notifications.emails"
    verbose_name = _("The emails we sent you")
    keeps = ""
    schema = array(
        obj(
            template=STRING,
            to=STRING,
            language=STRING,
            status=STRING,
            queued_at=DATETIME,
            sent_at=nullable(DATETIME),
            subject=STRING,
            text={"description": "The email's text, as it was written to you.", **STRING},
        )
    )

    def export(self, user) -> ExportSection:
        data, notes = [], []
        for notification in notifications_of(user).select_related("recipient").order_by("pk"):
            try:
                subject, text, _html = render_notification(notification)
            except Exception:  # a template removed since: keep what the row says
                logger.warning("notification %s could not be rendered", notification.pk)
                subject, text = notification.subject, ""
                notes.append(
                    f"The text of the email queued at {iso(notification.created_at)} "
                    "could not be rebuilt; its subject is included."
                )
            data.append(
                {
                    "template": notification.template,
                    "to": notification.to_email,
                    "language": notification.language,
                    "status": notification.status,
                    "queued_at": iso(notification.created_at),
                    "sent_at": iso(notification.sent_at),
                    "subject": subject,
                    "text": text,
                }
            )
        return ExportSection(data=data, notes=notes)

    def shred(self, user) -> None:
        erase_notifications(user=user)

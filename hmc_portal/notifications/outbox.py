"""The outbox, the writing side: queue an email inside the caller's transaction (the row
exists exactly when the change it is about was committed), hand it to a worker after
commit, withdraw emails a later change made wrong, send one again on staff's request.

Dedupe keys say what an email is about, so that a second scan, a retried request or a
double click sends nothing more. Their shapes, one per kind of email:

- `account:<user>:<verify|reset|exists>:<yyyymmddhhmm>`: at most one a minute;
- `application:<id>:status:<status change id>`, `application:<id>:slots:<first slot id>`,
  `application:<id>:offer-reminder`;
- `document:<id>:rejected:<n>`;
- `interview:<id>:invitation`, `interview:<id>:s<sequence>:updated`,
  `interview:<id>:cancelled`, `interview:<id>:<24h|1h>:s<sequence>`;
- `rotation_request:<id>:<event>` (confirmed, waitlisted, declined, promoted, cancelled,
  nudge, start7d, ...);
- `attendance:preceptor:<id>:<ISO year>-W<week>` (the weekly attendance list),
  `evaluation:<request>:<midpoint|final>:<days>d` (an overdue evaluation's reminders).

`dedupe_key(...)` joins the parts; the delivery side is `delivery.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.languages import language_of

from .enums import NotificationStatus
from .models import Notification
from .tasks import task_send_notification

User = get_user_model()


class OutboxError(Exception):
    """A write to the outbox the person asking may not make; nothing was changed."""


def dedupe_key(*parts: object) -> str:
    """`dedupe_key("interview", 42, "24h", "s1")` -> "interview:42:24h:s1"."""
    return ":".join(str(part) for part in parts)


@dataclass(frozen=True)
class Attachment:
    """A file the email carries: text `content` kept in the row (an ICS file), or an issued
    PDF named by `issued_document` (its id), read from the private storage when the email
    is built, so the outbox never holds a copy of the bytes."""

    filename: str
    mimetype: str
    content: str = ""
    issued_document: int | None = None


def queue_notification(
    *,
    to: User | str,
    template: str,
    key: str,
    context: dict[str, Any] | None = None,
    attachments: list[Attachment] | None = None,
    reply_to: str = "",
) -> Notification:
    """Write an outbox row and send it after the surrounding transaction commits.

    Call it inside the transaction of the change the email is about: on rollback neither the
    row nor the email exists. A second call with the same `key` returns the first row and
    sends nothing more, which makes reminder scans and retried requests harmless.

    Replies go to the program office, unless `reply_to` names someone else (an email to the
    office about an applicant: replying answers the applicant). It is kept in the context,
    as `reply_to`, where the outbox admin shows it.
    """
    context = {**(context or {}), **({"reply_to": reply_to} if reply_to else {})}
    recipient = to if isinstance(to, User) else None
    to_email = to.email if isinstance(to, User) else to
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            dedupe_key=key,
            defaults={
                "recipient": recipient,
                "to_email": to_email,
                "template": template,
                "language": language_of(recipient),
                "context": context,
                "attachments": [a.__dict__ for a in attachments or []],
            },
        )
    if created:
        enqueue_after_commit(notification_id=notification.pk)
    return notification


def enqueue_after_commit(*, notification_id: int) -> None:
    """Hand the row to a worker once the surrounding transaction commits.

    Robust: with the broker down the change still commits and the caller's request still
    succeeds (the failure is logged); the row stays pending and the stale sweep sends it.
    """

    # A function, not a partial: a robust on_commit logs a failure with its __qualname__.
    def enqueue() -> None:
        task_send_notification.delay(notification_id=notification_id)

    transaction.on_commit(enqueue, robust=True)


def cancel_pending_notifications(*, keys: list[str]) -> int:
    """Withdraw emails not sent yet that a later change made wrong (the reminder of an
    interview that moved, queued while the broker was down): the worker and the stale sweep
    skip them. Rows already sent or failed are left as they are. Returns how many."""
    return Notification.objects.filter(
        dedupe_key__in=keys, status=NotificationStatus.PENDING
    ).update(status=NotificationStatus.CANCELLED, last_error="Out of date before it was sent.")


def requeue_notifications(*, notification_ids: list[int], by: User) -> int:
    """Send notifications again, whatever their status: staff's "send again" action.

    A failed row gets a fresh set of attempts; a sent one is delivered once more (the
    applicant lost it) and its sent time becomes the new delivery's. Needs the
    resend_notification permission (OutboxError otherwise, changing nothing). Logs
    `notifications.notification.resent` for each row, about its recipient.
    """
    if not (by.is_active and by.has_perm("notifications.resend_notification")):
        raise OutboxError(_("You may not send emails again."))
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=notification_ids)
            .select_related("recipient")
            .order_by("pk")
        )
        count = Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            status=NotificationStatus.PENDING, attempts=0, last_error=""
        )
        for notification in notifications:
            log_action(
                notification,
                "notifications.notification.resent",
                by=by,
                person=notification.recipient,
                data={
                    "template": notification.template,
                    "to": notification.to_email,
                    "from": notification.status,
                    "attempts": notification.attempts,
                },
            )
            enqueue_after_commit(notification_id=notification.pk)
    return count

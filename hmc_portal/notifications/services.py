"""The outbox: queue an email inside the caller's transaction, send it from a worker."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone

from .enums import NotificationStatus
from .models import Notification

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass(frozen=True)
class Attachment:
    filename: str
    mimetype: str
    content: str


def queue_notification(
    *,
    to: User | str,
    template: str,
    key: str,
    context: dict[str, Any] | None = None,
    attachments: list[Attachment] | None = None,
) -> Notification:
    """Write an outbox row and send it after the surrounding transaction commits.

    Call it inside the transaction of the change the email is about: on rollback neither the
    row nor the email exists. A second call with the same `key` returns the first row and
    sends nothing more, which makes reminder scans and retried requests harmless.
    """
    recipient = to if isinstance(to, User) else None
    to_email = to.email if isinstance(to, User) else to
    with transaction.atomic():
        notification, created = Notification.objects.get_or_create(
            dedupe_key=key,
            defaults={
                "recipient": recipient,
                "to_email": to_email,
                "template": template,
                "context": context or {},
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
    from .tasks import task_send_notification

    # A function, not a partial: a robust on_commit logs a failure with its __qualname__.
    def enqueue() -> None:
        task_send_notification.delay(notification_id=notification_id)

    transaction.on_commit(enqueue, robust=True)


def render_notification(notification: Notification) -> tuple[str, str, str]:
    """Subject, text body and HTML body of a notification, from its templates."""
    context = {
        **notification.context,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "recipient_name": (notification.recipient.display_name if notification.recipient else ""),
        # Times in emails are shown in the recipient's zone ({% load email_times %}).
        "recipient_timezone": (
            notification.recipient.timezone if notification.recipient else "UTC"
        ),
    }
    name = notification.template
    subject = render_to_string(f"emails/{name}.subject.txt", context).strip()
    subject = " ".join(subject.split())  # one line, whatever the template's whitespace
    text = render_to_string(f"emails/{name}.txt", context)
    html = render_to_string(f"emails/{name}.html", {**context, "subject": subject})
    return subject, text, html


class DeliveryError(Exception):
    """Sending failed in a way worth retrying (SMTP refusal, connection trouble)."""

    def __init__(self, message: str, *, attempts: int):
        super().__init__(message)
        self.attempts = attempts


def send_notification(*, notification_id: int) -> Notification | None:
    """Claim a pending notification, render it, send it and mark it sent.

    The row is locked with SKIP LOCKED, so two workers (or the sweep and a retry) never send
    it twice; a row that is already sent or held by another worker is left alone (None).
    A delivery failure records the attempt and the error on the row and raises DeliveryError;
    the caller decides whether to retry, see `mark_failed`.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return None
        notification.attempts = F("attempts") + 1
        notification.last_attempt_at = timezone.now()
        try:
            subject, text, html = render_notification(notification)
            message = EmailMultiAlternatives(
                subject=subject,
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.to_email],
            )
            message.attach_alternative(html, "text/html")
            for attachment in notification.attachments:
                message.attach(
                    attachment["filename"], attachment["content"], attachment["mimetype"]
                )
            message.send(fail_silently=False)
        except (OSError, TimeoutError) as exc:  # smtplib.SMTPException is an OSError
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            notification.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            notification.refresh_from_db(fields=["attempts"])
            error = exc
        else:
            notification.status = NotificationStatus.SENT
            notification.subject = subject[:255]
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(
                update_fields=[
                    "attempts",
                    "last_attempt_at",
                    "status",
                    "subject",
                    "sent_at",
                    "last_error",
                ]
            )
            notification.refresh_from_db(fields=["attempts"])
            return notification
    raise DeliveryError(notification.last_error, attempts=notification.attempts) from error


def cancel_pending_notifications(*, keys: list[str]) -> int:
    """Withdraw emails not sent yet that a later change made wrong (the reminder of an
    interview that moved, queued while the broker was down): the worker and the stale sweep
    skip them. Rows already sent or failed are left as they are. Returns how many."""
    return Notification.objects.filter(
        dedupe_key__in=keys, status=NotificationStatus.PENDING
    ).update(status=NotificationStatus.CANCELLED, last_error="Out of date before it was sent.")


def mark_failed(*, notification_id: int) -> None:
    """Give up on a notification after its last attempt; the error stays on the row."""
    Notification.objects.filter(pk=notification_id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.FAILED
    )


def stale_pending_ids(*, now=None) -> list[int]:
    """Pending notifications nobody touched for NOTIFICATION_STALE_AFTER seconds."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_STALE_AFTER)
    return list(
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .annotate(touched=Coalesce("last_attempt_at", "created_at"))
        .filter(Q(touched__lt=cutoff))
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )


def requeue_notifications(*, notification_ids: list[int]) -> int:
    """Send notifications again, whatever their status: staff's "send again" action.

    A failed row gets a fresh set of attempts; a sent one is delivered once more (the
    applicant lost it) and its sent time becomes the new delivery's.
    """
    with transaction.atomic():
        count = Notification.objects.filter(pk__in=notification_ids).update(
            status=NotificationStatus.PENDING, attempts=0, last_error=""
        )
        for pk in notification_ids:
            enqueue_after_commit(notification_id=pk)
    return count

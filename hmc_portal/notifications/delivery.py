"""The outbox, the delivering side: claim a pending row, render it from its templates,
send it, mark it sent; record failures for the task's retries; find rows nobody touched
(the broker was down when they were queued, or a worker died) for the sweep."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hmc_portal.languages import language_or_default

from .enums import NotificationStatus
from .models import Notification

logger = logging.getLogger(__name__)


def render_notification(notification: Notification) -> tuple[str, str, str]:
    """Subject, text body and HTML body of a notification, from its templates, in the
    language it was queued in (English if the portal no longer offers that one)."""
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
    with translation.override(language_or_default(notification.language)):
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

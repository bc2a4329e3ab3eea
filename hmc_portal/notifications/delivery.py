"""The outbox, the delivering side: claim a pending row (committed before SMTP is spoken
to), render it from its templates, send it with its stable Message-ID, mark it sent; record
failures for the task's retries; find rows nobody touched (the broker was down when they were
queued) and rows whose worker died mid-delivery ("maybe sent") for the sweep."""

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

from hmc_portal.audit.services import log_action
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.languages import language_or_default

from . import mailer
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

    def __init__(self, message: str, *, attempts: int, notification_id: int | None = None):
        super().__init__(message)
        self.attempts = attempts
        self.notification_id = notification_id


def claim_notification(*, notification_id: int) -> Notification | None:
    """Record an attempt at a pending notification and commit it before SMTP is spoken to.

    The row becomes `sending` with one more attempt and the attempt's time, in a transaction
    of its own: if the worker then dies mid-delivery, the outbox still says an attempt began
    (and the sweep, past the send task's time limit, knows the email is maybe sent). A row
    that is not pending (sent, being sent, cancelled) or is locked by another worker is left
    alone (None), so two workers never both send it.
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
        notification.status = NotificationStatus.SENDING
        notification.attempts = F("attempts") + 1
        notification.last_attempt_at = timezone.now()
        notification.save(update_fields=["status", "attempts", "last_attempt_at"])
    notification.refresh_from_db(fields=["attempts"])
    return notification


def build_message(notification: Notification) -> EmailMultiAlternatives:
    """The email of a notification, with the Message-ID it keeps on every attempt."""
    subject, text, html = render_notification(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.to_email],
        headers={"Message-ID": notification.message_id},
        reply_to=_reply_to(notification),
    )
    message.attach_alternative(html, "text/html")
    for attachment in notification.attachments:
        message.attach(attachment["filename"], _content(attachment), attachment["mimetype"])
    return message


def _content(attachment: dict) -> str | bytes:
    """An attachment's content: its text, or the bytes of the issued PDF it names."""
    document_id = attachment.get("issued_document")
    if document_id is None:
        return attachment["content"]
    document = IssuedDocument.objects.get(pk=document_id)
    with document.file.open("rb") as handle:
        return handle.read()


def _reply_to(notification: Notification) -> list[str] | None:
    # Replies reach the program office (emails say "reply to this email"), or, for an email
    # to the office about an applicant, the applicant (queue_notification's `reply_to`).
    address = notification.context.get("reply_to") or settings.PROGRAM_OFFICE_EMAIL
    return [address] if address else None


def send_notification(*, notification_id: int) -> Notification | None:
    """Claim a pending notification, render it, send it and mark it sent.

    The claim (`claim_notification`) commits before SMTP is spoken to; the outcome is written
    in a second transaction, and only over a row this attempt still holds (`sending`, this
    attempt's count). A delivery failure puts the row back to pending with the error and
    raises DeliveryError; the caller decides whether to retry, see `mark_failed`. Returns
    None when the row was not pending or another worker holds it.
    """
    notification = claim_notification(notification_id=notification_id)
    if notification is None:
        return None
    mailer.check()
    deliver_claimed(notification)
    notification.refresh_from_db()
    return notification


def deliver_claimed(notification: Notification) -> None:
    """Render and send a row this worker claimed (`sending`, its attempt counted and
    committed) over the process's kept SMTP connection, and write the outcome over the row
    this attempt still holds: sent; pending with the error, raising DeliveryError (worth
    retrying); failed at once for a broken template (its error re-raised)."""
    send_built(notification, build_or_fail(notification))


def _mine(notification: Notification):
    # The row as this attempt holds it: an outcome is written only over that.
    return Notification.objects.filter(
        pk=notification.pk, status=NotificationStatus.SENDING, attempts=notification.attempts
    )


def build_or_fail(notification: Notification) -> EmailMultiAlternatives:
    """The claimed row's email; a broken template does not mend itself, so the row fails at
    once, with the error for staff, and the error is re-raised."""
    try:
        return build_message(notification)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        _mine(notification).update(status=NotificationStatus.FAILED, last_error=error)
        raise


def send_built(notification: Notification, message: EmailMultiAlternatives) -> None:
    """Hand a claimed row's email to the mail server and record the outcome (see
    `deliver_claimed`)."""
    try:
        message.connection = mailer.connection()
        message.send(fail_silently=False)
    except (OSError, TimeoutError) as exc:  # smtplib.SMTPException is an OSError
        mailer.discard()  # the connection's state is unknown: the next email opens another
        error = f"{type(exc).__name__}: {exc}"[:2000]
        _mine(notification).update(status=NotificationStatus.PENDING, last_error=error)
        raise DeliveryError(
            error, attempts=notification.attempts, notification_id=notification.pk
        ) from exc
    except BaseException:
        # Anything else (the soft time limit mid-conversation) leaves the row `sending`:
        # whether the server took the message is unknown, which is what the sweep's "maybe
        # sent" is for. The connection, interrupted mid-conversation, cannot serve again.
        mailer.discard()
        raise
    _mine(notification).update(
        status=NotificationStatus.SENT,
        subject=message.subject[:255],
        sent_at=timezone.now(),
        last_error="",
    )


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


def recover_interrupted(*, now=None) -> list[int]:
    """Rows still `sending` past the send task's time limit: their worker died (or was killed
    by the limit) between claiming them and recording the outcome, so the email may or may
    not have reached the mail server. Each goes back to pending, flagged `maybe_sent`, to be
    sent again with the same Message-ID, which lets the receiver drop a second copy. Logs
    `notifications.notification.interrupted` for each; returns their ids."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.NOTIFICATION_SEND_TIME_LIMIT)
    with transaction.atomic():
        interrupted = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(status=NotificationStatus.SENDING, last_attempt_at__lt=cutoff)
            .order_by("last_attempt_at")[:500]
        )
        Notification.objects.filter(pk__in=[n.pk for n in interrupted]).update(
            status=NotificationStatus.PENDING, maybe_sent=True
        )
        for notification in interrupted:
            log_action(
                notification,
                "notifications.notification.interrupted",
                by=None,
                person=notification.recipient,
                data={
                    "template": notification.template,
                    "to": notification.to_email,
                    "attempts": notification.attempts,
                    "last_attempt_at": notification.last_attempt_at,
                    "message_id": notification.message_id,
                },
            )
    if interrupted:
        logger.warning(
            "%s notifications were interrupted while sending; sending them again",
            len(interrupted),
        )
    return [n.pk for n in interrupted]

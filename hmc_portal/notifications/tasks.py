import logging

from celery import shared_task
from django.conf import settings

from . import delivery

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="notifications.send",
    max_retries=None,
    acks_late=True,
    # The sweep calls a row `sending` for longer than this "maybe sent": the limit guarantees
    # that no live attempt is that old.
    time_limit=settings.NOTIFICATION_SEND_TIME_LIMIT,
    soft_time_limit=max(1, settings.NOTIFICATION_SEND_TIME_LIMIT * 2 // 3),
)
def task_send_notification(self, *, notification_id: int) -> None:
    """Send one outbox row; on SMTP or connection trouble retry with exponential back-off,
    and after NOTIFICATION_MAX_ATTEMPTS attempts leave the row `failed` with its error."""
    try:
        delivery.send_notification(notification_id=notification_id)
    except delivery.DeliveryError as exc:
        if exc.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            logger.error("notification %s failed for good: %s", notification_id, exc)
            delivery.mark_failed(notification_id=notification_id)
            return
        countdown = settings.NOTIFICATION_RETRY_BACKOFF * 2 ** (exc.attempts - 1)
        logger.warning(
            "notification %s: attempt %s failed, retrying in %ss: %s",
            notification_id,
            exc.attempts,
            countdown,
            exc,
        )
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="notifications.resend_stale")
def task_resend_stale_notifications() -> int:
    """Re-enqueue pending notifications that nobody touched for two minutes (the broker was
    down when their transaction committed), and those left `sending` past the send task's
    time limit (a worker died mid-delivery: flagged maybe sent, sent again with the same
    Message-ID); returns how many."""
    interrupted = delivery.recover_interrupted()
    ids = list(dict.fromkeys([*interrupted, *delivery.stale_pending_ids()]))
    for notification_id in ids:
        task_send_notification.delay(notification_id=notification_id)
    if ids:
        logger.info("re-sent %s stale notifications", len(ids))
    return len(ids)

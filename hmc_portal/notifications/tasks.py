import logging

from celery import shared_task
from celery.signals import worker_process_shutdown, worker_shutdown
from django.conf import settings

from . import batch, delivery, mailer

logger = logging.getLogger(__name__)

EMAIL_TASKS = frozenset({"notifications.send"})


def route_task(name, args, kwargs, options, task=None, **kw):
    """Celery's router (CELERY_TASK_ROUTES): the send tasks go to NOTIFICATION_QUEUE when it
    is set, for a worker of their own; every other task to the default queue."""
    if name in EMAIL_TASKS and settings.NOTIFICATION_QUEUE:
        return {"queue": settings.NOTIFICATION_QUEUE}
    return None


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
    """Send one outbox row, and with it a batch of other pending rows nobody has tried yet
    (batch.py, NOTIFICATION_BATCH_SIZE); on SMTP or connection trouble retry each with
    exponential back-off, and after NOTIFICATION_MAX_ATTEMPTS attempts leave it `failed`
    with its error."""
    outcome = batch.send_batch(notification_id=notification_id)
    own = None
    for failure in outcome.failed:
        if failure.notification_id == notification_id:
            own = failure
        else:
            _retry_later(failure)
    if outcome.released:  # the batch ran out of time: the next task takes the rest
        task_send_notification.delay(notification_id=outcome.released[0])
    if notification_id in outcome.broken:
        raise outcome.broken[notification_id]
    if own is None:
        return
    if own.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        logger.error("notification %s failed for good: %s", notification_id, own)
        delivery.mark_failed(notification_id=notification_id)
        return
    countdown = _backoff(own.attempts)
    logger.warning(
        "notification %s: attempt %s failed, retrying in %ss: %s",
        notification_id,
        own.attempts,
        countdown,
        own,
    )
    raise self.retry(exc=own, countdown=countdown) from own


def _backoff(attempts: int) -> int:
    return settings.NOTIFICATION_RETRY_BACKOFF * 2 ** (attempts - 1)


def _retry_later(failure: delivery.DeliveryError) -> None:
    """A row of the batch other than the task's own failed: its retry is a task of its own,
    with the same back-off and the same last attempt."""
    notification_id = failure.notification_id
    if failure.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        logger.error("notification %s failed for good: %s", notification_id, failure)
        delivery.mark_failed(notification_id=notification_id)
        return
    countdown = _backoff(failure.attempts)
    logger.warning(
        "notification %s: attempt %s failed, retrying in %ss: %s",
        notification_id,
        failure.attempts,
        countdown,
        failure,
    )
    task_send_notification.apply_async(
        kwargs={"notification_id": notification_id}, countdown=countdown
    )


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


@worker_process_shutdown.connect
@worker_shutdown.connect
def close_smtp_connection(**kwargs) -> None:
    """A stopping worker process says QUIT on its kept SMTP connection (mailer.py)."""
    mailer.close()

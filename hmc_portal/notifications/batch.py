"""Sending the outbox in batches: how a worker keeps up with a burst.

A send task claims its own row and up to NOTIFICATION_BATCH_SIZE - 1 other pending rows
nobody has tried yet, all in one short transaction (`SELECT ... FOR UPDATE SKIP LOCKED`,
so two workers never claim the same row), marks them `sending` with one more attempt and
commits; then it sends them one after the other over the process's kept SMTP connection
(mailer.py), writing each outcome as soon as it is known, exactly as for a single row
(delivery.py): the claim is committed before SMTP is spoken to, a row stays `sending` only
while an attempt is live, and the stale sweep's "maybe sent" still covers a worker that dies.

The task messages of the rows a batch took along find them claimed and do nothing. Rows
waiting for a retry (attempted before) are left to their own task, which keeps their
back-off. A batch stops taking new rows once a third of the send task's time limit has
passed, well before the soft limit: the rows it has not begun go back to pending, untried,
for the next task. Rows not begun when the task is interrupted (the soft time limit) go back
to pending too; only a worker killed outright leaves them `sending`, for the sweep to send
again as "maybe sent" with the same Message-ID.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import mailer
from .delivery import DeliveryError, build_or_fail, send_built
from .enums import NotificationStatus
from .models import Notification

logger = logging.getLogger(__name__)


@dataclass
class BatchOutcome:
    """What a batch did: the rows sent, the deliveries that failed (to retry), the rows
    with a broken template (failed for good) and the rows given back untried."""

    sent: list[int] = field(default_factory=list)
    failed: list[DeliveryError] = field(default_factory=list)
    broken: dict[int, Exception] = field(default_factory=dict)
    released: list[int] = field(default_factory=list)


def claim_batch(*, notification_id: int | None, size: int) -> list[Notification]:
    """Claim the row `notification_id` if it is pending, and up to `size - 1` other pending
    rows never tried yet (`size` when no row is named), oldest first, skipping rows another
    worker holds; mark them all `sending` with one more attempt, and commit before returning
    them."""
    now = timezone.now()
    with transaction.atomic():
        locked = Notification.objects.select_for_update(skip_locked=True, of=("self",))
        locked = locked.select_related("recipient")
        claimed = []
        if notification_id is not None:
            claimed = list(locked.filter(pk=notification_id, status=NotificationStatus.PENDING))
        # A slot stays for the task's own row even when another worker has it.
        others = size - 1 if notification_id is not None else size
        if others > 0:
            claimed += list(
                locked.filter(status=NotificationStatus.PENDING, attempts=0)
                .exclude(pk=notification_id)
                .order_by("created_at", "pk")[:others]
            )
        if not claimed:
            return []
        Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(
            status=NotificationStatus.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
        )
    for notification in claimed:
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.last_attempt_at = now
    return claimed


def release(notifications: list[Notification]) -> list[int]:
    """Give claimed rows this worker has not begun to send back to pending, their attempt
    not counted; returns their ids."""
    if not notifications:
        return []
    held = reduce(or_, (Q(pk=n.pk, attempts=n.attempts) for n in notifications), Q(pk__in=[]))
    Notification.objects.filter(held, status=NotificationStatus.SENDING).update(
        status=NotificationStatus.PENDING, attempts=F("attempts") - 1
    )
    return [n.pk for n in notifications]


def send_batch(*, notification_id: int | None, size: int | None = None) -> BatchOutcome:
    """Claim a batch (`claim_batch`) and send each of its rows; see the module docstring."""
    size = size or settings.NOTIFICATION_BATCH_SIZE
    outcome = BatchOutcome()
    waiting = claim_batch(notification_id=notification_id, size=size)
    if not waiting:
        return outcome
    mailer.check()
    stop_at = time.monotonic() + settings.NOTIFICATION_SEND_TIME_LIMIT / 3
    try:
        while waiting and time.monotonic() < stop_at:
            notification = waiting.pop(0)
            try:
                message = build_or_fail(notification)
            except Exception as exc:  # noqa: BLE001 - the row is failed with its error
                logger.exception("notification %s cannot be built", notification.pk)
                outcome.broken[notification.pk] = exc
                continue
            try:
                send_built(notification, message)
            except DeliveryError as exc:
                outcome.failed.append(exc)
            else:
                outcome.sent.append(notification.pk)
    finally:
        outcome.released = release(waiting)
    return outcome

"""The outbox end to end: a real Celery worker process, the real Redis broker, a real SMTP
server. Rows must be committed for the worker to see them, hence transaction=True."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.notifications.tasks import task_resend_stale_notifications
from tests.factories import UserFactory
from tests.support.smtp import SmtpServer, parts
from tests.support.worker import WorkerProcess, run_with_broker_down

NOTIFICATION_STALE_AFTER = settings.NOTIFICATION_STALE_AFTER

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def wait_for_status(pk: int, status: str, timeout: float = 30) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification = Notification.objects.get(pk=pk)
        if notification.status == status:
            return notification
        time.sleep(0.1)
    raise AssertionError(f"notification {pk} stayed {notification.status}")


def test_worker_sends_a_queued_notification_over_smtp(broker_queue):
    user = UserFactory(first_name="Rahul", last_name="Sharma", email="rahul@example.com")
    with SmtpServer() as smtp, WorkerProcess(email_url=smtp.url) as worker:
        broker_queue(worker.queue)
        with transaction.atomic():
            notification = queue_notification(
                to=user,
                template="test_message",
                key="e2e:1",
                context={"headline": "Submitted", "body": "We received your application."},
            )

        received = smtp.handler.wait_for(1)
        sent = wait_for_status(notification.pk, NotificationStatus.SENT)

    assert len(received) == 1
    assert received[0]["To"] == "rahul@example.com"
    assert received[0]["Subject"] == "Test message: Submitted"
    bodies = parts(received[0])
    assert bodies["text/plain"].strip() == "Submitted\n\nWe received your application."
    assert "<h1>Submitted</h1>" in bodies["text/html"]
    assert sent.attempts == 1


def test_notification_queued_while_no_worker_runs_is_sent_by_the_sweep(broker_queue):
    """The broker took the message but nobody consumed it (or it was lost): the beat sweep
    finds the row still pending and a worker sends it once."""
    from datetime import timedelta

    from django.utils import timezone

    from hmc_portal.notifications.tasks import task_resend_stale_notifications

    user = UserFactory()
    broker_queue("nobody-listens-here")
    with transaction.atomic():
        notification = queue_notification(
            to=user,
            template="test_message",
            key="e2e:2",
            context={"headline": "Later", "body": "Sent by the sweep."},
        )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )

    with SmtpServer() as smtp, WorkerProcess(email_url=smtp.url) as worker:
        broker_queue(worker.queue)
        assert task_resend_stale_notifications.delay().id  # the sweep itself runs on the worker
        received = smtp.handler.wait_for(1)
        wait_for_status(notification.pk, NotificationStatus.SENT)

    assert [m["Subject"] for m in received] == ["Test message: Later"]


QUEUE_WITH_BROKER_DOWN = """
import django
django.setup()
from django.db import transaction
from hmc_portal.notifications.outbox import queue_notification
with transaction.atomic():
    row = queue_notification(to="omar@example.com", template="test_message", key="down:1",
                             context={"headline": "Offer", "body": "Waiting for you."})
print(row.pk)
"""


def test_an_email_queued_while_the_broker_is_down_is_sent_by_the_sweep(broker_queue):
    # A web process commits a change while Redis is down: it must not fail, and the row waits.
    result = run_with_broker_down(QUEUE_WITH_BROKER_DOWN)
    assert result.returncode == 0, result.stderr
    notification = Notification.objects.get(pk=int(result.stdout.split()[-1]))
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 0

    # Redis is back and two minutes have passed: the periodic sweep hands it to a worker.
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(seconds=NOTIFICATION_STALE_AFTER + 1)
    )
    with SmtpServer() as smtp, WorkerProcess(email_url=smtp.url) as worker:
        broker_queue(worker.queue)
        assert task_resend_stale_notifications() == 1
        sent = wait_for_status(notification.pk, NotificationStatus.SENT)
        received = smtp.handler.wait_for(1)

    assert sent.attempts == 1
    assert [message["To"] for message in received] == ["omar@example.com"]


def test_a_worker_killed_while_sending_is_retried_once_with_the_same_message_id(
    broker_queue, settings
):
    """The relay has the message but the worker dies (kill -9) before it hears "250" and
    records the result. The attempt was recorded before SMTP was spoken to, so once the send
    task's time limit has passed the sweep knows the row is "maybe sent", sends it again with
    the same Message-ID (the receiver de-duplicates on it) and the outbox shows the doubt."""
    settings.NOTIFICATION_SEND_TIME_LIMIT = 2
    amina = UserFactory(email="amina@example.com")
    omar = UserFactory(email="omar@example.com")

    with SmtpServer(hold_first=1) as smtp:
        with WorkerProcess(email_url=smtp.url) as worker:
            broker_queue(worker.queue)
            with transaction.atomic():
                for user in (amina, omar):
                    queue_notification(
                        to=user,
                        template="test_message",
                        key=f"crash:{user.pk}",
                        context={"headline": "Offer", "body": "Your place is waiting."},
                    )
            held_copy = smtp.handler.wait_for(1)[0]  # received, not yet answered
            worker.kill()
        smtp.handler.release()
        # Both were queued three minutes ago; the send task's time limit passes.
        Notification.objects.update(created_at=timezone.now() - timedelta(minutes=3))
        time.sleep(settings.NOTIFICATION_SEND_TIME_LIMIT + 0.5)

        with WorkerProcess(email_url=smtp.url, queue=worker.queue):
            task_resend_stale_notifications()
            received = smtp.handler.wait_for(3)
            held = wait_for_status(
                Notification.objects.get(to_email=held_copy["To"]).pk, NotificationStatus.SENT
            )
            other = wait_for_status(
                Notification.objects.exclude(pk=held.pk).get().pk, NotificationStatus.SENT
            )
            time.sleep(0.5)  # room for a wrong fourth copy to arrive

    assert sorted(m["To"] for m in smtp.handler.messages) == sorted(
        [held.to_email, held.to_email, other.to_email]
    )
    assert (held.attempts, other.attempts) == (2, 1)
    assert (held.maybe_sent, other.maybe_sent) == (True, False)
    held_ids = [m["Message-ID"] for m in received if m["To"] == held.to_email]
    other_ids = [m["Message-ID"] for m in received if m["To"] == other.to_email]
    assert held_ids == [held.message_id, held.message_id]
    assert other_ids == [other.message_id]
    assert held.message_id != other.message_id

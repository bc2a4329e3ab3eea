"""Scale-out: two web servers (gunicorn as the image runs it) and two Celery worker processes
on one database and one Redis, and two beat processes started by mistake, each sending the
reminder scan and the outbox sweep every half second. A burst of emails, password resets
asked for on both web servers, and a set of due interview reminders must each reach the
SMTP server exactly once, counted by Message-ID, over a few kept connections that the
worker processes close when they stop. One test: real processes are slow to start."""

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from applications.models import Interview
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import queue_notification
from tests.factories import InterviewFactory, UserFactory
from tests.support.smtp import SmtpServer
from tests.support.web import Visitor, web_process
from tests.support.worker import BeatProcess, WorkerProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

BURST = 200
RESETS = 20  # asked for on the two web servers in turn
INTERVIEWS = 6
SCANS = ["applications.scan_interview_reminders", "notifications.resend_stale"]


def wait_until(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_two_workers_and_two_beats_deliver_every_email_and_reminder_exactly_once(broker_queue):
    users = UserFactory.create_batch(10)
    resetting = UserFactory.create_batch(RESETS)
    # Interviews 23 hours ahead, scheduled two days ago: each 24-hour reminder is due.
    interviews = InterviewFactory.create_batch(
        INTERVIEWS, starts_at=timezone.now() + timedelta(hours=23)
    )
    Interview.objects.update(updated_at=timezone.now() - timedelta(days=2))
    env = {"NOTIFICATION_BATCH_SIZE": "20"}

    with (
        SmtpServer() as smtp,
        WorkerProcess(email_url=smtp.url, extra_env=env, pool="prefork", concurrency=2) as one,
        WorkerProcess(
            email_url=smtp.url, extra_env=env, queue=one.queue, pool="prefork", concurrency=2
        ),
        BeatProcess(queue=one.queue, tasks=SCANS) as beat_a,
        BeatProcess(queue=one.queue, tasks=SCANS) as beat_b,
        web_process(queue=one.queue) as web_a,
        web_process(queue=one.queue) as web_b,
    ):
        broker_queue(one.queue)
        visitors = [Visitor(web_a), Visitor(web_b)]
        for i, user in enumerate(resetting):
            status = visitors[i % 2].post_form("/accounts/password-reset/", {"email": user.email})
            assert status == 200  # the "check your email" page, after the redirect
        for i in range(BURST):
            with transaction.atomic():
                queue_notification(
                    to=users[i % len(users)],
                    template="test_message",
                    key=f"burst:{i}",
                    context={"headline": f"Burst {i}", "body": "Sent once."},
                )
        smtp.handler.wait_for(BURST + RESETS + INTERVIEWS, timeout=120)
        # Both beats go on sending the scans and the sweep: none may send anything more.
        sent_a, sent_b = beat_a.sent(), beat_b.sent()
        wait_until(lambda: beat_a.sent() >= sent_a + 6 and beat_b.sent() >= sent_b + 6)
        wait_until(
            lambda: not Notification.objects.exclude(status=NotificationStatus.SENT).exists()
        )
        time.sleep(1)  # the scans those beats sent last have run
        received = list(smtp.handler.messages)
        connections = smtp.connections()
    # The workers stopped before the SMTP server: each process closed its kept connection.
    assert smtp.handler.quits == connections

    rows = list(Notification.objects.all())
    assert len(rows) == BURST + RESETS + INTERVIEWS
    assert Counter(m["Message-ID"] for m in received) == Counter(n.message_id for n in rows)
    assert {n.status for n in rows} == {NotificationStatus.SENT}
    assert {n.attempts for n in rows} == {1}
    reminders = sorted(n.dedupe_key for n in rows if n.template == "interview_reminder")
    assert reminders == sorted(f"interview:{i.pk}:24h:s{i.sequence}" for i in interviews)
    # Each reset asked for on either web server: one email to that person, no more.
    resets = Counter(n.to_email for n in rows if n.template == "account_password_reset")
    assert resets == Counter(user.email for user in resetting)
    # Kept connections: a few per worker process, never one per email.
    assert connections <= 8

"""Sending the outbox in batches (hmc_portal/notifications/batch.py) over one kept SMTP
connection per worker process (mailer.py), against a real PostgreSQL and a real SMTP server."""

import pytest

from hmc_portal.notifications import batch, mailer
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.tasks import route_task
from tests.factories import NotificationFactory
from tests.support.concurrency import all_at_once


@pytest.fixture(autouse=True)
def fresh_connection():
    """Each test starts without a kept connection and leaves none behind."""
    mailer.discard()
    yield
    mailer.discard()


@pytest.mark.django_db(transaction=True)
def test_two_claimers_at_once_never_claim_the_same_row():
    rows = NotificationFactory.create_batch(30)
    claims: list[list[int]] = []

    def claim(_):
        claims.append([n.pk for n in batch.claim_batch(notification_id=None, size=10)])

    assert all_at_once(claim, range(4)) == []

    claimed = [pk for ids in claims for pk in ids]
    assert sorted(claimed) == sorted(row.pk for row in rows)  # each row once, none left out
    assert max(len(ids) for ids in claims) == 10
    assert set(Notification.objects.values_list("status", "attempts")) == {
        (NotificationStatus.SENDING, 1)
    }


@pytest.mark.django_db
def test_a_batch_takes_its_own_row_and_untried_pending_rows_only():
    own = NotificationFactory(attempts=2, last_error="451 Try again later")  # a retry
    waiting_retry = NotificationFactory(attempts=1)  # keeps its own task's back-off
    untried = NotificationFactory.create_batch(3)
    NotificationFactory(status=NotificationStatus.CANCELLED)
    NotificationFactory(status=NotificationStatus.SENT, attempts=1)

    claimed = batch.claim_batch(notification_id=own.pk, size=3)

    assert [n.pk for n in claimed] == [own.pk, untried[0].pk, untried[1].pk]
    assert [n.attempts for n in claimed] == [3, 1, 1]
    waiting_retry.refresh_from_db()
    assert (waiting_retry.status, waiting_retry.attempts) == (NotificationStatus.PENDING, 1)


@pytest.mark.django_db
def test_a_batch_sends_every_row_over_one_connection_kept_for_the_next(smtp_server):
    first = NotificationFactory.create_batch(5)
    outcome = batch.send_batch(notification_id=first[0].pk, size=10)
    later = NotificationFactory.create_batch(3)
    again = batch.send_batch(notification_id=later[0].pk, size=10)

    assert sorted(outcome.sent + again.sent) == sorted(n.pk for n in first + later)
    assert len(smtp_server.handler.messages) == 8
    assert smtp_server.connections() == 1
    assert set(Notification.objects.values_list("status", "attempts")) == {
        (NotificationStatus.SENT, 1)
    }
    ids = sorted(m["Message-ID"] for m in smtp_server.handler.messages)
    assert ids == sorted(n.message_id for n in first + later)


@pytest.mark.django_db
def test_a_connection_the_server_dropped_is_opened_again_before_the_next_email(smtp_server):
    before = NotificationFactory()
    batch.send_batch(notification_id=before.pk)
    smtp_server.restart()  # the kept connection is gone
    after = NotificationFactory()

    outcome = batch.send_batch(notification_id=after.pk)

    assert outcome.sent == [after.pk] and outcome.failed == []
    after.refresh_from_db()
    assert (after.status, after.attempts, after.last_error) == (NotificationStatus.SENT, 1, "")
    assert [m["Message-ID"] for m in smtp_server.handler.messages] == [
        before.message_id,
        after.message_id,
    ]
    assert smtp_server.connections() == 2


@pytest.mark.django_db
def test_a_stopping_process_says_quit_and_a_failed_send_only_drops_the_connection(smtp_server):
    batch.send_batch(notification_id=NotificationFactory().pk)
    mailer.discard()  # what a failed send does: no QUIT into a conversation gone wrong
    batch.send_batch(notification_id=NotificationFactory().pk)
    mailer.close()  # what the worker's shutdown signal does

    assert len(smtp_server.handler.messages) == 2
    assert smtp_server.connections() == 2
    assert smtp_server.handler.quits == 1


@pytest.mark.django_db
def test_a_refused_row_of_a_batch_waits_for_its_retry_and_the_rest_are_sent(settings):
    from tests.support.smtp import SmtpServer

    rows = NotificationFactory.create_batch(3)
    with SmtpServer(refuse_first=1) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        outcome = batch.send_batch(notification_id=rows[0].pk, size=3)

    assert [(f.notification_id, f.attempts) for f in outcome.failed] == [(rows[0].pk, 1)]
    assert outcome.sent == [rows[1].pk, rows[2].pk]
    statuses = dict(Notification.objects.values_list("pk", "status"))
    assert statuses == {
        rows[0].pk: NotificationStatus.PENDING,
        rows[1].pk: NotificationStatus.SENT,
        rows[2].pk: NotificationStatus.SENT,
    }
    assert len(server.handler.messages) == 2


@pytest.mark.django_db
def test_a_broken_template_fails_its_row_and_the_batch_goes_on(smtp_server):
    broken = NotificationFactory(template="no_such_template")
    fine = NotificationFactory()

    outcome = batch.send_batch(notification_id=broken.pk, size=2)

    assert list(outcome.broken) == [broken.pk]
    assert outcome.sent == [fine.pk]
    broken.refresh_from_db()
    assert broken.status == NotificationStatus.FAILED
    assert "TemplateDoesNotExist" in broken.last_error


@pytest.mark.django_db
def test_rows_a_batch_had_no_time_for_go_back_to_pending_untried(smtp_server, settings):
    settings.NOTIFICATION_SEND_TIME_LIMIT = 0  # the batch's time is up before its first row
    rows = NotificationFactory.create_batch(3)

    outcome = batch.send_batch(notification_id=rows[0].pk, size=3)

    assert outcome.sent == [] and outcome.released == [n.pk for n in rows]
    assert set(Notification.objects.values_list("status", "attempts")) == {
        (NotificationStatus.PENDING, 0)
    }
    assert smtp_server.handler.messages == []


def test_send_tasks_go_to_the_email_queue_only_when_one_is_set(settings):
    from hmc_portal.celery import app as celery_app

    def queue_of(name: str) -> str:  # where Celery's own router (CELERY_TASK_ROUTES) puts it
        return celery_app.amqp.router.route({}, name, args=(), kwargs={})["queue"].name

    settings.NOTIFICATION_QUEUE = ""
    assert route_task("notifications.send", (), {}, {}) is None
    assert queue_of("notifications.send") == celery_app.conf.task_default_queue
    settings.NOTIFICATION_QUEUE = "email"
    assert queue_of("notifications.send") == "email"
    assert queue_of("notifications.resend_stale") == celery_app.conf.task_default_queue
    assert queue_of("applications.scan_interview_reminders") != "email"


def test_email_templates_are_compiled_once_per_process():
    """No `loaders` in the settings: Django's cached loader keeps every compiled template,
    so a worker parses an email's three templates once, not for every email."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    engine = engines["django"].engine
    (loader,) = engine.template_loaders
    assert isinstance(loader, Loader)
    name = "emails/test_message.html"
    assert loader.get_template(name) is loader.get_template(name)

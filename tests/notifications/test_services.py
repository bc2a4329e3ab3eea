from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from hmc_portal.audit.models import ActivityLog
from hmc_portal.celery import app as celery_app
from hmc_portal.notifications.delivery import DeliveryError, send_notification, stale_pending_ids
from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import Attachment, queue_notification
from hmc_portal.notifications.tasks import task_resend_stale_notifications
from tests.factories import NotificationFactory, UserFactory
from tests.support.smtp import SmtpServer, parts

pytestmark = pytest.mark.django_db

CONTEXT = {"headline": "Your application", "body": "It arrived."}


def test_queue_notification_sends_nothing_before_commit(django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Amina", last_name="Yusuf")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_notification(to=user, template="test_message", key="k:1", context=CONTEXT)
        assert mail.outbox == []

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Test message: Your application"
    assert message.body.strip() == "Your application\n\nIt arrived."
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h1>Your application</h1>" in html
    notification = Notification.objects.get(dedupe_key="k:1")
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert notification.subject == "Test message: Your application"


def test_queue_notification_on_rollback_leaves_no_row_and_no_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_notification(to=user, template="test_message", key="k:2", context=CONTEXT)
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_queue_notification_twice_with_one_key_makes_one_row_and_one_email(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_notification(to=user, template="test_message", key="k:3", context=CONTEXT)
        second = queue_notification(to=user, template="test_message", key="k:3", context=CONTEXT)

    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_queue_notification_to_a_bare_address_with_an_attachment(
    django_capture_on_commit_callbacks,
):
    ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(
            to="someone@example.org",
            template="test_message",
            key="k:4",
            context=CONTEXT,
            attachments=[Attachment("invite.ics", "text/calendar", ics)],
        )

    message = mail.outbox[0]
    assert message.to == ["someone@example.org"]
    assert message.attachments == [("invite.ics", ics, "text/calendar")]


def test_stale_pending_notification_is_sent_by_the_sweep():
    stale = NotificationFactory()
    fresh = NotificationFactory()
    Notification.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=3)
    )

    assert stale_pending_ids() == [stale.pk]
    assert task_resend_stale_notifications() == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == NotificationStatus.SENT
    assert fresh.status == NotificationStatus.PENDING
    assert [m.to for m in mail.outbox] == [[stale.to_email]]


def test_sweep_leaves_a_recently_attempted_notification_alone():
    retrying = NotificationFactory(last_attempt_at=timezone.now() - timedelta(seconds=30))
    Notification.objects.filter(pk=retrying.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )

    assert stale_pending_ids() == []


def test_sent_notification_is_not_sent_again_by_the_sweep():
    sent = NotificationFactory(status=NotificationStatus.SENT)
    Notification.objects.filter(pk=sent.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert task_resend_stale_notifications() == 0
    assert mail.outbox == []


@pytest.fixture
def eager_retries():
    """Run retries in-process: with propagation on, Celery would raise the first Retry."""
    previous = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = previous


def test_smtp_refusing_twice_then_accepting_delivers_exactly_one_email(
    settings, django_capture_on_commit_callbacks, eager_retries
):
    with SmtpServer(refuse_first=2) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        user = UserFactory()

        with django_capture_on_commit_callbacks(execute=True):
            queue_notification(to=user, template="test_message", key="k:5", context=CONTEXT)

        received = server.handler.wait_for(1)

    assert server.handler.refused == 2
    assert len(received) == 1
    assert received[0]["To"] == user.email
    assert set(parts(received[0])) == {"text/plain", "text/html"}
    notification = Notification.objects.get(dedupe_key="k:5")
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 3


def test_smtp_refusing_every_attempt_leaves_the_row_failed_with_the_error(
    settings, django_capture_on_commit_callbacks, eager_retries
):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    with SmtpServer(refuse_first=99) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port

        with django_capture_on_commit_callbacks(execute=True):
            queue_notification(
                to=UserFactory(), template="test_message", key="k:6", context=CONTEXT
            )

    notification = Notification.objects.get(dedupe_key="k:6")
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 3
    assert "451" in notification.last_error
    assert server.handler.messages == []


def test_every_attempt_carries_the_notifications_own_message_id(settings):
    settings.DEFAULT_FROM_EMAIL = "HMC Observerships <noreply@observerships.example>"
    notification = NotificationFactory()

    send_notification(notification_id=notification.pk)

    expected = f"<notification-{notification.message_uuid}@observerships.example>"
    assert notification.message_id == expected
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [expected]
    assert mail.outbox[0].message()["Message-ID"] == expected


def test_message_id_domain_comes_from_its_setting_when_set(settings):
    settings.NOTIFICATION_MESSAGE_ID_DOMAIN = "mail.hmc.example"
    notification = NotificationFactory()

    assert notification.message_id == f"<notification-{notification.message_uuid}@mail.hmc.example>"


def test_a_refused_attempt_is_recorded_and_the_row_waits_for_its_retry(settings):
    notification = NotificationFactory()
    with SmtpServer(refuse_first=1) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        with pytest.raises(DeliveryError):
            send_notification(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.PENDING
    assert notification.attempts == 1
    assert notification.last_attempt_at is not None
    assert "451" in notification.last_error


def test_a_broken_template_fails_the_row_at_once_with_its_error():
    notification = NotificationFactory(template="no_such_template")

    with pytest.raises(Exception, match="no_such_template"):
        send_notification(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert "TemplateDoesNotExist" in notification.last_error
    assert mail.outbox == []


def test_a_row_being_sent_is_not_claimed_again():
    sending = NotificationFactory(
        status=NotificationStatus.SENDING, attempts=1, last_attempt_at=timezone.now()
    )

    assert send_notification(notification_id=sending.pk) is None
    assert task_resend_stale_notifications() == 0
    sending.refresh_from_db()
    assert (sending.status, sending.attempts, sending.maybe_sent) == ("sending", 1, False)
    assert mail.outbox == []


def test_sweep_sends_a_row_stuck_sending_past_the_time_limit_again_as_maybe_sent(settings):
    settings.NOTIFICATION_SEND_TIME_LIMIT = 90
    stuck = NotificationFactory(
        status=NotificationStatus.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - timedelta(seconds=91),
    )
    live = NotificationFactory(
        status=NotificationStatus.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - timedelta(seconds=30),
    )

    assert task_resend_stale_notifications() == 1

    stuck.refresh_from_db()
    live.refresh_from_db()
    assert (stuck.status, stuck.attempts, stuck.maybe_sent) == ("sent", 2, True)
    assert (live.status, live.attempts, live.maybe_sent) == ("sending", 1, False)
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [stuck.message_id]
    log = ActivityLog.objects.get(verb="notifications.notification.interrupted")
    assert log.target == stuck
    assert log.actor is None
    assert log.data["attempts"] == 1
    assert log.data["message_id"] == stuck.message_id


def test_an_email_comes_from_the_program_by_name_and_replies_reach_the_office(smtp_server):
    """The sender a mail program shows is the program's name, not a bare no-reply address."""
    send_notification(notification_id=NotificationFactory().pk)

    (received,) = smtp_server.handler.messages
    assert received["From"] == "Houston Medical Clerkship <no-reply@localhost>"
    assert received["Reply-To"] == "office@hmc.test"

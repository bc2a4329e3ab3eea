import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from hmc_portal.notifications.enums import NotificationStatus
from tests.factories import NotificationFactory, StaffFactory

pytestmark = pytest.mark.django_db


def outbox_viewer(*codenames: str):
    staff = StaffFactory()
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)
    )
    return staff


def test_outbox_lists_notifications_read_only(client):
    NotificationFactory(
        to_email="amina@example.com",
        status=NotificationStatus.FAILED,
        last_error="SMTPDataError: 451",
    )
    client.force_login(outbox_viewer("view_notification"))

    response = client.get("/admin/notifications/notification/?status__exact=failed")

    html = response.content.decode()
    assert response.status_code == 200
    assert "amina@example.com" in html
    assert "Add notification" not in html
    assert client.get("/admin/notifications/notification/add/").status_code == 403


def test_outbox_changelist_query_count_does_not_grow(client):
    client.force_login(outbox_viewer("view_notification"))
    NotificationFactory()
    with CaptureQueriesContext(connection) as one:
        client.get("/admin/notifications/notification/")
    NotificationFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/notifications/notification/")

    assert len(many.captured_queries) == len(one.captured_queries)


def test_outbox_list_reads_neither_the_context_nor_the_attachments(client):
    NotificationFactory(context={"name": "Amina"})
    client.force_login(outbox_viewer("view_notification"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/notifications/notification/")

    assert response.status_code == 200
    rows = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "notifications_notification"' in q["sql"]
    ]
    listing = [sql for sql in rows if "ORDER BY" in sql]
    assert listing, rows
    for column in ('"context"', '"attachments"', '"last_error"'):
        assert all(column not in sql for sql in listing), column


def test_send_again_resends_a_failed_email(client, django_capture_on_commit_callbacks):
    failed = NotificationFactory(status=NotificationStatus.FAILED, attempts=5, last_error="451")
    client.force_login(outbox_viewer("view_notification", "resend_notification"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/notification/",
            {"action": "send_again", "_selected_action": [failed.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    assert "1 email queued to be sent again." in response.content.decode()
    assert failed.status == NotificationStatus.SENT
    assert failed.attempts == 1
    assert [m.to for m in mail.outbox] == [[failed.to_email]]


def test_send_again_needs_its_own_permission(client):
    client.force_login(outbox_viewer("view_notification"))

    html = client.get("/admin/notifications/notification/").content.decode()

    assert "send_again" not in html


def test_outbox_shows_the_doubt_and_the_attempt_history_and_staff_can_send_again(
    client, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    doubtful = NotificationFactory(
        to_email="maybe@example.com",
        status=NotificationStatus.FAILED,
        maybe_sent=True,
        attempts=2,
        last_attempt_at=timezone.now(),
    )
    NotificationFactory(to_email="surely@example.com", status=NotificationStatus.SENT)
    client.force_login(outbox_viewer("view_notification", "resend_notification"))

    listing = client.get("/admin/notifications/notification/?maybe_sent__exact=1")
    detail = client.get(f"/admin/notifications/notification/{doubtful.pk}/change/")

    html = listing.content.decode()
    assert "maybe sent (worker stopped while sending)" in html
    assert "maybe@example.com" in html
    assert "surely@example.com" not in html
    assert "Last attempt" in html
    assert escape(doubtful.message_id) in detail.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/notifications/notification/",
            {"action": "send_again", "_selected_action": [doubtful.pk]},
        )

    doubtful.refresh_from_db()
    assert doubtful.status == NotificationStatus.SENT
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [doubtful.message_id]

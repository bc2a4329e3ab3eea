"""The password reset end to end: the page hands the address to a real Celery worker on the
real Redis broker, which finds the account and sends the email over a real SMTP server.
Rows must be committed for the worker to see them, hence transaction=True."""

import pytest
from django.test import Client

from hmc_portal.notifications.enums import NotificationStatus
from hmc_portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.support.smtp import SmtpServer, parts
from tests.support.worker import WorkerProcess, run_with_broker_down

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_the_worker_emails_a_registered_address_and_nobody_for_an_unknown_one(broker_queue):
    UserFactory(email="known@example.com")
    with SmtpServer() as smtp, WorkerProcess(email_url=smtp.url) as worker:
        broker_queue(worker.queue)
        unknown = Client().post("/accounts/password-reset/", {"email": "unknown@example.com"})
        known = Client().post("/accounts/password-reset/", {"email": "Known@Example.com"})
        # One worker, one task at a time, in order: when the second email would have come,
        # the first task has long finished.
        received = smtp.handler.wait_for(1)

    assert unknown["Location"] == known["Location"] == "/accounts/password-reset/done/"
    assert [message["To"] for message in received] == ["known@example.com"]
    assert "/accounts/password-reset/" in parts(received[0])["text/plain"]
    assert list(Notification.objects.values_list("template", "to_email")) == [
        ("account_password_reset", "known@example.com")
    ]


RESET_WITH_BROKER_DOWN = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
response = Client().post("/accounts/password-reset/", {"email": "known@example.com"})
print(response.status_code, response["Location"])
"""


def test_a_reset_asked_for_while_the_broker_is_down_waits_in_the_outbox():
    UserFactory(email="known@example.com")
    result = run_with_broker_down(RESET_WITH_BROKER_DOWN)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["302", "/accounts/password-reset/done/"]
    # The sweep sends it once Redis is back (tests/notifications/test_worker.py shows that leg).
    assert list(Notification.objects.values_list("template", "to_email", "status")) == [
        ("account_password_reset", "known@example.com", NotificationStatus.PENDING)
    ]

"""The copy of one's data end to end: the page hands the request to a real Celery worker on
the real Redis broker, which builds the ZIP into private storage and emails the link over a
real SMTP server; with the broker down the request waits as a row for the sweep. Rows must
be committed for the worker to see them, hence transaction=True."""

import pytest
from django.test import Client

from hmc_portal.privacy.models import DataExport, ExportStatus
from tests.factories import DocumentFactory, UserFactory
from tests.support.smtp import SmtpServer, parts
from tests.support.worker import WorkerProcess, run_with_broker_down

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_the_worker_builds_the_export_and_emails_its_link(broker_queue):
    user = UserFactory()
    DocumentFactory(application__applicant=user)
    client = Client()
    client.force_login(user)
    with SmtpServer() as smtp, WorkerProcess(email_url=smtp.url) as worker:
        broker_queue(worker.queue)
        response = client.post("/dashboard/privacy/exports/")
        (received,) = smtp.handler.wait_for(1)

    assert response["Location"] == "/dashboard/privacy/"
    export = DataExport.objects.get(user=user)
    assert export.status == ExportStatus.READY
    assert export.file.storage.exists(export.file.name)
    assert received["To"] == user.email
    assert f"/dashboard/privacy/exports/{export.pk}/download/" in parts(received)["text/plain"]
    download = client.get(f"/dashboard/privacy/exports/{export.pk}/download/")
    assert download.status_code == 200
    assert int(download["Content-Length"]) == export.size
    export.file.delete(save=False)


REQUEST_WITH_BROKER_DOWN = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from hmc_portal.users.models import User
client = Client()
client.force_login(User.objects.get(email="down@example.com"))
response = client.post("/dashboard/privacy/exports/")
print(response.status_code, response["Location"])
"""


def test_a_request_made_while_the_broker_is_down_waits_for_the_sweep():
    user = UserFactory(email="down@example.com")
    result = run_with_broker_down(REQUEST_WITH_BROKER_DOWN)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["302", "/dashboard/privacy/"]
    # privacy.sweep_exports builds it once Redis is back (test_export.py shows that leg).
    assert list(DataExport.objects.filter(user=user).values_list("status", flat=True)) == [
        ExportStatus.REQUESTED
    ]

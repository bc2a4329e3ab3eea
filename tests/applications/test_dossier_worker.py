"""A large application's dossier end to end: the admin asks, a real Celery worker builds it
into the private storage and emails the link over SMTP, the staff member downloads it once
and the stored file is gone. Rows are committed for the worker to see them."""

import re
from urllib.parse import urlparse

import pytest

from applications.models import DossierBuild
from tests.applications.dossier_support import application_with_files, reader, response_bytes
from tests.factories import CoordinatorFactory
from tests.support.smtp import SmtpServer, parts
from tests.support.worker import WorkerProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_a_worker_builds_the_dossier_and_emails_its_link(client, settings, broker_queue):
    settings.DOSSIER_INLINE_MAX_FILES = 2
    application = application_with_files()  # four files: too many to build in the request
    coordinator = CoordinatorFactory(email="carla@hmc.test")
    client.force_login(coordinator)
    try:
        with (
            SmtpServer() as smtp,
            WorkerProcess(
                email_url=smtp.url, extra_env={"DOSSIER_INLINE_MAX_FILES": "2"}
            ) as worker,
        ):
            broker_queue(worker.queue)
            page = client.get(
                f"/admin/applications/application/{application.pk}/dossier/", follow=True
            )
            assert "is being built" in page.content.decode()
            received = smtp.handler.wait_for(1)

        assert received[0]["To"] == "carla@hmc.test"
        assert received[0]["Subject"] == "Your dossier is ready to download"
        text = parts(received[0])["text/plain"]
        link = re.search(r"https?://\S+/admin/applications/application/dossiers/\S+/", text)
        assert link, text
        build = DossierBuild.objects.get()
        assert build.status == "ready"
        stored_name = build.file.name
        assert build.file.storage.exists(stored_name)

        download = client.get(urlparse(link.group(0)).path)

        assert [item.title for item in reader(response_bytes(download)).outline][0] == (
            "Cover summary"
        )
        assert not build.file.storage.exists(stored_name)
    finally:
        for document in application.documents.all():
            document.file.delete(save=False)

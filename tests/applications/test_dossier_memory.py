"""The dossier is assembled by streaming: building it for twenty 3 MB files takes about the
memory of building it for two. Each build runs in a process of its own (the code a worker
or a web process runs), whose peak resident size (ru_maxrss) is compared."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from tests.applications.dossier_support import pdf_with_noise_image
from tests.factories import ApplicationFactory, DocumentFactory, ReviewerFactory
from tests.support.worker import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)

FILE_BYTES = 3 * 1024 * 1024
# A build that held the documents in memory would grow by 18 × 3 MB = 54 MB from two files
# to twenty; streaming grows by the bookkeeping of a few hundred objects.
GROWTH_LIMIT_KB = 15 * 1024

CHILD = """
import json, resource, sys, tempfile
import django
django.setup()
from applications.dossier.build import write_dossier
from applications.models import Application
from hmc_portal.users.models import User

application = Application.objects.get(pk=int(sys.argv[1]))
staff = User.objects.get(pk=int(sys.argv[2]))
with tempfile.TemporaryFile() as out:
    built = write_dossier(application, out, built_for=staff)
    size = out.tell()
print(json.dumps({
    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "size": size,
    "parts": len(built.titles),
    "unreadable": len(built.unreadable),
}))
"""


def application_with(count: int, data: bytes):
    application = ApplicationFactory()
    for number in range(count):
        DocumentFactory(
            application=application,
            kind="other",
            file=ContentFile(data, name="scan.pdf"),
            original_name=f"scan-{number}.pdf",
            size=len(data),
        )
    return application


def build_in_child(application, staff) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hmc_portal.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(application.pk), str(staff.pk)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_memory_stays_flat_from_2_to_20_files():
    data = pdf_with_noise_image(1030)
    assert len(data) >= FILE_BYTES
    staff = ReviewerFactory()
    small, large = application_with(2, data), application_with(20, data)
    try:
        two = build_in_child(small, staff)
        twenty = build_in_child(large, staff)
    finally:
        for application in (small, large):
            for document in application.documents.all():
                document.file.delete(save=False)

    assert (two["parts"], twenty["parts"]) == (3, 21)  # the cover and every file
    assert (two["unreadable"], twenty["unreadable"]) == (0, 0)
    assert twenty["size"] > 20 * FILE_BYTES  # the pages' images were copied
    assert twenty["peak_kb"] - two["peak_kb"] < GROWTH_LIMIT_KB, (two, twenty)

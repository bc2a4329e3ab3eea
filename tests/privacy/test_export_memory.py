"""Building a copy of an applicant's data copies every stored file into the ZIP in chunks:
the worker's memory does not grow with the files' sizes (peak measured with tracemalloc)."""

import gc
import hashlib
import os
import tracemalloc

import pytest

from applications.models import Document
from hmc_portal.privacy import services
from hmc_portal.privacy.models import ExportStatus
from tests.factories import ApplicationFactory
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db

FILE_SIZE = 8 * 1024 * 1024  # incompressible: the ZIP cannot shrink them
PEAK_LIMIT = 4 * 1024 * 1024  # under half of one file


def stored_noise(root, name: str, size: int) -> str:
    """A file of random bytes written into the private folder in chunks; its sha256."""
    digest = hashlib.sha256()
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for _ in range(size // (1024 * 1024)):
            chunk = os.urandom(1024 * 1024)
            digest.update(chunk)
            handle.write(chunk)
    return digest.hexdigest()


def test_building_an_export_of_large_files_keeps_memory_flat(tmp_path, settings):
    root = isolated_private_storage(tmp_path / "private", settings)
    application = ApplicationFactory()
    for number, kind in enumerate(("transcript", "diploma", "cv")):
        name = f"documents/big-{number}"
        sha = stored_noise(root, name, FILE_SIZE)
        Document.objects.create(
            application=application,
            kind=kind,
            file=name,
            original_name=f"{kind}.bin",
            content_type="application/pdf",
            size=FILE_SIZE,
            sha256=sha,
        )
    export = services.request_export(user=application.applicant)

    gc.collect()
    tracemalloc.start()
    try:
        built = services.build_export(export_id=export.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert built.status == ExportStatus.READY
    assert built.size > 3 * FILE_SIZE  # every file is in it
    assert peak < PEAK_LIMIT, f"peak {peak / 1024 / 1024:.1f} MiB"

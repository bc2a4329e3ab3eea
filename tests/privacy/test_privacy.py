"""The privacy app's own shredder: the applicant's past copies are listed in the next one,
and erased with their ZIPs once the erasure commits."""

import pytest

from hmc_portal.privacy import services
from hmc_portal.privacy.models import DataExport
from hmc_portal.privacy.registry import shredders
from tests.factories import UserFactory
from tests.support.files import isolated_private_storage, stored_files

pytestmark = pytest.mark.django_db


def test_exports_listed_then_deleted_with_their_files_after_commit(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    root = isolated_private_storage(tmp_path / "private", settings)
    user, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.request_export(user=user)
        theirs = services.request_export(user=other)
    shredder = shredders.get("privacy.exports")

    data = shredder.export(user).data
    assert [(e["id"], e["status"]) for e in data] == [(mine.pk, "ready")]
    assert len(stored_files(root)) == 2

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        shredder.shred(user)
        assert len(stored_files(root)) == 2  # never before the commit
    for callback in callbacks:
        callback()

    assert list(DataExport.objects.all()) == [DataExport.objects.get(pk=theirs.pk)]
    assert stored_files(root) == [DataExport.objects.get(pk=theirs.pk).file.name]

"""One copy at a time, also when several requests arrive at the same instant: the partial
unique constraint lets exactly one through; the others get the clear message."""

import pytest

from hmc_portal.privacy import services
from hmc_portal.privacy.models import DataExport
from tests.factories import UserFactory
from tests.support.concurrency import all_at_once
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_requests_at_once_make_one_export(tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    user = UserFactory()

    errors = all_at_once(lambda _: services.request_export(user=user), range(5))

    assert DataExport.objects.filter(user=user).count() == 1
    assert len(errors) == 4
    assert all(isinstance(error, services.ExportError) for error in errors)

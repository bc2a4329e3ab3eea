import pytest

from tests.support.files import isolated_private_storage


@pytest.fixture
def storage_root(tmp_path, settings):
    """The private storage, in a folder of this test's own: what was stored is exact."""
    return isolated_private_storage(tmp_path / "private", settings)

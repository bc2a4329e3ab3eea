"""Where issued PDFs live: the `private` entry of settings.STORAGES, as the applicants'
documents (a private folder, or a private S3 bucket; never a public URL)."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after STORAGES changes, so
    the model field always writes where the settings say (tests point it elsewhere)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


def private_storage():
    """The callable the FileField is given, so migrations do not freeze a storage."""
    return private_files


@receiver(setting_changed)
def _follow_storages_setting(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty

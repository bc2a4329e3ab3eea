"""Where applicants' files live: the `private` entry of settings.STORAGES."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"] (a private folder, or a private S3 bucket), looked up when first
    used and again after STORAGES changes, so a model field holding it always writes where
    the settings say (the tests point it at a folder or a bucket through settings alone)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


@receiver(setting_changed)
def _follow_storages_setting(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty

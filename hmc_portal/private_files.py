"""Where the portal's private files live (applicants' documents, issued PDFs): the `private`
entry of settings.STORAGES, a private folder or a private S3 bucket, never a public URL.
Files there are served only by views that check who is asking."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after STORAGES changes, so
    a model field holding it always writes where the settings say (the tests point it at a
    folder or a bucket through settings alone)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = PrivateStorage()


def private_storage():
    """The callable a FileField is given, so migrations do not freeze a storage."""
    return private_files


@receiver(setting_changed)
def _follow_storages_setting(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty

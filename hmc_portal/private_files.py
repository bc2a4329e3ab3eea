"""Where the portal's private files live (applicants' documents, issued PDFs): the `private`
entry of settings.STORAGES, a private folder or a private S3 bucket, never a public URL.
Files there are served only by views that check who is asking, through
`private_file_response`."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _


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


def open_private_file(file):
    """A readable stream of a stored private file (a FieldFile). S3 objects are streamed
    from the GET response (django-storages' S3File would first copy the whole object into
    memory). FileNotFoundError when it is missing."""
    storage = file.storage
    bucket = getattr(storage, "bucket", None)
    if bucket is None:
        return storage.open(file.name, "rb")
    key = storage._normalize_name(file.name)  # the storage's own key mapping
    try:
        return bucket.Object(key).get()["Body"]
    except storage.connection.meta.client.exceptions.NoSuchKey as error:
        raise FileNotFoundError(file.name) from error


def private_file_response(
    file, *, filename: str, content_type: str, size: int, inline: bool = False
) -> FileResponse:
    """A stored private file streamed to a viewer the caller has checked; never cached,
    never sniffed. By default a download that the browser never renders (attachment, a
    sandboxing CSP). `inline` lets the browser show it (a PDF in its viewer), framed by
    this site's pages only and loading nothing itself. A missing file is a 404."""
    try:
        stream = open_private_file(file)
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from storage.")) from error
    response = FileResponse(
        stream, as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        # Chromium's PDF viewer does not open a sandboxed document; ours hold no script.
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

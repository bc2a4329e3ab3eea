"""The applicant's copy of their data: asked for on /dashboard/privacy/, built by a task into
a ZIP in private storage (archive.py writes it), downloadable by its owner for
DATA_EXPORT_DAYS days, then deleted by the periodic sweep."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.private_files import private_files

from ..models import DataExport, ExportStatus
from ..models.exports import export_key
from .archive import write_archive

if TYPE_CHECKING:
    from hmc_portal.users.models import User

logger = logging.getLogger(__name__)

# A request still `requested` this long after it was made lost its Celery message (the
# broker was down at commit): the sweep hands it to a worker again.
STALE_AFTER = timedelta(minutes=5)
# A build still `building` this long after it began lost its worker: it is marked failed, so
# the applicant may ask again.
BUILD_TIME_LIMIT = timedelta(hours=2)


class ExportError(Exception):
    """A request the applicant may not make now; nothing was changed."""


def request_export(*, user: User) -> DataExport:
    """Ask for a copy of `user`'s data: a `requested` row, built by a worker after commit.

    One at a time: while another is requested or being built, ExportError and nothing new
    (the partial unique constraint decides, also for two clicks at once). Logs
    `privacy.export.requested`.
    """
    from ..tasks import task_build_export

    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
            log_action(export, "privacy.export.requested", by=user, person=user)
    except IntegrityError as error:
        raise ExportError(
            _(
                "A copy of your data is already being prepared. We will email you when it "
                "is ready; you can ask for another once it is."
            )
        ) from error

    def enqueue() -> None:
        task_build_export.delay(export_id=export.pk)

    transaction.on_commit(enqueue, robust=True)
    return export


def _claim(export_id: int) -> DataExport | None:
    """requested -> building, committed before the long work begins; None when the row is
    gone, not requested any more, or another worker holds it."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=export_id, status=ExportStatus.REQUESTED)
            .first()
        )
        if export is None:
            return None
        export.status = ExportStatus.BUILDING
        export.save(update_fields=["status"])
    return export


def build_export(*, export_id: int) -> DataExport | None:
    """Build a requested export: every registered shredder's section in one JSON document
    and every file beside it, in a ZIP written to a temporary file (stored files are copied
    in chunks, so memory does not grow with their size) and then saved to private storage.

    On success the export is ready for DATA_EXPORT_DAYS days, `privacy.export.ready` is
    logged and the owner is emailed the link. On failure it is marked failed with the
    reason (logged as `privacy.export.failed`), nothing is stored and nothing is emailed;
    the applicant may ask again. Returns None when there was nothing to build.
    """
    export = _claim(export_id)
    if export is None:
        return None
    stored_name = ""
    try:
        with tempfile.TemporaryFile() as scratch:
            write_archive(user=export.user, out=scratch)
            size = scratch.tell()
            scratch.seek(0)
            stored_name = private_files.save(export_key(export, ""), File(scratch))
    except Exception as exc:
        logger.exception("data export %s failed", export.pk)
        return _fail(export, reason=f"{type(exc).__name__}: {exc}"[:2000])
    try:
        return _finish(export, stored_name=stored_name, size=size)
    except Exception:
        # The row could not be marked ready: the stored file belongs to nothing.
        private_files.delete(stored_name)
        raise


def _finish(export: DataExport, *, stored_name: str, size: int) -> DataExport:
    now = timezone.now()
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export.pk)
        export.file.name = stored_name
        export.size = size
        export.status = ExportStatus.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=settings.DATA_EXPORT_DAYS)
        export.failure_reason = ""
        export.save(
            update_fields=["file", "size", "status", "ready_at", "expires_at", "failure_reason"]
        )
        log_action(export, "privacy.export.ready", by=None, person=export.user, data={"size": size})
        queue_notification(
            to=export.user,
            template="data_export_ready",
            key=f"data_export:{export.pk}:ready",
            context={
                "download_url": settings.SITE_URL
                + reverse("privacy:download_export", args=[export.pk]),
                "privacy_url": settings.SITE_URL + reverse("privacy:page"),
                "expires_at": export.expires_at,
                "days": settings.DATA_EXPORT_DAYS,
                "size_mb": f"{max(size, 1) / 1_000_000:.1f}",
            },
        )
    return export


def _fail(export: DataExport, *, reason: str) -> DataExport:
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export.pk)
        export.status = ExportStatus.FAILED
        export.failure_reason = reason
        export.save(update_fields=["status", "failure_reason"])
        log_action(
            export, "privacy.export.failed", by=None, person=export.user, data={"reason": reason}
        )
    return export


def record_download(*, export: DataExport, by: User) -> None:
    """Log that the owner downloaded their export (`privacy.export.downloaded`)."""
    with transaction.atomic():
        log_action(export, "privacy.export.downloaded", by=by, person=export.user)


def stale_export_ids(*, now=None) -> list[int]:
    """Exports still `requested` STALE_AFTER after they were asked for: their Celery message
    was lost (the broker was down), so the sweep hands them to a worker again. Builds still
    `building` BUILD_TIME_LIMIT after they were asked for lost their worker: they are marked
    failed here, so the applicant may ask again."""
    now = now or timezone.now()
    for export in DataExport.objects.filter(
        status=ExportStatus.BUILDING, requested_at__lt=now - BUILD_TIME_LIMIT
    ).select_related("user"):
        _fail(export, reason="The build was interrupted (its worker stopped).")
    return list(
        DataExport.objects.filter(
            status=ExportStatus.REQUESTED, requested_at__lt=now - STALE_AFTER
        ).values_list("pk", flat=True)[:100]
    )


def expire_exports(*, now=None) -> int:
    """Ready exports past their expiry become `expired`, their ZIP deleted from storage once
    that is committed (`privacy.export.expired` logged for each). Returns how many."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        expired = list(
            DataExport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(status=ExportStatus.READY, expires_at__lte=now)
        )
        for export in expired:
            name = export.file.name
            export.status = ExportStatus.EXPIRED
            export.file.name = ""
            export.save(update_fields=["status", "file"])
            log_action(export, "privacy.export.expired", by=None, person=export.user)
            if name:
                transaction.on_commit(lambda name=name: private_files.delete(name))
            count += 1
    return count

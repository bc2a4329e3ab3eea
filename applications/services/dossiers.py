"""The staff dossier: build it while the browser waits (a small application), or in a
Celery task into the private storage with a link emailed to the staff member (a large
application, or a ZIP of several). Every download is in the activity log, on each
application, with who downloaded it.

Temporary files live in a private folder (mode 0700) and are removed when the response is
closed; a task-built file is deleted from storage after its download or when its link
expires (sweep_dossiers).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import zipfile
from datetime import timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext

from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.outbox import queue_notification
from hmc_portal.privacy.shredding import delete_files_on_commit
from hmc_portal.private_files import open_private_file
from hmc_portal.signed_links import LinkExpired, LinkInvalid, make_token, read_token
from hmc_portal.users.models import User

from ..dossier.build import dossier_size, write_dossier
from ..enums import DossierBuildStatus
from ..models import Application, DossierBuild
from ..permissions import can_download_dossier
from .errors import ApplicationError, NotAllowed

logger = logging.getLogger(__name__)

LINK_SALT = "applications.dossier"
BS = DossierBuildStatus


class DossierError(ApplicationError):
    """A dossier that cannot be given: a link that is not the viewer's, used or expired."""


class TemporaryDossier:
    """A built file in its private temporary folder, read like a file; closing it removes
    the folder (FileResponse closes it once the last byte is sent)."""

    def __init__(self, folder: Path, path: Path, filename: str):
        self.folder, self.filename = folder, filename
        self.size = path.stat().st_size
        self._file = path.open("rb")

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def close(self) -> None:
        self._file.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def dossier_filename(application: Application) -> str:
    """ "dossier-<id>-<name>-<intake>.pdf", ASCII only."""
    name = slugify(application.applicant.get_full_name() or "applicant") or "applicant"
    return f"dossier-{application.pk}-{name}-{slugify(application.intake)}.pdf"


def builds_in_request(application: Application) -> bool:
    """Whether the dossier is small enough to build while the browser waits (at most
    DOSSIER_INLINE_MAX_FILES files and DOSSIER_INLINE_MAX_BYTES bytes)."""
    count, size = dossier_size(application)
    return count <= settings.DOSSIER_INLINE_MAX_FILES and size <= settings.DOSSIER_INLINE_MAX_BYTES


def _log_download(application: Application, *, by: User, build: DossierBuild | None) -> None:
    log_action(
        application,
        "applications.dossier.downloaded",
        by=by,
        person=application.applicant,
        data={"build": build.pk if build else None, "bundle": bool(build and build.bundle)},
    )


def _private_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="dossier-"))


def download_dossier(*, application: Application, by: User) -> TemporaryDossier:
    """Build the dossier of `application` now, for `by` to download, and log it. The caller
    streams the returned file and closes it (which deletes it). Raises NotAllowed."""
    if not can_download_dossier(by):
        raise NotAllowed(gettext("You may not download dossiers."))
    folder = _private_folder()
    try:
        path = folder / "dossier.pdf"
        with path.open("w+b") as out:
            write_dossier(application, out, built_for=by)
        with transaction.atomic():
            _log_download(application, by=by, build=None)
        return TemporaryDossier(folder, path, dossier_filename(application))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


@transaction.atomic
def request_dossier_build(*, applications: list[Application], by: User) -> DossierBuild:
    """Have a worker build the dossier of one large application, or a ZIP of the dossiers
    of several; `by` gets an email with the link when it is ready. Raises NotAllowed, or
    DossierError for an empty selection."""
    if not can_download_dossier(by):
        raise NotAllowed(gettext("You may not download dossiers."))
    if not applications:
        raise DossierError(gettext("Select at least one application."))
    wanted = sorted(application.pk for application in applications)
    # A second click while the first build runs gets the first build, not another email.
    for running in DossierBuild.objects.select_for_update().filter(
        requested_by=by, status=BS.BUILDING
    ):
        if sorted(running.applications.values_list("pk", flat=True)) == wanted:
            return running
    build = DossierBuild.objects.create(requested_by=by, bundle=len(applications) > 1)
    build.applications.set(applications)
    from ..tasks import task_build_dossier

    transaction.on_commit(partial(task_build_dossier.delay, build_id=build.pk), robust=True)
    return build


def build_dossier(*, build_id: int) -> DossierBuild | None:
    """The worker's part: write the dossier (or the ZIP), store it privately, and email its
    link to whoever asked. A build already done, or gone, is left alone."""
    build = DossierBuild.objects.filter(pk=build_id, status=BS.BUILDING).first()
    if build is None:
        return None
    applications = list(
        build.applications.select_related("applicant__applicant_profile").order_by("pk")
    )
    folder = _private_folder()
    try:
        if build.bundle:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            filename = f"dossiers-{stamp}.zip"
            path = folder / filename
            with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as bundle:
                for application in applications:
                    with bundle.open(dossier_filename(application), "w", force_zip64=True) as out:
                        _write_through(application, out, folder, by=build.requested_by)
        else:
            # Stored without the applicant's name: the download names it (built_filename).
            filename = f"dossier-{applications[0].pk}.pdf"
            path = folder / filename
            with path.open("w+b") as out:
                write_dossier(applications[0], out, built_for=build.requested_by)
        with path.open("rb") as stream:
            name = build.file.storage.save(
                build.file.field.generate_filename(build, filename), File(stream)
            )
        size = path.stat().st_size
    except Exception:
        logger.exception("Dossier build %s failed", build_id)
        _mark_failed(build_id=build_id)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _mark_ready(build_id=build_id, name=name, filename=filename, size=size)


@transaction.atomic
def _mark_failed(*, build_id: int) -> None:
    """Tell whoever asked that the build failed (they may ask again)."""
    build = DossierBuild.objects.select_for_update().get(pk=build_id)
    build.status = BS.FAILED
    build.save(update_fields=["status"])
    queue_notification(
        to=build.requested_by,
        template="dossier_failed",
        key=f"dossier:{build.pk}:failed",
        context={
            "admin_url": settings.SITE_URL + reverse("admin:applications_application_changelist")
        },
    )


def _write_through(application: Application, out, folder: Path, *, by: User) -> None:
    """A dossier into a ZIP member: written to a temporary file first (the assembler goes
    back to cut a damaged part off), then copied in chunks."""
    handle, name = tempfile.mkstemp(dir=folder, suffix=".pdf")
    try:
        with os.fdopen(handle, "w+b") as pdf:
            write_dossier(application, pdf, built_for=by)
            pdf.seek(0)
            shutil.copyfileobj(pdf, out, 1024 * 1024)
    finally:
        Path(name).unlink(missing_ok=True)


@transaction.atomic
def _mark_ready(*, build_id: int, name: str, filename: str, size: int) -> DossierBuild:
    build = DossierBuild.objects.select_for_update().get(pk=build_id)
    now = timezone.now()
    build.file.name, build.filename, build.size = name, filename, size
    build.status, build.ready_at = BS.READY, now
    build.expires_at = now + timedelta(hours=settings.DOSSIER_LINK_HOURS)
    build.save(update_fields=["file", "filename", "size", "status", "ready_at", "expires_at"])
    count = build.applications.count()
    staff = build.requested_by
    with speaking_to(staff):
        context = {
            "download_url": settings.SITE_URL + dossier_link(build),
            "filename": filename,
            "what": ngettext(
                "The dossier you asked for is ready.",
                "The ZIP of %(count)d dossiers you asked for is ready.",
                count,
            )
            % {"count": count},
            "hours": settings.DOSSIER_LINK_HOURS,
        }
    queue_notification(
        to=staff, template="dossier_ready", key=f"dossier:{build.pk}:ready", context=context
    )
    return build


def built_filename(build: DossierBuild) -> str:
    """The name a built dossier downloads under: the applicant's, for a single one."""
    if build.bundle:
        return build.filename
    application = build.applications.select_related("applicant").first()
    return dossier_filename(application) if application else build.filename


def discard_dossiers(*, user: User) -> int:
    """Delete every built dossier holding one of `user`'s applications, and its stored file
    after commit (an applicant's erasure calls this: a ZIP built for staff must not outlive
    the data in it). Returns how many were deleted."""
    builds = list(DossierBuild.objects.filter(applications__applicant=user).distinct())
    delete_files_on_commit(build.file for build in builds)
    for build in builds:
        build.delete()
    return len(builds)


def dossier_link(build: DossierBuild) -> str:
    """The admin path that downloads a built dossier: signed, for its requester only."""
    token = make_token(salt=LINK_SALT, claims={"build": build.pk})
    return reverse("admin:applications_application_dossier_file", args=[token])


def built_dossier_for(*, token: str, by: User) -> DossierBuild:
    """The built dossier a link names, if it is `by`'s and can still be downloaded. Raises
    DossierError with the reason otherwise."""
    try:
        claims = read_token(
            token, salt=LINK_SALT, max_age=settings.DOSSIER_LINK_HOURS * 3600, required=["build"]
        )
    except LinkExpired as error:
        raise DossierError(
            gettext("This dossier link has expired. Ask for the dossier again.")
        ) from error
    except LinkInvalid as error:
        raise DossierError(gettext("This dossier link is not valid.")) from error
    build = DossierBuild.objects.filter(pk=claims["build"], requested_by=by).first()
    if build is None:
        raise DossierError(gettext("This dossier link was sent to someone else."))
    if build.status != BS.READY or not build.file:
        raise DossierError(
            gettext("This dossier was already downloaded or has expired. Ask for it again.")
        )
    return build


@transaction.atomic
def open_built_dossier(*, build: DossierBuild, by: User):
    """Hand out a built dossier once: log a download on each of its applications, mark it
    downloaded, and return its stored stream; the file is deleted from storage when the
    stream is closed. Raises DossierError if someone else took it first."""
    build = DossierBuild.objects.select_for_update().get(pk=build.pk)
    if build.requested_by_id != by.pk or build.status != BS.READY or not build.file:
        raise DossierError(
            gettext("This dossier was already downloaded or has expired. Ask for it again.")
        )
    for application in build.applications.select_related("applicant"):
        _log_download(application, by=by, build=build)
    build.status, build.downloaded_at = BS.DOWNLOADED, timezone.now()
    build.save(update_fields=["status", "downloaded_at"])
    return DeletingStream(open_private_file(build.file), build.file.storage, build.file.name)


class DeletingStream:
    """A stored file's stream that deletes the file once closed (after the download)."""

    def __init__(self, stream, storage, name: str):
        self._stream, self._storage, self._name = stream, storage, name

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()
        _delete_build_file(self._storage, self._name)


def _delete_build_file(storage, name: str) -> None:
    if name:
        storage.delete(name)
        DossierBuild.objects.filter(file=name).update(file="")


def sweep_dossiers(*, now=None) -> int:
    """Delete the stored files of built dossiers whose link expired (or that were
    downloaded), and fail builds stuck for DOSSIER_LINK_HOURS (a lost worker). Returns how
    many files were deleted."""
    now = now or timezone.now()
    DossierBuild.objects.filter(
        status=BS.BUILDING, created_at__lt=now - timedelta(hours=settings.DOSSIER_LINK_HOURS)
    ).update(status=BS.FAILED)
    deleted = 0
    stale = DossierBuild.objects.exclude(file="").filter(
        status__in=[BS.READY, BS.DOWNLOADED, BS.FAILED], expires_at__lt=now
    )
    for build in stale.iterator():
        with transaction.atomic():
            locked = DossierBuild.objects.select_for_update().get(pk=build.pk)
            name = locked.file.name
            locked.file = ""
            if locked.status == BS.READY:
                locked.status = BS.EXPIRED
            locked.save(update_fields=["file", "status"])
            transaction.on_commit(partial(locked.file.storage.delete, name))
        deleted += 1
    return deleted

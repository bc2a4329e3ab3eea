"""Uploading, replacing and deleting an application's documents.

Each service locks the application row first (then the document row), so that two uploads
at once cannot both take the 20th place and a replace cannot race a delete. A file reaches
the storage only after applications.files accepted it; if the database write fails after
that, the new file is deleted again, and an old file is deleted only after the commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User

from .. import files, permissions
from ..enums import DocumentKind, DocumentStatus
from ..models import Application, Document
from .errors import ApplicationError, InvalidDocument


def _delete_stored(storage, name: str) -> None:
    if name:
        storage.delete(name)


def _store(document: Document, upload: UploadedFile, checked: files.CheckedFile) -> None:
    """Write the file (or the checked copy that replaces it: a PDF without its active
    content) under a fresh random key (models.document_key) and record what was checked;
    the caller saves the row. Sets `document.active_content_removed` (not a column) for the
    view to tell the applicant."""
    if checked.content is None:
        document.file.save(checked.name, upload, save=False)
    else:
        with checked.content:
            document.file.save(checked.name, File(checked.content), save=False)
    document.active_content_removed = checked.removed_active_content
    document.original_name = checked.name
    document.content_type = checked.content_type
    document.size = checked.size
    document.sha256 = checked.sha256


@contextmanager
def _atomic_removing_new_files() -> Iterator[list[Document]]:
    """transaction.atomic(), plus: the files of the documents appended to the yielded list
    are deleted from storage again if the block raises or its commit fails. (When an
    enclosing transaction rolls back later, which no service of ours does, the file stays
    behind as an unreferenced object; it holds no row and is never served.)"""
    stored: list[Document] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for document in stored:
            _delete_stored(document.file.storage, document.file.name)
        raise


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def lock_document(document: Document) -> Document:
    """The document and its application, locked in that order (application first, as every
    service that touches a document does); ApplicationError if the document is gone."""
    application = Application.objects.select_for_update().get(pk=document.application_id)
    try:
        document = Document.objects.select_for_update().get(pk=document.pk)
    except Document.DoesNotExist as error:
        raise ApplicationError(gettext("This document no longer exists.")) from error
    document.application = application
    return document


def upload_document(
    *, application: Application, by: User, kind: str, upload: UploadedFile
) -> Document:
    """Add a document of `kind` to a draft application, by its applicant.

    Refuses (ApplicationError, nothing stored) another person, a submitted application, a
    second file of a named kind and a file beyond settings.DOCUMENT_MAX_FILES; refuses
    (InvalidDocument) a file applications.files does not accept. Stores the file under a
    random key in the private storage (a PDF with scripts or automatic actions as a copy
    without them: the returned document's `active_content_removed` says so); the name given
    is kept, cleaned, as metadata only.
    Logs `applications.document.uploaded`.
    """
    with _atomic_removing_new_files() as stored:
        return _upload(application=application, by=by, kind=kind, upload=upload, stored=stored)


def _upload(
    *,
    application: Application,
    by: User,
    kind: str,
    upload: UploadedFile,
    stored: list[Document],
) -> Document:
    application = _lock(application)
    if application.applicant_id != by.pk:
        raise ApplicationError(gettext("Only the applicant can add documents to this application."))
    if not permissions.can_upload_document(by, application):
        raise ApplicationError(
            gettext(
                "Your application has been submitted, so no documents can be added. You can "
                "still replace a document the program office rejected."
            )
        )
    if kind not in DocumentKind.values:
        raise InvalidDocument(gettext("Choose which document this is."), field="kind")
    existing = list(application.documents.values_list("kind", flat=True))
    if kind != DocumentKind.OTHER and kind in existing:
        raise InvalidDocument(
            gettext(
                "You have already uploaded your %(kind)s. Replace it "
                "instead of adding a second one."
            )
            % {"kind": str(DocumentKind(kind).label).lower()},
            field="kind",
        )
    if len(existing) >= settings.DOCUMENT_MAX_FILES:
        raise InvalidDocument(
            gettext(
                "An application can hold at most %(limit)s files. Delete "
                "one you no longer need first."
            )
            % {"limit": settings.DOCUMENT_MAX_FILES}
        )
    checked = files.inspect_upload(upload)
    document = Document(application=application, kind=kind)
    _store(document, upload, checked)
    stored.append(document)
    document.save()
    log_action(
        document,
        "applications.document.uploaded",
        by=by,
        person=application.applicant,
        data=_describe(document),
    )
    return document


def _describe(document: Document) -> dict:
    """What the log keeps of a document: enough to tell which file it was, no content; and
    whether scripts or automatic actions were taken out of the PDF before it was stored."""
    described = {
        "kind": document.kind,
        "file": document.original_name,
        "size": document.size,
        "sha256": document.sha256,
    }
    if getattr(document, "active_content_removed", False):
        described["active_content_removed"] = True
    return described


def replace_document(*, document: Document, by: User, upload: UploadedFile) -> Document:
    """Put a new file in place of a document, which goes back to waiting for review.

    Allowed to the applicant while the application is a draft, or for a document staff
    rejected (permissions.can_change_document); else ApplicationError. A file that is not
    accepted raises InvalidDocument. The old file is deleted from storage after the commit.
    Logs `applications.document.replaced`.
    """
    with _atomic_removing_new_files() as stored:
        return _replace(document=document, by=by, upload=upload, stored=stored)


def _replace(
    *, document: Document, by: User, upload: UploadedFile, stored: list[Document]
) -> Document:
    document = lock_document(document)
    if not permissions.can_change_document(by, document):
        raise ApplicationError(_refusal(by, document, "replaced"))
    checked = files.inspect_upload(upload)
    old_name = document.file.name
    storage = document.file.storage
    previous = {"status": document.status, "file": document.original_name}
    _store(document, upload, checked)
    stored.append(document)
    document.status = DocumentStatus.PENDING
    document.rejection_reason = ""
    document.reviewed_at = None
    document.reviewed_by = None
    document.uploaded_at = timezone.now()
    document.save(
        update_fields=[
            "file",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "status",
            "rejection_reason",
            "reviewed_at",
            "reviewed_by",
            "uploaded_at",
        ],
    )
    log_action(
        document,
        "applications.document.replaced",
        by=by,
        person=document.application.applicant,
        data={
            **_describe(document),
            "previous_file": previous["file"],
            "previous_status": previous["status"],
        },
    )
    transaction.on_commit(partial(_delete_stored, storage, old_name))
    return document


@transaction.atomic
def delete_document(*, document: Document, by: User) -> None:
    """Remove a document and, after the commit, its file.

    Allowed under the same rule as replacing (draft, or a rejected document); else
    ApplicationError and nothing changes. Logs `applications.document.deleted` (the log
    keeps the kind, name and checksum).
    """
    document = lock_document(document)
    if not permissions.can_change_document(by, document):
        raise ApplicationError(_refusal(by, document, "deleted"))
    storage, name = document.file.storage, document.file.name
    # Logged against the document before its row goes: the entry keeps its id.
    log_action(
        document,
        "applications.document.deleted",
        by=by,
        person=document.application.applicant,
        data=_describe(document),
    )
    document.delete()
    transaction.on_commit(partial(_delete_stored, storage, name))


def _refusal(by: User, document: Document, verb: str) -> str:
    if document.application.applicant_id != by.pk:
        return gettext("Only the applicant can change their documents.")
    if verb == "deleted":
        return gettext(
            "This document can no longer be deleted: your application has been submitted, and "
            "only a document the program office rejected can be changed."
        )
    return gettext(
        "This document can no longer be replaced: your application has been submitted, and "
        "only a document the program office rejected can be changed."
    )

"""Issuing and revoking documents. Each service owns its transaction and writes its entry in
the activity log; the PDF reaches the storage only inside the transaction that writes its
row, and is deleted again if that transaction's block fails."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hmc_portal.audit.services import log_action
from hmc_portal.privacy.shredding import delete_files_on_commit

from . import codes, kinds, rendering
from .errors import IssuanceError
from .models import IssuedDocument, program_date

if TYPE_CHECKING:
    from hmc_portal.users.models import User

__all__ = ["IssuanceError", "erase_document", "issue_document", "revoke_document"]

MAX_REASON = 1000


def _free_code() -> str:
    while True:  # a repeat is a 1 in 2^99 event; the unique constraint still guards it
        code = codes.new_code()
        if not IssuedDocument.objects.filter(code=code).exists():
            return code


def issue_document(
    *,
    kind: str,
    owner: User,
    holder_name: str,
    title: str,
    reference: str = "",
    build: Callable[[rendering.IssuedPDF], None],
    by: User | None = None,
) -> IssuedDocument:
    """Render, store and record a PDF of a registered `kind` for `owner`.

    The PDF is rendered before the transaction opens (no row is locked meanwhile); the file,
    the row and the log entry are then written together.

    `build(pdf)` writes the body onto a rendering.IssuedPDF that already carries the
    program's header, the title, the holder's name, the reference and the date of issue,
    and on every page the verification address, code and QR code. Rendered in English.
    Allocates a random verification code, stores the file under a random key in the private
    storage, records its SHA-256 and size, and logs `issuance.document.issued` (by `by`;
    None: the system). If anything fails (the build raises, the storage or the database
    refuses), nothing is kept: no row, no entry, no file. Called inside a caller's
    transaction that later rolls back, the file stays behind unreferenced (never served).
    An unregistered kind is a programming error (ValueError); an empty holder name or title
    is refused with IssuanceError.
    """
    if not kinds.is_registered(kind):
        raise ValueError(f"Unknown document kind {kind!r}: register it in issuance.kinds.")
    holder_name = rendering.text(holder_name).strip()
    title = rendering.text(title).strip()
    reference = rendering.text(reference).strip()
    if not holder_name or not title:
        raise IssuanceError(gettext("A document needs the holder's name and a title."))
    if len(holder_name) > 200 or len(title) > 200 or len(reference) > 64:
        raise IssuanceError(
            gettext("The name or the title is too long, or the reference is over 64 characters.")
        )
    code = _free_code()
    issued_at = timezone.now()
    grouped = codes.grouped(code)
    with translation.override("en"):
        stamp = rendering.Stamp(
            site_name=settings.SITE_NAME,
            code=grouped,
            verify_url=rendering.verify_url(reverse("issuance:verify_code", args=[grouped])),
            issued_at=issued_at,
            issued_on=program_date(issued_at),
        )
        content = rendering.render(
            stamp=stamp,
            title=title,
            holder_name=holder_name,
            reference=reference,
            kind_label=kinds.label(kind),
            build=build,
        )
    document = IssuedDocument(
        kind=kind,
        owner=owner,
        holder_name=holder_name,
        reference=reference,
        title=title,
        code=code,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        issued_at=issued_at,
        issued_by=by,
    )
    try:
        with transaction.atomic():
            document.file.save("document.pdf", ContentFile(content), save=False)
            document.save()
            log_action(
                document,
                "issuance.document.issued",
                by=by,
                person=owner,
                data={"kind": kind, "reference": reference, "sha256": document.sha256},
            )
    except BaseException:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def revoke_document(*, document: IssuedDocument, by: User | None, reason: str) -> IssuedDocument:
    """Mark an issued document revoked, with the reason the verification page shows.

    Refuses (IssuanceError, nothing changed) an empty reason and a document already revoked.
    The file stays stored: the document remains what was issued. Who may revoke is the
    caller's decision (the admin needs issuance.revoke_issueddocument). Logs
    `issuance.document.revoked`.
    """
    reason = rendering.text(reason or "").strip()
    if not reason:
        raise IssuanceError(
            gettext("Say why the document is revoked: the verification page shows it.")
        )
    if len(reason) > MAX_REASON:
        raise IssuanceError(
            gettext("The reason is too long: at most %(limit)s characters.") % {"limit": MAX_REASON}
        )
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.revoked_at is not None:
        raise IssuanceError(
            gettext("%(document)s was already revoked; it cannot be revoked twice.")
            % {"document": document}
        )
    document.revoked_at = timezone.now()
    document.revoked_by = by
    document.revocation_reason = reason
    document.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    log_action(
        document, "issuance.document.revoked", by=by, person=document.owner, data={"reason": reason}
    )
    return document


HOLDER_REQUEST = "Revoked at the holder's request"


@transaction.atomic
def erase_document(*, document: IssuedDocument, revoke: bool) -> IssuedDocument:
    """Part of an applicant's erasure: the holder's name is blanked and the PDF deleted from
    the storage once the transaction commits (a rollback keeps it); the row and its code
    stay, so the verification page still answers, naming nobody. With `revoke` the document
    is also revoked "at the holder's request" (a certificate, a visa letter), replacing any
    earlier reason, which may have been personal; without it (an invoice, a receipt: tax
    records) it stays valid. Not logged here: the erasure logs itself once."""
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    delete_files_on_commit([document.file])
    document.holder_name = ""
    document.file = ""
    fields = ["holder_name", "file"]
    if revoke:
        document.revoked_at = document.revoked_at or timezone.now()
        document.revocation_reason = HOLDER_REQUEST
        fields += ["revoked_at", "revocation_reason"]
    document.save(update_fields=fields)
    return document

"""Small pieces every app's shredders share: the files they export, an issued document as
they export it, and the removal of stored files once the erasure's transaction has
committed (a rollback must not lose a file). The JSON Schema builders and the export's
value conventions (`iso`) are in schema.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.fields.files import FieldFile

from .registry import ExportedFile
from .schema import DATETIME, STRING, iso, nullable, obj


def exported_file(folder: str, pk: int, name: str, file: FieldFile) -> ExportedFile | None:
    """The file under `folder` as "<id>-<name>", or None when nothing is stored."""
    if not file:
        return None
    safe = (name or file.name.rsplit("/", 1)[-1]).replace("/", "_").replace("\\", "_")
    return ExportedFile(path=f"{folder}/{pk}-{safe}", file=file)


def issued_document(document) -> dict:
    """What an issued PDF's row says (hmc_portal.issuance.IssuedDocument), for an export."""
    return {
        "reference": document.reference,
        "title": document.title,
        "verification_code": document.grouped_code,
        "issued_at": iso(document.issued_at),
        "revoked_at": iso(document.revoked_at),
        "revocation_reason": document.revocation_reason,
    }


ISSUED_DOCUMENT = obj(
    reference=STRING,
    title=STRING,
    verification_code=STRING,
    issued_at=DATETIME,
    revoked_at=nullable(DATETIME),
    revocation_reason=STRING,
)


# --- files ----------------------------------------------------------------------------------


def delete_files_on_commit(files: Iterable[FieldFile]) -> None:
    """Remove the stored files once the current transaction commits; never before, so a
    rollback keeps them. Call before clearing the fields (their names are read now)."""
    stored = [(file.storage, file.name) for file in files if file]
    if not stored:
        return

    def delete() -> None:
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(delete)

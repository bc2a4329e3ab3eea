"""Small pieces every app's shredders share: JSON values in the export's conventions, the
JSON Schema fragments that describe them, and the removal of stored files once the
erasure's transaction has committed (a rollback must not lose a file)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models.fields.files import FieldFile

from .registry import ExportedFile

# --- values ---------------------------------------------------------------------------------


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    """A date as YYYY-MM-DD, a moment as ISO 8601 in UTC, None as None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return value.isoformat()


def exported_file(folder: str, pk: int, name: str, file: FieldFile) -> ExportedFile | None:
    """The file under `folder` as "<id>-<name>", or None when nothing is stored."""
    if not file:
        return None
    safe = (name or file.name.rsplit("/", 1)[-1]).replace("/", "_").replace("\\", "_")
    return ExportedFile(path=f"{folder}/{pk}-{safe}", file=file)


# --- schema fragments -----------------------------------------------------------------------

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


def nullable(schema: dict) -> dict:
    """The same value, or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(**properties: dict) -> dict:
    """An object with exactly these properties, every one required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def section(schema: dict) -> dict:
    """A section's whole schema: `schema` marked as JSON Schema draft 2020-12."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


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
    issued_at=DATE_TIME,
    revoked_at=nullable(DATE_TIME),
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

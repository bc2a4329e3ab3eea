"""The shape of the export's JSON (export.schema.json, JSON Schema draft 2020-12): small
builders each shredder's `schema` is written with, the values its `export` writes (times in
UTC, ISO 8601), and the whole document's schema, generated from the registry by
`manage.py export_schema`."""

from __future__ import annotations

import datetime
from typing import Any

from .registry import ShredderRegistry

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://hmc-observerships.example/schemas/data-export-v1.json"

STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}
DATE: dict[str, Any] = {"type": "string", "format": "date"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def obj(**properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these properties, each required (a value may be null where its
    schema says so): a stable shape, nothing added unannounced."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


def section(schema: dict[str, Any]) -> dict[str, Any]:
    """A shredder's whole schema: `schema` marked as JSON Schema draft 2020-12, so a section
    validates on its own too."""
    return {"$schema": DIALECT, **schema}


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    """A stored time as ISO 8601 in UTC ("2026-12-01T13:45:00Z"), a date as YYYY-MM-DD, None
    when there is none."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def document_schema(registry: ShredderRegistry) -> dict[str, Any]:
    """The schema of the whole data.json: the envelope, and each registered shredder's
    `schema` under `sections` (sorted by name, so the file is stable)."""
    sections = {
        shredder.name: {"description": str(shredder.verbose_name), **shredder.schema}
        for shredder in sorted(registry, key=lambda shredder: shredder.name)
    }
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "A copy of the data the HMC Observership Portal holds about one person",
        "description": (
            "data.json in the ZIP an applicant downloads from /dashboard/privacy/. Times are "
            "ISO 8601 in UTC; money is an integer in the currency's minor unit beside its "
            "ISO 4217 currency; enumerations are their stored values."
        ),
        **obj(
            schema_version={"const": 1},
            generated_at=DATETIME,
            subject=obj(user_id=INTEGER),
            sections=obj(**sections),
            notes={
                "description": "What was left out and why, in English.",
                **array(STRING),
            },
        ),
    }

"""Checking a shredder: its export against its own JSON Schema, and after `shred` that no
personal value is left in any text column of the tables it answers for."""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from jsonschema import Draft202012Validator, FormatChecker

from hmc_portal.privacy.registry import DataShredder, ExportSection, shredders

TEXT_TYPES = {"CharField", "TextField", "EmailField", "SlugField", "URLField", "JSONField"}


def export(name: str, user) -> ExportSection:
    """The registered shredder's section for `user`, checked against its schema (valid as a
    schema itself, and the data valid against it, formats included) and as JSON."""
    shredder = shredders.get(name)
    section = shredder.export(user)
    validate(shredder, section.data)
    json.dumps(section.data)  # plain JSON, nothing else
    return section


def validate(shredder: DataShredder, data) -> None:
    Draft202012Validator.check_schema(shredder.schema)
    Draft202012Validator(shredder.schema, format_checker=FormatChecker()).validate(data)


def text_columns(*app_labels: str):
    """(model, column) of every text-like column (JSON and arrays included) of the apps'
    tables."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if field.get_internal_type() in TEXT_TYPES or isinstance(field, ArrayField):
                    yield model, field.column


def remaining(values, *app_labels: str) -> list[str]:
    """Where any of `values` is still found (case-insensitive, inside longer text too) in a
    text column of the apps' tables: "table.column: value" for each place."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, column in text_columns(*app_labels):
            for value in values:
                cursor.execute(
                    f"SELECT 1 FROM {quote(model._meta.db_table)} "
                    f"WHERE {quote(column)}::text ILIKE %s LIMIT 1",
                    ["%" + value.replace("%", r"\%").replace("_", r"\_") + "%"],
                )
                if cursor.fetchone():
                    found.append(f"{model._meta.db_table}.{column}: {value}")
    return found


def shred(name: str, user, capture) -> None:
    """Run the shredder inside a transaction, as the erasure does, and its on-commit
    callbacks (`capture` is pytest-django's django_capture_on_commit_callbacks)."""
    from django.db import transaction

    with capture(execute=True), transaction.atomic():
        shredders.get(name).shred(user)


def still_found(values, *app_labels: str) -> set[str]:
    """Which of `values` are still found somewhere in the apps' text columns."""
    return {place.split(": ", 1)[1] for place in remaining(values, *app_labels)}

"""Model instances from rows read by hand (raw SQL on the busiest pages, where the ORM
spends more CPU building a statement than the database spends answering it)."""

from __future__ import annotations

from typing import TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def loaded(model: type[M], **values) -> M:
    """An instance of `model` with these fields (by attname: "specialty_id") loaded from a
    row; the others are deferred and read on access, as with QuerySet.only()."""
    names = set(values)
    return model.from_db(
        connection.alias,
        names,
        [values[field.attname] for field in model._meta.concrete_fields if field.attname in names],
    )

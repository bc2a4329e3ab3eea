"""What shredders share when they erase: stored files are removed only once the erasure's
transaction commits (a rollback must not lose a file), and the anonymised values follow one
convention."""

from __future__ import annotations

from django.db import transaction
from django.db.models.fields.files import FieldFile

ERASED_NOTE = "Erased at the holder's request."


def erased_email(user_id: int) -> str:
    """The address an erased account keeps: unique, and never delivered (.invalid)."""
    return f"erased-{user_id}@erased.invalid"


def delete_after_commit(*files: FieldFile) -> None:
    """Delete these stored files from their storage once the surrounding transaction
    commits; empty ones are skipped. The caller clears the fields (or deletes the rows)."""
    for file in files:
        if file and file.name:
            storage, name = file.storage, file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))

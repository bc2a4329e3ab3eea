"""One shredder per kind of personal data, registered by the app that holds it.

An app registers its shredders in its AppConfig.ready:

    shredders.register(ProfileShredder())

Each shredder answers for one kind of data (the profile, the documents, the invoices...):
  * `export(user)` returns an ExportSection: the rows as JSON-ready data under the
    shredder's `name`, the files to put beside them in the ZIP, and notes (what was left
    out, and why);
  * `shred(user)` erases that data in place inside the erasure's transaction: personal
    values anonymised, files removed from storage once the transaction commits (never
    before: a rollback must not lose a file), rows the law requires kept left as they are;
  * `keeps` says, for the applicant's page, what it keeps after the erasure and why ("" when
    it keeps nothing).

Apps may also register an erasure blocker: `erasure_blockers.register(name, check)`, where
`check(user)` returns a sentence saying why the account cannot be erased now (an enrolment
in progress), or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.fields.files import FieldFile


@dataclass(frozen=True)
class ExportedFile:
    """One stored file, put in the ZIP at `path` (e.g. "documents/12-transcript.pdf")."""

    path: str
    file: FieldFile


@dataclass(frozen=True)
class ExportSection:
    data: Any
    files: list[ExportedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class DataShredder:
    """One kind of personal data. Subclasses set `name` (the JSON key, e.g.
    "applications.profile"), `verbose_name` (lazy translatable, shown to the applicant) and
    `keeps`, and `schema` (the JSON Schema, draft 2020-12, of the `data` its export
    returns: the repository's export.schema.json is generated from it), and implement
    `export` and `shred`. A shredder that exports and erases documents issued by
    hmc_portal.issuance names their kinds in `issued_kinds`; the issuance app's own shredder
    takes every kind nobody names."""

    name: str = ""
    verbose_name: Any = ""
    keeps: Any = ""
    schema: dict[str, Any] = {}
    issued_kinds: tuple[str, ...] = ()

    def export(self, user) -> ExportSection:
        raise NotImplementedError

    def shred(self, user) -> None:
        raise NotImplementedError


class ShredderRegistry:
    """The shredders, by name (registering a name again replaces it), in registration
    order."""

    def __init__(self) -> None:
        self._shredders: dict[str, DataShredder] = {}

    def register(self, shredder: DataShredder) -> None:
        if not shredder.name:
            raise ValueError("A shredder needs a name.")
        self._shredders[shredder.name] = shredder

    def unregister(self, name: str) -> None:
        self._shredders.pop(name, None)

    def __iter__(self):
        return iter(list(self._shredders.values()))

    def get(self, name: str) -> DataShredder:
        return self._shredders[name]


class BlockerRegistry:
    """Reasons an account cannot be erased now, by name."""

    def __init__(self) -> None:
        self._checks: dict[str, Callable[..., str | None]] = {}

    def register(self, name: str, check: Callable[..., str | None]) -> None:
        self._checks[name] = check

    def unregister(self, name: str) -> None:
        self._checks.pop(name, None)

    def reasons(self, user) -> list[str]:
        return [reason for check in self._checks.values() if (reason := check(user))]


shredders = ShredderRegistry()
erasure_blockers = BlockerRegistry()

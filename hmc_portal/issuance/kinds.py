"""The kinds of issued document. The core knows none: each app registers its own in its
AppConfig.ready, e.g. ``kinds.register("invoice", label=_("Invoice"))``, so that the
verification page and the admin can name a kind without importing the app."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Kind:
    name: str  # stored in IssuedDocument.kind
    label: str | Promise  # translatable: shown on the verification page and in admin


_registry: dict[str, Kind] = {}


def register(name: str, *, label: str | Promise) -> Kind:
    """Declare a kind of document (idempotent for the same label). A name is lowercase
    letters, digits and underscores, at most 40 characters; registering a name again with
    another label is a programming error (ValueError)."""
    if not _NAME.match(name):
        raise ValueError(f"Invalid document kind name {name!r}.")
    kind = Kind(name=name, label=label)
    existing = _registry.get(name)
    if existing is not None and str(existing.label) != str(label):
        raise ValueError(f"Document kind {name!r} is already registered with another label.")
    _registry[name] = kind
    return kind


def is_registered(name: str) -> bool:
    return name in _registry


def label(name: str) -> str:
    """The kind's label in the active language; an unregistered name (an app removed since)
    as it is."""
    kind = _registry.get(name)
    return str(kind.label) if kind is not None else name


def choices() -> list[tuple[str, str]]:
    """(name, label) of every registered kind, by label."""
    return sorted(((k.name, str(k.label)) for k in _registry.values()), key=lambda c: c[1])

"""What the apps above applications add to an application's staff dossier (the one PDF of
applications.dossier): sections on its cover (the rotations, say) and files after the
application's own documents (pre-arrival evidence). Those apps register a provider in their
AppConfig.ready, so applications never imports them:

    dossier_contents.register("rotations", rotations_dossier)

`provide(application)` returns a DossierPart; `parts(application)` gathers every provider's
in the order they were registered. Text is English: the dossier is read by US staff and
reviewers and may be shown to program directors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DossierSection:
    """A section of the cover: a title and rows of (label, value) in order. `empty` is
    printed when there are no rows ("No rotation requested.")."""

    title: str
    rows: list[tuple[str, str]]
    empty: str = ""


@dataclass(frozen=True)
class DossierFile:
    """A stored file to bind into the dossier: a FieldFile of the private storage, its
    bookmark title, the name the applicant gave it, its detected type and size."""

    title: str
    file: Any
    original_name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class DossierPart:
    sections: list[DossierSection] = field(default_factory=list)
    files: list[DossierFile] = field(default_factory=list)


class DossierRegistry:
    """The providers of a dossier's extra parts, by name (registering a name again replaces
    it). A provider may also give `measure(application) -> (files, bytes)`: what its part
    would bind, counted without building the part (the application page asks on every view
    whether the dossier is small enough to build at once)."""

    def __init__(self) -> None:
        self._providers: dict[str, Callable[[Any], DossierPart]] = {}
        self._measures: dict[str, Callable[[Any], tuple[int, int]]] = {}

    def register(
        self,
        name: str,
        provide: Callable[[Any], DossierPart],
        *,
        measure: Callable[[Any], tuple[int, int]] | None = None,
    ) -> None:
        self._providers[name] = provide
        self._measures.pop(name, None)
        if measure is not None:
            self._measures[name] = measure

    def unregister(self, name: str) -> None:
        self._providers.pop(name, None)
        self._measures.pop(name, None)

    def parts(self, application) -> list[DossierPart]:
        return [provide(application) for provide in self._providers.values()]

    def size(self, application) -> tuple[int, int]:
        """How many files the parts bind for `application`, and their bytes."""
        count = size = 0
        for name, provide in self._providers.items():
            measure = self._measures.get(name)
            if measure is not None:
                files, nbytes = measure(application)
            else:
                part_files = provide(application).files
                files, nbytes = len(part_files), sum(file.size for file in part_files)
            count += files
            size += nbytes
        return count, size


dossier_contents = DossierRegistry()

"""What an observer took part in beyond their blocks (a residency program directors' panel,
a workshop), for the documents that speak of them: the letter of recommendation's draft
(preceptors.letters) and the completion certificate (rotations.aftercare). The apps that
know (events) register a provider here in their AppConfig.ready, so the apps below never
import them:

    observer_record.register("events", attended_lines)

`provide(user)` returns RecordLine items for that user; `lines(user)` gathers every
provider's, oldest first. The text is English: the documents that quote it are for US
program directors and authorities.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RecordLine:
    """One thing taken part in: "Residency program directors panel", on `day`."""

    text: str
    day: datetime.date


class RecordRegistry:
    """The providers of an observer's record, by name (registering a name again replaces
    it)."""

    def __init__(self) -> None:
        self._providers: dict[str, Callable[..., list[RecordLine]]] = {}

    def register(self, name: str, provide: Callable[..., list[RecordLine]]) -> None:
        self._providers[name] = provide

    def unregister(self, name: str) -> None:
        self._providers.pop(name, None)

    def lines(self, user) -> list[RecordLine]:
        found = [line for provide in self._providers.values() for line in provide(user)]
        return sorted(found, key=lambda line: (line.day, line.text))


observer_record = RecordRegistry()

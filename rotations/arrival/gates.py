"""Extra conditions of the visa invitation letter that apps above rotations add.

Rotations declares the registry; an app above registers a gate in its AppConfig.ready
(billing: "deposit paid", billing/gates.py), so rotations asks about a deposit without
importing billing. A gate's `check(application)` returns None when the condition is met,
or an Unmet saying what is missing and what to do (both translatable)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Unmet:
    """A condition not met: the reason and what the applicant can do about it."""

    name: str
    reason: str | Promise
    todo: str | Promise


@dataclass(frozen=True)
class Gate:
    name: str
    check: Callable[..., Unmet | None]


_gates: dict[str, Gate] = {}


def register(gate: Gate) -> None:
    """Add (or replace, by name) a gate of the visa invitation letter."""
    _gates[gate.name] = gate


def unregister(name: str) -> None:
    _gates.pop(name, None)


def unmet_extra_gates(application) -> list[Unmet]:
    """What the registered gates find missing for `application`, by gate name."""
    found = []
    for name in sorted(_gates):
        unmet = _gates[name].check(application)
        if unmet is not None:
            found.append(unmet)
    return found

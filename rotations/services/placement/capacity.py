"""Places on anything with a capacity and a count of places taken: a rotation's observers
today, an event's seats next. One set of rules, so that no holder is ever overbooked, also
when many take a place at once:

1. the writer locks the holder's row (`lock_holder`) inside its transaction before it counts;
2. it takes a place only after `has_free_place` said yes under that lock (`take_place`);
3. a database CheckConstraint (count <= capacity) refuses whatever slips past the first two;
4. a freed place goes to the first on the waiting list at once (`fill_from_waitlist`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.db.models import F

Holder = TypeVar("Holder", bound=models.Model)
Waiting = TypeVar("Waiting")


def lock_holder(model: type[Holder], pk: int) -> Holder:
    """The holder's row, locked until the caller's transaction ends."""
    return model.objects.select_for_update().get(pk=pk)


def has_free_place(holder: models.Model, *, count: str = "confirmed_count") -> bool:
    """Whether the locked holder has a place left."""
    return getattr(holder, count) < holder.capacity


def take_place(holder: models.Model, *, count: str = "confirmed_count") -> None:
    """One more place taken on the locked holder (the caller saw a free one)."""
    type(holder).objects.filter(pk=holder.pk).update(**{count: F(count) + 1})
    setattr(holder, count, getattr(holder, count) + 1)


def free_place(holder: models.Model, *, count: str = "confirmed_count") -> None:
    """One place given back on the locked holder."""
    type(holder).objects.filter(pk=holder.pk).update(**{count: F(count) - 1})
    setattr(holder, count, getattr(holder, count) - 1)


def fill_from_waitlist(
    holder: models.Model,
    *,
    next_waiting: Callable[[], Waiting | None],
    admit: Callable[[Waiting], bool],
    count: str = "confirmed_count",
) -> list[Waiting]:
    """Give the locked holder's free places to the waiting list in its order.

    `next_waiting` names the first still waiting (None when nobody is); `admit` moves them
    in (locking their own rows, writing, emailing) and says whether it did. Each admitted
    one takes a place here. Returns who was admitted, in order.
    """
    admitted = []
    while has_free_place(holder, count=count):
        candidate = next_waiting()
        if candidate is None or not admit(candidate):
            break
        take_place(holder, count=count)
        admitted.append(candidate)
    return admitted

"""Links to many objects of one kind at the cost of one reverse(): a page that links each
of its rows to the row's own page (/rotations/<id>/) spent more on reverse() than on the
rest of the row."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

# An id no row has, reversed once: each row's link is this link with the row's id in its
# place.
_PROBE = 2**31 - 1


def id_link(viewname: str) -> Callable[[int], str]:
    """A function giving reverse(viewname, args=[pk]) for any pk, for a view whose only
    argument is an integer id."""
    start, end = reverse(viewname, args=[_PROBE]).rsplit(str(_PROBE), 1)
    return lambda pk: f"{start}{pk}{end}"

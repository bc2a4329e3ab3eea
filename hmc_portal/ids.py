"""Ids read from a request: one parser for query strings and forms, one path converter.

`str.isdigit()` says yes to "¹" and to a 5,000-digit number, and `int()` then raises (or
PostgreSQL refuses the value as out of range): an id from a request is read here, as 1 to
19 ASCII digits whose value fits the bigint of our primary keys, or not at all."""

from __future__ import annotations

import re

from django.urls import register_converter

# Our primary keys are BigAutoField: PostgreSQL's bigint, up to 2**63 - 1 (19 digits).
MAX_ID = 2**63 - 1
MAX_DIGITS = 19
# How many ids one query-string list may carry (the catalogue shows far fewer per page).
MAX_IDS = 200

_ID = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}", re.ASCII)


def parse_id(value: object) -> int | None:
    """The positive id `value` spells, or None: ASCII digits only, bounded length, in range."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class TooManyIds(ValueError):
    """A list of ids longer than MAX_IDS."""


def parse_ids(value: str, *, limit: int = MAX_IDS) -> list[int]:
    """The ids of a comma-separated list, leaving out parts that are not ids, in order and
    without repeats. Raises TooManyIds when the list has more than `limit` parts."""
    parts = value.split(",", limit)
    if len(parts) > limit:
        raise TooManyIds(value[:50])
    ids: list[int] = []
    for part in parts:
        number = parse_id(part.strip())
        if number is not None and number not in ids:
            ids.append(number)
    return ids


class IdConverter:
    """`<id:pk>` in a URL pattern: like `<int:pk>`, but a value no primary key can have (more
    than 19 digits, past bigint, zero) does not match, so the URL is a 404."""

    regex = rf"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


# Registered when this module is first imported: every urls.py that uses `<id:...>` imports it.
register_converter(IdConverter, "id")

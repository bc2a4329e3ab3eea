"""Dates and times written out as each language writes them: "Monday 7 December 2026" and
"lunes 7 de diciembre de 2026", never a fixed order or mm/dd/yyyy. Pages and emails use the
`written` filter ({% load written_dates %}{{ day|written:"date" }}); the admin keeps Django's
own formats (datetime_writer writes them for the admin's lists, its pattern read once).

One clock per language, everywhere (pages, emails, admin): both languages here write the
24-hour clock ("14:30", never "2:30 PM"), like the day-month-year order, which the portal's
readers in many countries share. `hmc_portal/formats/` gives Django's own formats (admin,
`|date`, `|time` without a pattern) the same clock; a test holds every pattern to it.

A language missing here writes dates as English does; add its patterns with the language.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable

from django.conf import settings
from django.utils import dateformat, dates, formats, timezone, translation

# Kinds of date, each a django.utils.dateformat pattern per language.
PATTERNS: dict[str, dict[str, str]] = {
    "en": {
        "date": "l j F Y",  # Monday 7 December 2026
        "datetime": "l j F Y, H:i",  # Monday 7 December 2026, 14:30
        "short": "j M Y",  # 7 Dec 2026
        "short_datetime": "j M Y, H:i",  # 7 Dec 2026, 14:30
        "day": "D j M",  # Mon 7 Dec
        "month_day": "j F",  # 7 December
        "month": "F Y",  # December 2026
        "time": "H:i",
    },
    "es": {
        "date": r"l j \d\e F \d\e Y",  # lunes 7 de diciembre de 2026
        "datetime": r"l j \d\e F \d\e Y, H:i",
        "short": r"j b Y",  # 7 dic 2026
        "short_datetime": r"j b Y, H:i",
        "day": r"D j b",  # lun 7 dic
        "month_day": r"j \d\e F",  # 7 de diciembre
        "month": r"F \d\e Y",  # diciembre de 2026
        "time": "H:i",
    },
}
KINDS = tuple(PATTERNS["en"])


def written(
    value: datetime.date | datetime.datetime | datetime.time | str | None, kind: str = "date"
) -> str:
    """`value` written out in the active language; an aware datetime in the active time zone,
    unless a template already put it in a zone of its own (the `timezone` and `in_zone`
    filters mark it, as Django's own date filters respect); a time of day only as "time". An
    ISO string (what an email's JSON context holds) is read first. An unknown kind is a
    programming error (ValueError)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = _from_iso(value)
    if kind not in KINDS:
        raise ValueError(f"Unknown kind of date {kind!r}; one of {', '.join(KINDS)}.")
    active = translation.get_language()
    if type(value) is datetime.date:
        return _written_day(value, kind, active)
    language = (active or "en").split("-")[0]
    pattern = PATTERNS.get(language, PATTERNS["en"])[kind]
    if isinstance(value, datetime.time):
        return dateformat.time_format(value, pattern)
    if (
        isinstance(value, datetime.datetime)
        and timezone.is_aware(value)
        and getattr(value, "convert_to_local_time", True)
    ):
        value = timezone.localtime(value)
    return dateformat.format(value, pattern)


@functools.lru_cache(maxsize=4096)
def _written_day(value: datetime.date, kind: str, active: str | None) -> str:
    """A day (not a moment: no time zone to apply) written out in the `active` language (the
    one active now), remembered: pages write the same dates over and over, and Django's
    dateformat takes longer than the rest of a card of the rotation choice."""
    language = (active or "en").split("-")[0]
    return dateformat.format(value, PATTERNS.get(language, PATTERNS["en"])[kind])


def day_format(value: datetime.date, pattern: str) -> str:
    """A day in a Django date pattern ("j M"), as the `date` template filter writes it, remembered
    per language (the preceptor portal writes a few dozen on every visit)."""
    if type(value) is not datetime.date:
        return dateformat.format(value, pattern)
    return _day_format(value, pattern, translation.get_language())


@functools.lru_cache(maxsize=4096)
def _day_format(value: datetime.date, pattern: str, active: str | None) -> str:
    return dateformat.format(value, pattern)


def _from_iso(value: str) -> datetime.date | datetime.datetime:
    if len(value) == 10:
        return datetime.date.fromisoformat(value)
    return datetime.datetime.fromisoformat(value)


# --- Django's own format, as the admin writes a datetime ---------------------------------------

# What each format character of django.utils.dateformat writes, for the characters a
# date-and-time format of ours uses; month and day names are read once, in the language
# active when the format is compiled. Any other character is asked of DateFormat itself.
_FAST_CHARACTERS: dict[str, Callable[[datetime.datetime, dict], str]] = {
    "d": lambda value, names: f"{value.day:02d}",
    "j": lambda value, names: str(value.day),
    "m": lambda value, names: f"{value.month:02d}",
    "n": lambda value, names: str(value.month),
    "y": lambda value, names: f"{value.year % 100:02d}",
    "Y": lambda value, names: f"{value.year:04d}",
    "H": lambda value, names: f"{value.hour:02d}",
    "G": lambda value, names: str(value.hour),
    "i": lambda value, names: f"{value.minute:02d}",
    "s": lambda value, names: f"{value.second:02d}",
    "F": lambda value, names: names["F"][value.month],
    "b": lambda value, names: names["b"][value.month],
    "M": lambda value, names: names["M"][value.month],
    "N": lambda value, names: names["N"][value.month],
    "E": lambda value, names: names["E"][value.month],
    "D": lambda value, names: names["D"][value.weekday()],
    "l": lambda value, names: names["l"][value.weekday()],
}


@functools.lru_cache(maxsize=64)
def _compiled_format(format_string: str, language: str | None):
    """The pieces of a dateformat pattern: literal text, or a function of the datetime."""
    names = {
        "F": {month: str(name) for month, name in dates.MONTHS.items()},
        "b": {month: str(name) for month, name in dates.MONTHS_3.items()},
        "M": {month: str(name).title() for month, name in dates.MONTHS_3.items()},
        "N": {month: str(name) for month, name in dates.MONTHS_AP.items()},
        "E": {month: str(name) for month, name in dates.MONTHS_ALT.items()},
        "D": {day: str(name) for day, name in dates.WEEKDAYS_ABBR.items()},
        "l": {day: str(name) for day, name in dates.WEEKDAYS.items()},
    }
    pieces: list[str | Callable[[datetime.datetime], str]] = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            fast = _FAST_CHARACTERS.get(piece)
            if fast is not None:
                pieces.append(functools.partial(fast, names=names))
            else:
                pieces.append(
                    lambda value, piece=piece: str(getattr(dateformat.DateFormat(value), piece)())
                )
        elif piece:
            pieces.append(dateformat.re_escaped.sub(r"\1", piece))
    return tuple(pieces)


def datetime_writer() -> Callable[[datetime.datetime], str]:
    """A function writing a datetime as Django admin does (`formats.localize(
    timezone.template_localtime(value))`): the active language's DATETIME_FORMAT in the
    active time zone, both read once, when the writer is made, not per value."""
    pieces = _compiled_format(
        str(formats.get_format("DATETIME_FORMAT")), translation.get_language()
    )
    zone = timezone.get_current_timezone()
    use_tz = settings.USE_TZ

    def write(value: datetime.datetime) -> str:
        if (
            use_tz
            and not timezone.is_naive(value)
            and getattr(value, "convert_to_local_time", True)
        ):
            value = value.astimezone(zone)
        return "".join(piece if isinstance(piece, str) else piece(value) for piece in pieces)

    return write

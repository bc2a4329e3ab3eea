import datetime

from django import template

from hmc_portal.dates import day_format
from hmc_portal.dates import written as write_date

register = template.Library()


@register.filter(name="written")
def written(value, kind: str = "date") -> str:
    """{{ day|written:"date" }}: "Monday 7 December 2026" / "lunes 7 de diciembre de 2026"
    (hmc_portal.dates.PATTERNS has the kinds)."""
    return write_date(value, kind)


@register.filter(name="day_as")
def day_as(value, pattern: str) -> str:
    """{{ day|day_as:"j M" }}: a day (a date, not a moment) as {{ day|date:"j M" }} writes it,
    worked out once per day, pattern and language."""
    if value in (None, ""):
        return ""
    return day_format(value, pattern)


@register.filter(name="machine")
def machine(value) -> str:
    """{{ moment|machine }}: the value of a <time datetime="...">, to the second (HTML allows
    at most three digits of a fraction; Python's isoformat writes six)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()

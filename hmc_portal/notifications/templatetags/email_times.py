"""Times in emails, shown in the recipient's zone.

An email is rendered by a worker, where no zone is active, from a JSON context that holds
times as ISO 8601 strings. `render_notification` puts the recipient's IANA zone in the
context as `recipient_timezone`; these filters turn a stored time into that zone:

    {% load email_times %}
    {{ starts_at|when_in_zone:recipient_timezone }}      Tuesday 3 March 2026, 20:30 (Asia/Kolkata)
    {{ starts_at|in_zone:recipient_timezone|date:"H:i" }}  20:30

Words (days, months) are written in the email's language, the active one when it is rendered
(hmc_portal.dates.written): "martes 3 de marzo de 2026, 20:30 (Asia/Kolkata)".
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from django import template
from django.templatetags.tz import do_timezone
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hmc_portal.dates import written

register = template.Library()


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _as_datetime(value) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        moment = parse_datetime(value)
    else:
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:  # stored times are UTC
        moment = moment.replace(tzinfo=UTC)
    return moment


@register.filter
def in_zone(value, zone_name: str | None = None):
    """An ISO string (or datetime) as an aware datetime in `zone_name` (UTC when unknown),
    which later filters such as `date` do not convert again; "" when it is not a time."""
    moment = _as_datetime(value)
    if moment is None:
        return ""
    return do_timezone(moment, _zone(zone_name))


@register.filter
def when_in_zone(value, zone_name: str | None = None) -> str:
    """An ISO string (or datetime) written out in `zone_name` with the zone's name, in the
    pages' format, in the active language: "Tuesday 3 March 2026, 20:30 (Asia/Kolkata)";
    "" when it is not a time."""
    local = in_zone(value, zone_name)
    if not local:
        return ""
    with timezone.override(local.tzinfo):  # written() shows the active zone's time
        return f"{written(local, 'datetime')} ({local.tzinfo.key})"

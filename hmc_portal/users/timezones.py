"""The IANA time zones a person can choose, for forms and validation."""

import zoneinfo
from functools import cache


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone except legacy aliases, sorted, as (value, label) pairs."""
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in zones)]


def validate_timezone(value: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"“{value}” is not a known time zone.") from exc

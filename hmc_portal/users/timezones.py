"""The IANA time zones a person can choose, for forms and validation."""

import json
import zoneinfo
from functools import cache
from importlib import resources


@cache
def zone_links() -> dict[str, str]:
    """Old names of zones and the current name each stands for (Asia/Calcutta ->
    Asia/Kolkata), from the time zone database's own link table. Browsers still report
    some old names."""
    table = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text()
    links = {}
    for line in table.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            if "/" in alias and "/" in target and not target.startswith("Etc/"):
                links[alias] = target
    return links


def canonical_zone(name: str) -> str:
    """The current name of a zone (an old name becomes the one it links to)."""
    return zone_links().get(name, name)


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every current IANA zone (no old names, no legacy aliases), sorted, as (value, label)."""
    links = zone_links()
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone
        and zone not in links
        and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in zones)]


@cache
def zone_links_json() -> str:
    """The links whose current name can be chosen, for the browser's zone detection."""
    chosen = {value for value, _ in timezone_choices()}
    return json.dumps({old: new for old, new in zone_links().items() if new in chosen})


def validate_timezone(value: str) -> None:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("“%(zone)s” is not a known time zone.") % {"zone": value}) from exc

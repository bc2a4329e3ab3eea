"""Countries of citizenship: free text as applicants once typed it, turned into ISO codes."""

from __future__ import annotations

from django.utils import translation
from django_countries import countries

# What people write for a country that is not its name in the ISO list.
COMMON_NAMES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "iran": "IR",
    "syria": "SY",
    "vietnam": "VN",
    "viet nam": "VN",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "palestine": "PS",
    "taiwan": "TW",
    "uae": "AE",
    "turkey": "TR",
    "türkiye": "TR",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "congo": "CG",
    "macedonia": "MK",
    "swaziland": "SZ",
    "burma": "MM",
    "cape verde": "CV",
    "brunei": "BN",
    "micronesia": "FM",
}


def country_code(text: str | None) -> str:
    """The ISO 3166-1 code of a country named in English (any case, also "USA", "UK"), or of
    a code itself; "" when nothing matches."""
    value = " ".join((text or "").split()).strip()
    if not value:
        return ""
    lowered = value.lower()
    if lowered in COMMON_NAMES:
        return COMMON_NAMES[lowered]
    if len(value) == 2 and value.upper() in countries:
        return value.upper()
    with translation.override("en"):
        for code, name in countries:
            if str(name).lower() == lowered:
                return code
        code = countries.by_name(value, insensitive=True)
    return code or ""

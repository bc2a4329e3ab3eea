"""One clock per language: every time the portal writes in a language (pages, emails, the
admin's own formats) uses the 24-hour clock, never "2:30 PM" beside "14:30"."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import formats, translation

from hmc_portal.dates import KINDS, PATTERNS, written
from tests.factories import RotationFactory

# The 12-hour letters of Django's date patterns: g h (hours), a A (a.m./AM), P (4:30 p.m.).
TWELVE_HOUR = set("ghaAP")
DJANGO_FORMATS = ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def letters(pattern: str) -> set[str]:
    """The pattern's format letters, without the ones escaped with a backslash."""
    return set(re.sub(r"\\.", "", pattern))


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_written_time_of_a_language_uses_the_24_hour_clock(language):
    patterns = PATTERNS.get(language, PATTERNS["en"])

    assert {kind: letters(patterns[kind]) & TWELVE_HOUR for kind in KINDS} == {
        kind: set() for kind in KINDS
    }
    assert "H" in letters(patterns["time"])


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_djangos_own_formats_use_the_same_clock(language):
    with translation.override(language):
        found = {name: formats.get_format(name) for name in DJANGO_FORMATS}

    assert {name: letters(pattern) & TWELVE_HOUR for name, pattern in found.items()} == {
        name: set() for name in DJANGO_FORMATS
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Monday 7 December 2026, 14:30"), ("es", "lunes 7 de diciembre de 2026, 14:30")],
)
def test_an_afternoon_reads_the_same_way_in_written_and_in_the_admin(language, expected):
    moment = datetime.datetime(2026, 12, 7, 14, 30)

    with translation.override(language):
        assert written(moment, "datetime") == expected
        assert written(moment.time(), "time") == "14:30"
        assert formats.date_format(moment, "TIME_FORMAT") == "14:30"
        assert formats.date_format(moment, "DATETIME_FORMAT").endswith("14:30")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_a_rotation_page_gives_the_reporting_time_on_the_24_hour_clock(client, language):
    rotation = RotationFactory(reporting_time=datetime.time(13, 15))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(f"/rotations/{rotation.pk}/", HTTP_ACCEPT_LANGUAGE=language)

    text = html.content.decode()
    assert "13:15" in text
    assert re.search(r"\b1:15\s*(PM|p\.m\.)", text, re.IGNORECASE) is None

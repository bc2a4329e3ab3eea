"""Every language the portal offers is translated completely: no message untranslated, none
fuzzy, no format error (a %(name)s that does not match), checked by GNU gettext itself."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from hmc_portal.languages import language_of, language_or_default, offered_languages

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_catalogue_is_complete_and_valid(code):
    po = LOCALE / code / "LC_MESSAGES" / "django.po"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext is missing: make installs it (scripts/ensure-gettext.sh)"

    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip()
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics
    assert statistics.endswith("translated messages."), statistics


def test_the_catalogue_covers_every_marked_string(tmp_path):
    """`make messages` would add nothing: every string marked in the code is in the .po."""
    from django.core.management import call_command

    for code in TRANSLATED:
        po = LOCALE / code / "LC_MESSAGES" / "django.po"
        before = _msgids(po.read_text())
        work = tmp_path / "locale"
        shutil.copytree(LOCALE, work)
        with _settings_locale(work):
            call_command(
                "makemessages",
                locale=[code],
                ignore_patterns=[
                    ".venv/*",
                    ".local/*",
                    "tests/*",
                    "benchmarks/*",
                    "static/vendor/*",
                    "staticfiles/*",
                ],
                verbosity=0,
                no_obsolete=True,
            )
        after = _msgids((work / code / "LC_MESSAGES" / "django.po").read_text())
        assert after - before == set(), f"not in locale/{code}: run make messages"


def _msgids(text: str) -> set[str]:
    import re

    entries = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M)
    return {"".join(re.findall(r'"(.*)"', entry)) for entry in entries} - {""}


class _settings_locale:
    """makemessages writes into the first of LOCALE_PATHS found under the project: point it
    at a copy, so the test never changes the real catalogue."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.previous = list(settings.LOCALE_PATHS)
        settings.LOCALE_PATHS = [self.path]

    def __exit__(self, *exc):
        settings.LOCALE_PATHS = self.previous


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("ES-mx", "es"),
        ("en-GB", "en"),
        ("fr", "en"),
        ("xx", "en"),
        ("", "en"),
        (None, "en"),
        ("<script>", "en"),
        ("e" * 500, "en"),
    ],
)
def test_a_language_the_portal_does_not_offer_falls_back_to_english(code, expected):
    assert language_or_default(code) == expected


def test_a_user_without_a_language_is_spoken_to_in_english():
    class Nobody:
        pass

    assert language_of(None) == "en"
    assert language_of(Nobody()) == "en"
    assert set(offered_languages()) == {"en", "es"}

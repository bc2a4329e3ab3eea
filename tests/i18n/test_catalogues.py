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


def test_the_catalogue_covers_every_marked_string(tmp_path, settings, monkeypatch):
    """`make messages` would add nothing: every string marked in the code is in the .po.
    makemessages writes each file's strings into the locale folder beside it, which for
    every file of the project is the real one; so it runs in a copy of the sources, and the
    real catalogue is never changed."""
    from django.core.management import call_command

    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".*",
            "staticfiles",
            "static",
            "tests",
            "benchmarks",
            "test-results",
            "*.mo",
            "__pycache__",
            "*.egg-info",
        ),
    )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=TRANSLATED, verbosity=0, no_obsolete=True)

    for code in TRANSLATED:
        before = _msgids((LOCALE / code / "LC_MESSAGES" / "django.po").read_text())
        after = _msgids((copy / "locale" / code / "LC_MESSAGES" / "django.po").read_text())
        assert after - before == set(), f"not in locale/{code}: run make messages"


def test_the_coverage_check_sees_a_new_string(tmp_path, settings, monkeypatch):
    """The check above can fail: a string marked in a template the catalogue lacks is found."""
    from django.core.management import call_command

    copy = tmp_path / "src"
    (copy / "templates").mkdir(parents=True)
    shutil.copytree(LOCALE, copy / "locale")
    (copy / "templates" / "probe.html").write_text(
        '{% load i18n %}{% translate "A sentence no catalogue has yet" %}'
    )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=TRANSLATED, verbosity=0, no_obsolete=True)

    after = _msgids((copy / "locale" / TRANSLATED[0] / "LC_MESSAGES" / "django.po").read_text())
    assert "A sentence no catalogue has yet" in after
    assert "A sentence no catalogue has yet" not in _msgids(
        (LOCALE / TRANSLATED[0] / "LC_MESSAGES" / "django.po").read_text()
    )


def _msgids(text: str) -> set[str]:
    import re

    entries = re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M)
    return {"".join(re.findall(r'"(.*)"', entry)) for entry in entries} - {""}


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

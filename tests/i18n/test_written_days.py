"""A day written out (hmc_portal.dates.written) is remembered per language: the same day
reads in each language as that language writes it, however often and in whatever order it
is asked, and a moment (a datetime) is still written in the viewer's time zone."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from hmc_portal.dates import written

DAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize("rounds", [1, 3])
def test_a_day_reads_in_the_active_language_whatever_was_asked_before(rounds):
    seen = []
    for _ in range(rounds):
        for language in ("en", "es"):
            with translation.override(language):
                seen.append((written(DAY, "day"), written(DAY, "date")))

    assert (
        seen
        == [
            ("Mon 7 Dec", "Monday 7 December 2026"),
            ("lun 7 dic", "lunes 7 de diciembre de 2026"),
        ]
        * rounds
    )


def test_a_moment_is_still_written_in_the_active_time_zone():
    moment = datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC)

    with translation.override("en"):
        with timezone.override("UTC"):
            in_utc = written(moment, "datetime")
        with timezone.override("Asia/Kolkata"):
            in_india = written(moment, "datetime")

    assert (in_utc, in_india) == ("Monday 7 December 2026, 23:30", "Tuesday 8 December 2026, 05:00")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("pattern", ["j M", "j M Y", "Y-m-d", "Y", "D j b"])
def test_day_as_writes_a_day_as_djangos_date_filter_does(language, pattern):
    days = [DAY, datetime.date(2027, 5, 3), DAY]
    own = Template("{% load written_dates %}{% for d in days %}{{ d|day_as:pattern }}|{% endfor %}")
    builtin = Template("{% for d in days %}{{ d|date:pattern }}|{% endfor %}")

    with translation.override(language):
        context = Context({"days": days, "pattern": pattern})
        assert own.render(context) == builtin.render(context)

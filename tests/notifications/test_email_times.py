"""The filters that write times in emails: the recipient's zone, the email's language."""

import datetime

from django.utils import translation

from hmc_portal.notifications.templatetags.email_times import in_zone, when_in_zone

MOMENT = "2026-03-03T15:00:00+00:00"


def test_when_in_zone_in_english_is_the_pages_format():
    with translation.override("en"):
        assert when_in_zone(MOMENT, "Asia/Kolkata") == "Tuesday 3 March 2026, 20:30 (Asia/Kolkata)"


def test_when_in_zone_in_spanish_writes_spanish_words_at_the_same_time():
    with translation.override("es"):
        assert when_in_zone(MOMENT, "Asia/Kolkata") == (
            "martes 3 de marzo de 2026, 20:30 (Asia/Kolkata)"
        )


def test_a_naive_time_is_utc_and_an_unknown_zone_is_utc():
    with translation.override("en"):
        assert (
            when_in_zone("2026-03-03T15:00:00", "Mars/Base") == "Tuesday 3 March 2026, 15:00 (UTC)"
        )
    assert when_in_zone("", "UTC") == ""
    assert when_in_zone("not a time", "UTC") == ""


def test_in_zone_gives_an_aware_time_in_the_zone():
    local = in_zone(MOMENT, "America/Chicago")
    assert local.utcoffset() == datetime.timedelta(hours=-6)
    assert (local.hour, local.minute) == (9, 0)


def test_a_time_put_in_a_zone_is_written_in_that_zone_whatever_the_active_one():
    """`in_zone` then `written` (an event's venue time in an email to someone elsewhere)."""
    from django.template import Context, Template
    from django.utils import timezone

    template = Template(
        "{% load email_times written_dates %}"
        '{{ moment|in_zone:"America/Chicago"|written:"datetime" }}'
    )
    with translation.override("en"), timezone.override("Asia/Tokyo"):
        assert template.render(Context({"moment": MOMENT})) == "Tuesday 3 March 2026, 09:00"

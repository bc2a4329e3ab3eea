"""Each email in its recipient's language: stored on the outbox row when queued, used when
rendered; a language the portal no longer offers renders in English."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from hmc_portal.dates import written
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.outbox import queue_notification
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = "2026-12-07"


@pytest.mark.parametrize(("language", "stored"), [("es", "es"), ("en", "en"), ("fr", "en")])
def test_the_recipients_language_is_stored_when_queued(language, stored):
    recipient = UserFactory(language=language)

    with transaction.atomic(), translation.override("en"):  # the staff member's language
        notification = queue_notification(
            to=recipient, template="test_language", key="lang:1", context={"day": DAY}
        )

    assert notification.language == stored


def test_an_address_without_an_account_gets_english():
    with transaction.atomic(), translation.override("es"):
        notification = queue_notification(
            to="someone@example.com", template="test_language", key="lang:2", context={"day": DAY}
        )

    assert notification.language == "en"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Sí: lunes 7 de diciembre de 2026"),
        ("en", "Yes: Monday 7 December 2026"),
        ("fr", "Yes: Monday 7 December 2026"),  # no longer offered: English
        ("", "Yes: Monday 7 December 2026"),
    ],
)
def test_an_email_renders_in_its_stored_language(language, expected):
    notification = NotificationFactory(
        template="test_language", language=language, context={"day": DAY}
    )

    with translation.override("en"):
        subject, text, html = render_notification(notification)
        after = translation.get_language()

    assert (subject, text.strip(), html.strip()) == (expected, expected, expected)
    assert after == "en"  # the worker's own language is left as it was


@pytest.mark.parametrize("kind", ["date", "short", "month"])
def test_an_iso_string_is_written_like_the_date_it_names(kind):
    day = datetime.date(2026, 12, 7)

    with translation.override("es"):
        assert written(DAY, kind) == written(day, kind)
    with pytest.raises(ValueError, match="Unknown kind"):
        written(day, "fortnight")

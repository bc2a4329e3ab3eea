"""The outbox's shredder: the emails sent to a person, with their text; deleted on erasure."""

import pytest
from jsonschema import Draft202012Validator

from hmc_portal.notifications.models import Notification
from hmc_portal.privacy.registry import shredders
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_emails_exported_with_their_text_then_deleted():
    user = UserFactory(first_name="Zenaida")
    NotificationFactory(recipient=user, to_email=user.email, template="account_exists")
    NotificationFactory(recipient=None, to_email=user.email.upper(), template="account_exists")
    other = NotificationFactory(to_email="someone@example.com")
    NotificationFactory(  # an email to a preceptor about them
        to_email="dr.preceptor@example.com",
        context={"applicant_name": "Zenaida " + user.last_name, "reply_to": user.email},
    )
    shredder = shredders.get("notifications.emails")

    section = shredder.export(user)
    Draft202012Validator(shredder.schema).validate(section.data)
    assert [e["to"] for e in section.data] == [user.email, user.email.upper()]
    assert section.data[0]["subject"]
    assert "Dear Zenaida" in section.data[0]["text"]

    shredder.shred(user)
    assert list(Notification.objects.all()) == [other]


def test_email_whose_template_is_gone_keeps_its_subject():
    user = UserFactory()
    NotificationFactory(
        recipient=user, to_email=user.email, template="no_such_template", subject="Old news"
    )
    section = shredders.get("notifications.emails").export(user)
    assert [(e["subject"], e["text"]) for e in section.data] == [("Old news", "")]
    assert len(section.notes) == 1

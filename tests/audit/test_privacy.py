"""The activity log's shredder: what happened to a person's records, as verb and time; on
erasure the entries keep verb and time and lose their details."""

import pytest
from django.db import transaction
from jsonschema import Draft202012Validator

from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.services import log_action
from hmc_portal.privacy.registry import shredders
from tests.factories import ApplicationFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_entries_exported_as_verb_and_time_then_details_blanked():
    application = ApplicationFactory()
    user, reviewer = application.applicant, ReviewerFactory()
    with transaction.atomic():
        mine = log_action(
            application,
            "applications.application.started",
            by=user,
            person=user,
            data={"note": "Zenaida"},
        )
        about = log_action(
            application,
            "applications.note.added",
            by=reviewer,
            person=user,
            data={"note": "Zenaida"},
        )
        other = log_action(
            application, "applications.note.added", by=reviewer, data={"note": "Keep"}
        )
    shredder = shredders.get("audit.activity")

    data = shredder.export(user).data
    Draft202012Validator(shredder.schema).validate(data)
    assert [(e["verb"], e["wording"], e["by_you"]) for e in data] == [
        ("applications.application.started", "Application started", True),
        ("applications.note.added", "Internal note added", False),
    ]

    shredder.shred(user)
    assert ActivityLog.objects.get(pk=mine.pk).data == {}
    assert ActivityLog.objects.get(pk=about.pk).data == {}
    assert ActivityLog.objects.get(pk=about.pk).verb == "applications.note.added"
    assert ActivityLog.objects.get(pk=other.pk).data == {"note": "Keep"}
    assert shredder.export(UserFactory()).data == []

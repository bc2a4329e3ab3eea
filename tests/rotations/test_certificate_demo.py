"""The demo shows what follows the rotation: Lucía completed, with her certificate and one
block still waiting for her feedback; Dr. Patel's averages over three responses."""

import pytest
from django.core.management import call_command

from applications.models import Application
from hmc_portal.issuance.models import IssuedDocument
from preceptors.models import Preceptor
from rotations.aftercare.feedback_selectors import blocks_awaiting_feedback, preceptor_summary
from rotations.models import RotationFeedback
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_a_completed_observer_and_a_preceptors_feedback_once(tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    call_command("seed_demo")
    call_command("seed_demo")

    lucia = Application.objects.get(applicant__email="lucia@example.com")
    certificate = IssuedDocument.objects.get(kind="certificate", owner=lucia.applicant)
    patel = Preceptor.objects.get(user__email="dr.patel@hmc.test")
    summary = preceptor_summary(preceptor_id=patel.pk)

    assert lucia.status == "completed"
    assert certificate.owner == lucia.applicant
    assert certificate.holder_name == "LUCÍA FERNÁNDEZ"
    assert certificate.revoked_at is None
    # One certificate for each completed observer, seeded twice or not.
    completed = Application.objects.filter(status="completed").count()
    assert IssuedDocument.objects.filter(kind="certificate").count() == completed
    assert RotationFeedback.objects.count() == 3
    assert summary.count == 3
    assert [
        block.rotation.preceptor.user.email
        for block in blocks_awaiting_feedback(application_id=lucia.pk)
    ] == ["dr.okafor@hmc.test"]

"""The demo shows pre-arrival compliance: every site's requirements, and Ngozi with
requirements done, one expiring before her rotation ends, one waiting and some missing."""

import pytest
from django.core.management import call_command

from rotations.arrival import compliance_selectors as selectors
from rotations.models import ComplianceEvidence, Requirement, Site
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_requirements_and_ngozis_checklist_once(tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    call_command("seed_demo")
    call_command("seed_demo")

    assert Requirement.objects.count() == 10 * Site.objects.count()
    ben_taub = Requirement.objects.get(site__name="Harris Health Ben Taub Hospital", kind="tb_test")
    assert ben_taub.valid_days_before_start == 365
    assert ComplianceEvidence.objects.count() == 7
    application = ComplianceEvidence.objects.first().application
    [row, *_] = selectors.application_compliance(application_id=application.pk)
    states = {item.requirement.kind: item.state for item in row.clearance.items}
    kinds = ("mmr", "insurance", "passport", "hipaa", "tb_test")
    assert {kind: states[kind] for kind in kinds} == {
        "mmr": "done",
        "insurance": "expires",
        "passport": "done",
        "hipaa": "pending",
        "tb_test": "missing",
    }
    assert row.cleared is False

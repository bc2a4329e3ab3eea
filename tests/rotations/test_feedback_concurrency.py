"""The same feedback sent five times at once (a double click, a retrying phone): one
response stored, one audit entry, and every answer the thank-you or a clear refusal."""

import pytest
from django.urls import reverse

from hmc_portal.audit.models import ActivityLog
from rotations.models import RotationFeedback
from tests.rotations.aftercare_support import completed_blocks, form_data
from tests.security.test_double_submit import Case, five_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_five_submissions_at_once_store_one_feedback():
    application, (first, _second) = completed_blocks()
    case = Case(
        url=reverse("rotations:feedback", args=[first.pk]),
        data=form_data(),
        user=application.applicant,
        verb="rotations.feedback.given",
        template="",
        success="Thank you for your feedback",
        refusals=("You have given feedback on this rotation already.",),
        changed=lambda: RotationFeedback.objects.exists(),
    )

    responses = five_at_once(case)

    pages = [response.content.decode() for response in responses]
    assert RotationFeedback.objects.count() == 1
    assert ActivityLog.objects.filter(verb=case.verb).count() == 1
    assert sorted(response.status_code for response in responses) == [200, 400, 400, 400, 400]
    assert all(case.success in page for page in pages)
    assert sum(case.refusals[0] in page for page in pages) == 4

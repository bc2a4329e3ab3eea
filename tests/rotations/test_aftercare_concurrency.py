"""The same follow-up sent several times at the same instant (a double tap, two tabs, the
email's link and the portal together) on a real PostgreSQL: one evaluation, one audit
entry, one completion. Each thread has its own connection and waits at a barrier."""

import time

import pytest
from django.db import IntegrityError

from applications.models import StatusChange
from hmc_portal.audit.models import ActivityLog
from rotations.aftercare.errors import AftercareError
from rotations.models import Evaluation, RotationRequest
from tests.rotations.attendance_support import attend, block, evaluate
from tests.rotations.test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def test_the_final_evaluation_sent_at_once_is_stored_once_and_completes_once():
    ended = block(weeks_ago=6)
    attend(ended)

    errors = all_at_once(
        lambda _i: evaluate(RotationRequest.objects.get(pk=ended.pk)), range(THREADS)
    )

    assert len(errors) == THREADS - 1
    assert all(isinstance(error, AftercareError) for error in errors)
    assert Evaluation.objects.count() == 1
    assert ActivityLog.objects.filter(verb="rotations.evaluation.submitted").count() == 1
    completions = StatusChange.objects.filter(application=ended.application, to_status="completed")
    assert completions.count() == 1


def test_without_the_row_lock_the_same_submissions_would_collide():
    """The control: the naive check-then-insert lets several through to the insert, where
    only the database's unique constraint stops them."""
    ended = block(weeks_ago=6)

    def naive(_i):
        if not Evaluation.objects.filter(rotation_request=ended, kind="final").exists():
            time.sleep(0.2)  # the time a request takes between its check and its write
            Evaluation.objects.create(
                rotation_request=ended,
                kind="final",
                professionalism=5,
                medical_knowledge=5,
                communication=5,
                us_system=5,
                curiosity=5,
                submitted_at=ended.confirmed_at,
                due_on=ended.rotation.end_date,
            )

    errors = all_at_once(naive, range(THREADS))

    assert Evaluation.objects.count() == 1
    assert errors and all(isinstance(error, IntegrityError) for error in errors)

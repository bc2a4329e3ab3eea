"""An enrolled applicant with one replacement block, choosing from several tabs at the same
instant on a real PostgreSQL: one request is chosen as the replacement, every other click is
refused (the application's lock serialises them, and each sees the allowance taken)."""

import pytest

from applications.enums import ApplicationStatus
from rotations import services
from rotations.models import RotationRequest
from tests.factories import ApplicationFactory, CoordinatorFactory

from .replacement_support import block, confirmed_block
from .test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

TABS = 6


def test_one_allowance_chosen_from_many_tabs_at_once_gives_one_replacement():
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    cancelled = confirmed_block(application)
    services.cancel_rotation_request(rotation_request=cancelled, by=CoordinatorFactory())
    allowance = services.grant_replacement(rotation_request=cancelled, by=CoordinatorFactory())
    rotations = [block() for _ in range(TABS)]

    errors = all_at_once(
        lambda rotation: services.choose_rotations(
            application=application, rotations=[rotation], by=application.applicant
        ),
        rotations,
    )

    chosen = list(RotationRequest.objects.filter(replacement_for=allowance))
    assert len(chosen) == 1
    assert len(errors) == TABS - 1
    assert all(isinstance(error, services.PlacementError) for error in errors)
    assert RotationRequest.objects.filter(application=application).count() == 2

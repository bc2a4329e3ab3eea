import datetime

import pytest

from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)


@pytest.fixture
def confirmed_application():
    """An application whose offer the applicant accepted: it may choose rotations."""
    return ApplicationFactory(status="confirmed")


@pytest.fixture
def itinerary_rotations():
    """Two consecutive published blocks, in two specialties, with two preceptors."""
    first = RotationFactory(
        specialty=SpecialtyFactory(name="Internal Medicine"),
        preceptor=PreceptorFactory(),
        site=SiteFactory(name="Ben Taub Hospital", address="1504 Ben Taub Loop"),
        start_date=next_monday(4),
        end_date=next_monday(4) + datetime.timedelta(days=25),
    )
    second = RotationFactory(
        specialty=SpecialtyFactory(name="Cardiology"),
        preceptor=PreceptorFactory(),
        start_date=next_monday(8),
        end_date=next_monday(8) + datetime.timedelta(days=25),
    )
    return first, second

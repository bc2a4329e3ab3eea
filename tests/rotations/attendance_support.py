"""Arranging the follow-up after the first day for tests: an enrolled observer's confirmed
block starting a given number of weeks before this week's Monday, and the preceptor's
answers written through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from rotations.aftercare import services
from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
)

SCORES = {
    "professionalism": 5,
    "medical_knowledge": 4,
    "communication": 4,
    "us_system": 3,
    "curiosity": 5,
}


def this_monday() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def block(
    *,
    weeks_ago: int,
    days: int = 26,
    application=None,
    preceptor=None,
    application_status: str = "enrolled",
):
    """A confirmed request for a block of `days` days (26: Monday to the fourth Friday)
    starting on the Monday `weeks_ago` weeks before this week's (negative: ahead)."""
    start = this_monday() - datetime.timedelta(weeks=weeks_ago)
    rotation = RotationFactory(
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        preceptor=preceptor or PreceptorFactory(),
    )
    application = application or ApplicationFactory(status=application_status)
    return RotationRequestFactory(
        application=application,
        rotation=rotation,
        rank=application.rotation_requests.count() + 1,
        status="confirmed",
        confirmed_at=timezone.now() - datetime.timedelta(weeks=weeks_ago + 8),
    )


def attend(rotation_request, **kwargs):
    return services.confirm_attendance(
        rotation_request=rotation_request,
        by=rotation_request.rotation.preceptor.user,
        **kwargs,
    )


def evaluate(rotation_request, kind: str = "final", **kwargs):
    values = {
        "scores": SCORES,
        "strengths": "Careful histories; kind with patients.",
        "areas_to_grow": "Present cases more concisely.",
        **kwargs,
    }
    return services.submit_evaluation(
        rotation_request=rotation_request,
        kind=kind,
        by=rotation_request.rotation.preceptor.user,
        **values,
    )

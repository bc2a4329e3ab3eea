"""Observers whose blocks are over (or not yet), for the feedback and the certificate."""

from __future__ import annotations

import datetime

from django.utils import timezone

from applications.models import Application
from rotations.aftercare.feedback_services import FeedbackAnswers, give_feedback
from rotations.models import RotationRequest, Site
from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SpecialtyFactory,
    next_monday,
)

BLOCKS = [
    ("Internal Medicine", "Ben Taub Hospital", "1504 Ben Taub Loop, Houston, TX 77030"),
    ("Cardiology", "St. Luke's Hospital", "6720 Bertner Ave, Houston, TX 77030"),
]


def block(*, weeks_ahead: int, preceptor=None, specialty="Internal Medicine", site=None):
    """A 4-week block starting on the Monday `weeks_ahead` weeks from this week's (negative:
    in the past)."""
    start = next_monday(weeks_ahead)
    return RotationFactory(
        specialty=SpecialtyFactory(name=specialty),
        preceptor=preceptor or PreceptorFactory(),
        site=site
        or Site.objects.get_or_create(name="Ben Taub Hospital", defaults={"address": BLOCKS[0][2]})[
            0
        ],
        start_date=start,
        end_date=start + datetime.timedelta(days=25),
        confirmed_count=1,
    )


def observer(
    *, rotations, status="enrolled", first_name="Amara", last_name="Nwosu"
) -> tuple[Application, list[RotationRequest]]:
    """An application with each rotation confirmed."""
    application = ApplicationFactory(
        status=status, applicant__first_name=first_name, applicant__last_name=last_name
    )
    requests = [
        RotationRequestFactory(
            application=application,
            rotation=rotation,
            rank=index + 1,
            status="confirmed",
            confirmed_at=timezone.now(),
        )
        for index, rotation in enumerate(rotations)
    ]
    return Application.objects.get(pk=application.pk), requests


def completed_blocks(*, first_name="Amara", last_name="Nwosu", status="enrolled"):
    """An enrolled observer whose two blocks (Internal Medicine at Ben Taub, then
    Cardiology at St. Luke's) are over."""
    first = block(weeks_ahead=-9)
    second = block(
        weeks_ahead=-5,
        specialty="Cardiology",
        site=Site.objects.get_or_create(
            name="St. Luke's Hospital", defaults={"address": BLOCKS[1][2]}
        )[0],
    )
    return observer(
        rotations=[first, second], status=status, first_name=first_name, last_name=last_name
    )


def answers(**overrides) -> FeedbackAnswers:
    values = {
        "teaching": 4,
        "welcome": 5,
        "exposure": 3,
        "organisation": 4,
        "would_recommend": True,
        "comments": "",
        **overrides,
    }
    return FeedbackAnswers(**values)


def responses_for(preceptor, count: int, **overrides) -> list:
    """`count` observers' feedback on past blocks of the preceptor (one block each)."""
    given = []
    already = preceptor.rotations.count()
    for index in range(already, already + count):
        rotation = block(weeks_ahead=-40 + 5 * index, preceptor=preceptor)
        application, (rotation_request,) = observer(
            rotations=[rotation], first_name=f"Obs{index}", last_name=f"Erver{index}"
        )
        given.append(
            give_feedback(
                rotation_request=rotation_request,
                answers=answers(**overrides),
                by=application.applicant,
            )
        )
    return given


def form_data(**overrides) -> dict:
    return {
        "teaching": "4",
        "welcome": "5",
        "exposure": "3",
        "organisation": "4",
        "would_recommend": "yes",
        "comments": "Great teaching on rounds.",
        **overrides,
    }

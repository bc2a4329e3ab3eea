"""Factories and helpers of the mentoring tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from events.models import Mentor, MentoringBooking, MentoringSlot
from tests.factories import ApplicationFactory, UserFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory, timezone="America/Chicago")
    headline = "Residency application advisor"
    topics = factory.LazyFunction(lambda: ["residency_applications", "personal_statement"])
    bio = "Twelve years of residency selection committees."


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSlot

    mentor = factory.SubFactory(MentorFactory)
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    )
    duration_minutes = 30
    online_url = "https://meet.example.com/mentoring"


def applicant(status: str = "confirmed", **user_fields):
    """A user whose current application is at `status`."""
    user = UserFactory(**user_fields)
    ApplicationFactory(applicant=user, status=status)
    return user


def booking(slot=None, user=None, **fields) -> MentoringBooking:
    """A booked session written directly (for states a service would reach through time)."""
    slot = slot or SlotFactory()
    user = user or applicant()
    return MentoringBooking.objects.create(
        slot=slot,
        applicant=user,
        agenda=fields.pop("agenda", "My personal statement draft"),
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        **fields,
    )

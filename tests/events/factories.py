"""Events for the tests: published, open, a week ahead, online unless told."""

import datetime

import factory
from django.utils import timezone

from events.enums import EventFormat, EventKind
from events.models import Event

WEEK = datetime.timedelta(days=7)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"ERAS and Match information session {n}")
    kind = EventKind.MATCH_INFO
    description = "How ERAS, letters and the Match work for IMGs."
    starts_at = factory.LazyFunction(
        lambda: (timezone.now() + WEEK).replace(minute=0, second=0, microsecond=0)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    format = EventFormat.ONLINE
    join_url = "https://meet.example.com/eras-info"
    capacity = 10
    published = True

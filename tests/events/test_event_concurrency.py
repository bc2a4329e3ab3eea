"""Forty people registering at the same instant on a real PostgreSQL: an event of ten places
ends with exactly ten registered and thirty on its waiting list, round after round. Each
thread has its own connection and waits at a barrier so that all hit the database together;
the control shows that without the event's row lock the same crowd overbooks it."""

import time

import pytest
from django.db import IntegrityError, transaction

from events.enums import RegistrationStatus
from events.models import Event, Registration
from events.services import events as services
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.support.concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 40
CAPACITY = 10
ROUNDS = 20


@pytest.fixture
def crowd():
    event = EventFactory(capacity=CAPACITY)
    people = [UserFactory() for _ in range(THREADS)]
    return event, people


def reset(event) -> None:
    Registration.objects.filter(event=event).delete()
    Event.objects.filter(pk=event.pk).update(registered_count=0)


def outcome(event) -> tuple[int, int, int]:
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    event.refresh_from_db()
    return (
        statuses.count(RegistrationStatus.REGISTERED),
        statuses.count(RegistrationStatus.WAITLISTED),
        event.registered_count,
    )


def test_forty_registrations_at_once_give_ten_places_and_thirty_waitlisted(crowd):
    event, people = crowd

    def register(user):
        services.register_for_event(event=event, user=user)

    for _ in range(ROUNDS):
        reset(event)

        errors = all_at_once(register, people)

        assert errors == []
        assert outcome(event) == (10, 30, 10)


def naive_register(event_id: int, user) -> None:
    """The service without its row lock: read the count, check, write."""
    with transaction.atomic():
        event = Event.objects.get(pk=event_id)  # no select_for_update
        if event.registered_count < event.capacity:
            time.sleep(0.005)
            Event.objects.filter(pk=event.pk).update(registered_count=event.registered_count + 1)
            Registration.objects.create(
                event=event, user=user, status=RegistrationStatus.REGISTERED
            )
        else:
            Registration.objects.create(
                event=event, user=user, status=RegistrationStatus.WAITLISTED
            )


def test_control_without_the_lock_the_event_is_overbooked(crowd):
    event, people = crowd
    registered_per_try = []
    for _ in range(5):
        reset(event)
        all_at_once(lambda user: naive_register(event.pk, user), people)
        registered, _waitlisted, _count = outcome(event)
        registered_per_try.append(registered)
        if registered > CAPACITY:
            break

    assert max(registered_per_try) > CAPACITY, registered_per_try


def test_the_constraint_rejects_a_direct_over_capacity_write(crowd):
    event, _people = crowd

    with pytest.raises(IntegrityError, match="event_not_overbooked"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(registered_count=CAPACITY + 1)

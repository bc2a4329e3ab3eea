"""Ten applicants booking one mentoring time at the same instant, on a real PostgreSQL:
exactly one booking, every round. Each thread has its own connection and waits at a barrier
so that all of them hit the database together. The controls: without the lock several get
through the check (the unique constraint then stops them, as errors, not a clear message);
without the lock and the constraint, one time is booked twice."""

import time

import pytest
from django.db import connection, transaction

from events.mentoring import services
from events.mentoring.errors import MentoringError
from events.models import BookingStatus, MentoringBooking, MentoringSlot
from hmc_portal.notifications.models import Notification
from tests.support.concurrency import all_at_once

from .mentoring_support import SlotFactory, applicant

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 10
ROUNDS = 20


@pytest.fixture
def crowd():
    slot = SlotFactory()
    return slot, [applicant() for _ in range(THREADS)]


def reset(slot) -> None:
    Notification.objects.all().delete()
    MentoringBooking.objects.filter(slot=slot).delete()


def test_ten_applicants_booking_one_time_at_once_make_exactly_one_booking(crowd):
    slot, people = crowd

    def book(user):
        services.book_slot(slot=slot, applicant=user, agenda="Residency applications")

    for _ in range(ROUNDS):
        reset(slot)

        errors = all_at_once(book, people)

        assert MentoringBooking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count() == 1
        assert len(errors) == THREADS - 1
        assert all(isinstance(error, MentoringError) for error in errors), errors
        assert {str(error) for error in errors} == {services.taken_message()}
        assert Notification.objects.filter(template="mentoring_booked").count() == 2


def naive_book(slot: MentoringSlot, user) -> bool:
    """The service without its row lock: check that nobody booked, then write. Returns
    whether the check let this thread through."""
    with transaction.atomic():
        fresh = MentoringSlot.objects.get(pk=slot.pk)  # no select_for_update
        if fresh.bookings.filter(status=BookingStatus.BOOKED).exists():
            return False
        time.sleep(0.005)
        MentoringBooking.objects.create(
            slot=fresh,
            applicant=user,
            agenda="Naive",
            starts_at=fresh.starts_at,
            ends_at=fresh.ends_at,
        )
        return True


def test_control_without_the_lock_several_pass_the_check(crowd):
    slot, people = crowd
    through_per_try = []
    for _ in range(5):
        reset(slot)
        passed = []

        def book(user, passed=passed):
            passed.append(naive_book(slot, user))

        errors = all_at_once(book, people)
        # The unique constraint turned the extra ones into IntegrityErrors (a 500 for a
        # person), not a clear "taken" message: the lock is what makes them polite.
        through_per_try.append(sum(passed) + len(errors))
        if through_per_try[-1] > 1:
            break

    assert max(through_per_try) > 1, through_per_try


def test_control_without_the_lock_or_the_constraint_books_one_time_twice(crowd):
    """What the lock and the constraint prevent: with both gone, one time is booked by
    several applicants at once."""
    slot, people = crowd
    [constraint] = [
        c for c in MentoringBooking._meta.constraints if c.name == "mentoring_one_booking_per_slot"
    ]
    with connection.schema_editor() as editor:
        editor.remove_constraint(MentoringBooking, constraint)
    try:
        booked_per_try = []
        for _ in range(5):
            reset(slot)
            all_at_once(lambda user: naive_book(slot, user), people)
            booked_per_try.append(
                MentoringBooking.objects.filter(slot=slot, status=BookingStatus.BOOKED).count()
            )
            if booked_per_try[-1] > 1:
                break
        assert max(booked_per_try) > 1, booked_per_try
    finally:
        reset(slot)
        with connection.schema_editor() as editor:
            editor.add_constraint(MentoringBooking, constraint)

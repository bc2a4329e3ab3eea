"""Events' shredders (events.privacy): registrations with waiting lists and attendance, and
mentoring sessions with their notes, exported; on erasure places still to come are given
up (to the waiting list), past rows kept for the counts, every word about the person
blanked."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from events.models import Event, MentoringBooking, Registration
from events.services.events import register_for_event
from hmc_portal.privacy.registry import shredders
from tests.events.factories import EventFactory
from tests.events.mentoring_support import SlotFactory, applicant, booking
from tests.support import privacy

pytestmark = pytest.mark.django_db

PERSONAL = [
    "Zenobia's statement on nephrology",
    "Zenobia seemed anxious",
    "Zenobia should email Dr. Osei",
    "Zenobia cannot make it",
]


def build_world():
    user = applicant(first_name="Zenobia", last_name="Quarterfield")
    waiter = applicant(first_name="Wait", last_name="Er")
    full = EventFactory(capacity=1)
    register_for_event(event=full, user=user)
    register_for_event(event=full, user=waiter)
    crowded = EventFactory(capacity=1)
    register_for_event(event=crowded, user=waiter)
    register_for_event(event=crowded, user=user)
    past = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=10),
        ends_at=timezone.now() - datetime.timedelta(days=10, hours=-1),
        capacity=5,
        registered_count=1,
    )
    Registration.objects.create(
        event=past,
        user=user,
        status="registered",
        attended_at=past.ends_at,
    )
    upcoming = booking(user=user, agenda="Zenobia's statement on nephrology")
    earlier = booking(
        slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(days=5)),
        user=user,
        agenda="Interview practice",
        private_note="Zenobia seemed anxious.",
        follow_up="Zenobia should email Dr. Osei.",
        noted_at=timezone.now() - datetime.timedelta(days=5),
    )
    cancelled = booking(
        user=user,
        agenda="USMLE planning",
        status="cancelled",
        cancel_reason="Zenobia cannot make it.",
        cancelled_at=timezone.now(),
    )
    return {
        "user": user,
        "waiter": waiter,
        "full": full,
        "crowded": crowded,
        "past": past,
        "upcoming": upcoming,
        "earlier": earlier,
        "cancelled": cancelled,
    }


def test_the_export_lists_registrations_and_sessions_with_their_notes():
    world = build_world()
    user = world["user"]

    registrations = privacy.export("events.registrations", user).data
    statuses = {row["event_id"]: (row["status"], row["attended_at"]) for row in registrations}
    assert statuses[world["full"].pk] == ("registered", None)
    assert statuses[world["crowded"].pk] == ("waitlisted", None)
    assert statuses[world["past"].pk][1] is not None
    assert registrations[0]["event_id"] == world["past"].pk  # by start

    sessions = {row["id"]: row for row in privacy.export("events.mentoring", user).data}
    assert sessions[world["upcoming"].pk]["agenda"] == "Zenobia's statement on nephrology"
    assert sessions[world["earlier"].pk]["mentor_note"] == "Zenobia seemed anxious."
    assert sessions[world["earlier"].pk]["follow_up"] == "Zenobia should email Dr. Osei."
    assert sessions[world["cancelled"].pk]["cancel_reason"] == "Zenobia cannot make it."


def test_registrations_give_up_places_to_come_and_keep_the_past(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    user = world["user"]

    privacy.shred("events.registrations", user, django_capture_on_commit_callbacks)

    mine = dict(Registration.objects.filter(user=user).values_list("event_id", "status"))
    assert mine == {
        world["full"].pk: "cancelled",
        world["crowded"].pk: "cancelled",
        world["past"].pk: "registered",
    }
    waiter = dict(Registration.objects.filter(user=world["waiter"]).values_list("event", "status"))
    assert waiter[world["full"].pk] == "registered"  # the freed place went to the waiting list
    assert Event.objects.get(pk=world["full"].pk).registered_count == 1
    assert Event.objects.get(pk=world["crowded"].pk).registered_count == 1
    assert Event.objects.get(pk=world["past"].pk).registered_count == 1
    assert Registration.objects.get(event=world["past"], user=user).attended_at is not None


def test_mentoring_sessions_lose_every_word_and_those_to_come_are_cancelled(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    other = booking(agenda="Zenobia's statement on nephrology")  # another applicant's words
    user = world["user"]
    assert privacy.still_found(PERSONAL, "events") == set(PERSONAL)

    privacy.shred("events.mentoring", user, django_capture_on_commit_callbacks)

    sessions = {b.pk: b for b in MentoringBooking.objects.filter(applicant=user)}
    assert sessions[world["upcoming"].pk].status == "cancelled"
    assert sessions[world["earlier"].pk].status == "booked"
    for session in sessions.values():
        assert (session.agenda, session.private_note, session.follow_up) == ("", "", "")
        assert session.cancel_reason == ""
    other.refresh_from_db()
    assert (other.status, other.agenda) == ("booked", "Zenobia's statement on nephrology")
    assert privacy.still_found(PERSONAL, "events") == {"Zenobia's statement on nephrology"}


def test_after_both_shredders_nothing_personal_is_left(django_capture_on_commit_callbacks):
    world = build_world()
    user = world["user"]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in ("events.registrations", "events.mentoring"):
            shredders.get(name).shred(user)

    values = [*PERSONAL, "Zenobia", "Quarterfield", user.email]
    assert privacy.remaining(values, "events") == []


def test_a_rolled_back_erasure_changes_nothing(django_capture_on_commit_callbacks):
    world = build_world()
    user = world["user"]

    with pytest.raises(RuntimeError), transaction.atomic():
        for name in ("events.registrations", "events.mentoring"):
            shredders.get(name).shred(user)
        raise RuntimeError("the erasure failed further on")

    assert privacy.still_found(PERSONAL, "events") == set(PERSONAL)
    assert Registration.objects.get(event=world["full"], user=user).status == "registered"
    assert MentoringBooking.objects.get(pk=world["upcoming"].pk).status == "booked"

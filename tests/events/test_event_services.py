"""Registering, the waiting list, cancelling, calendar invitations, a new time, reminders,
attendance and staff's messages: the services of events on a real PostgreSQL."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events.enums import Audience, RegistrationStatus
from events.models import Event, Registration
from events.selectors.events import attended_events
from events.services import events as services
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from hmc_portal.users.models import User
from tests.events.factories import EventFactory
from tests.factories import ApplicationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)


def emails(template: str) -> list[Notification]:
    return list(Notification.objects.filter(template=template).order_by("pk"))


def ics_of(notification: Notification):
    (attachment,) = notification.attachments
    calendar = Calendar.from_ical(attachment["content"])
    (item,) = calendar.walk("VEVENT")
    return calendar, item


def state(event) -> tuple:
    event.refresh_from_db()
    return (
        event.registered_count,
        Registration.objects.filter(event=event).count(),
        Notification.objects.count(),
        ActivityLog.objects.filter(verb__startswith="events.registration").count(),
    )


# --- registering -----------------------------------------------------------------------------


def test_register_takes_a_place_and_emails_the_invitation(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register_for_event(event=event, user=user)

    event.refresh_from_db()
    assert (registration.status, event.registered_count) == (RegistrationStatus.REGISTERED, 1)
    calendar, item = ics_of(emails("event_registered")[0])
    assert (str(calendar["method"]), str(item["uid"]), int(item["sequence"])) == (
        "REQUEST",
        event.uid,
        0,
    )
    assert [m.subject for m in mail.outbox] == [f"You are registered: {event.title}"]
    assert ActivityLog.objects.get(verb="events.registration.registered").person == user


def test_a_full_event_puts_the_next_on_its_waiting_list():
    event = EventFactory(capacity=1)
    services.register_for_event(event=event, user=UserFactory())

    registration = services.register_for_event(event=event, user=UserFactory())

    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at is not None
    assert len(emails("event_waitlisted")) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"published": False}, "This event is not open for registration."),
        ({"starts_at_offset": -H}, "This event has already started or taken place."),
        ({"registration_opens_at_offset": H}, "Registration for this event is not open yet."),
        ({"registration_closes_at_offset": -H}, "Registration for this event is closed."),
    ],
)
def test_registering_when_not_open_is_refused_and_changes_nothing(changes, message):
    now = timezone.now()
    fields = {}
    if "starts_at_offset" in changes:
        fields["starts_at"] = now + changes["starts_at_offset"]
        fields["ends_at"] = now + H
    if "registration_opens_at_offset" in changes:
        fields["registration_opens_at"] = now + changes["registration_opens_at_offset"]
    if "registration_closes_at_offset" in changes:
        fields["registration_closes_at"] = now + changes["registration_closes_at_offset"]
    if "published" in changes:
        fields["published"] = changes["published"]
    event = EventFactory(**fields)
    before = state(event)

    with pytest.raises(services.EventError, match=message):
        services.register_for_event(event=event, user=UserFactory())

    assert state(event) == before


def test_registering_for_a_full_event_without_waiting_list_is_refused():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    services.register_for_event(event=event, user=UserFactory())
    before = state(event)

    with pytest.raises(services.EventError, match="This event is full."):
        services.register_for_event(event=event, user=UserFactory())

    assert state(event) == before


def test_registering_twice_is_refused():
    event = EventFactory()
    user = UserFactory()
    services.register_for_event(event=event, user=user)
    before = state(event)

    with pytest.raises(services.EventError, match="already registered"):
        services.register_for_event(event=event, user=user)

    assert state(event) == before


@pytest.mark.parametrize(
    ("audience", "min_status", "status", "allowed"),
    [
        (Audience.APPLICANTS, "under_review", "submitted", False),
        (Audience.APPLICANTS, "under_review", "under_review", True),
        (Audience.APPLICANTS, "under_review", "confirmed", True),
        (Audience.APPLICANTS, "interview", "waitlisted", True),
        (Audience.APPLICANTS, "submitted", "withdrawn", False),
        (Audience.ENROLLED, "", "confirmed", False),
        (Audience.ENROLLED, "", "enrolled", True),
        (Audience.ENROLLED, "", "completed", True),
    ],
)
def test_who_may_register_follows_the_lifecycle_order(audience, min_status, status, allowed):
    event = EventFactory(audience=audience, min_status=min_status)
    application = ApplicationFactory(status=status)

    problem = services.registration_problem(event=event, user=application.applicant)

    assert (problem == "") is allowed


def test_someone_without_the_status_is_refused_with_the_status_named():
    event = EventFactory(audience=Audience.APPLICANTS, min_status="confirmed")
    user = UserFactory()  # no application at all
    before = state(event)

    with pytest.raises(services.EventError, match="at least “Offer accepted”"):
        services.register_for_event(event=event, user=user)

    assert state(event) == before


# --- cancelling and the waiting list ----------------------------------------------------------


def test_cancelling_promotes_the_first_in_line_with_an_email(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first = services.register_for_event(event=event, user=UserFactory())
    second = services.register_for_event(event=event, user=UserFactory())
    third = services.register_for_event(event=event, user=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first, by=first.user)

    statuses = {
        r.pk: r.status for r in Registration.objects.filter(pk__in=[first.pk, second.pk, third.pk])
    }
    assert statuses == {
        first.pk: RegistrationStatus.CANCELLED,
        second.pk: RegistrationStatus.REGISTERED,
        third.pk: RegistrationStatus.WAITLISTED,
    }
    event.refresh_from_db()
    assert event.registered_count == 1
    (promoted,) = emails("event_promoted")
    assert promoted.recipient == second.user
    assert str(ics_of(promoted)[0]["method"]) == "REQUEST"
    assert [m.to for m in mail.outbox if m.subject.startswith("A place is yours")] == [
        [second.user.email]
    ]


def test_cancelling_sends_the_calendar_cancel_with_the_same_uid_and_a_higher_sequence():
    event = EventFactory()
    registration = services.register_for_event(event=event, user=UserFactory())
    _calendar, invitation = ics_of(emails("event_registered")[0])

    services.cancel_registration(registration=registration, by=registration.user)

    calendar, cancel = ics_of(emails("event_cancelled")[0])
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancel["uid"]) == str(invitation["uid"]) == event.uid
    assert int(cancel["sequence"]) == int(invitation["sequence"]) + 1
    assert str(cancel["status"]) == "CANCELLED"


def test_registering_again_after_cancelling_reuses_the_row_with_a_newer_sequence():
    event = EventFactory()
    user = UserFactory()
    registration = services.register_for_event(event=event, user=user)
    services.cancel_registration(registration=registration, by=user)

    again = services.register_for_event(event=event, user=user)

    assert again.pk == registration.pk
    _calendar, item = ics_of(emails("event_registered")[-1])
    assert int(item["sequence"]) == 2


def test_cancelling_twice_is_refused():
    event = EventFactory()
    registration = services.register_for_event(event=event, user=UserFactory())
    services.cancel_registration(registration=registration, by=registration.user)

    with pytest.raises(services.EventError, match="already cancelled"):
        services.cancel_registration(registration=registration, by=registration.user)


# --- a new time ------------------------------------------------------------------------------


def test_a_new_time_resends_the_invitation_with_a_higher_sequence_and_new_reminders():
    event = EventFactory()
    registration = services.register_for_event(event=event, user=UserFactory())
    staff = StaffFactory()
    old_start = event.starts_at
    services.send_event_reminders(now=old_start - 24 * H)

    event = Event.objects.get(pk=event.pk)
    event.starts_at = old_start + 48 * H
    event.ends_at = event.starts_at + H
    services.save_event(event=event, by=staff)

    calendar, item = ics_of(emails("event_rescheduled")[0])
    assert (str(calendar["method"]), str(item["uid"]), int(item["sequence"])) == (
        "REQUEST",
        event.uid,
        1,
    )
    assert item.decoded("dtstart") == event.starts_at
    assert ActivityLog.objects.filter(verb="events.event.rescheduled").count() == 1
    # Reminded again at the new time, under new keys; never again at the old one.
    assert services.send_event_reminders(now=old_start - H) == 0
    services.send_event_reminders(now=event.starts_at - 24 * H)
    assert [n.dedupe_key for n in emails("event_reminder")] == [
        f"event:{registration.pk}:24h:s0",
        f"event:{registration.pk}:24h:s1",
    ]


def test_a_lower_capacity_than_the_registered_is_refused():
    event = EventFactory(capacity=2)
    services.register_for_event(event=event, user=UserFactory())
    services.register_for_event(event=event, user=UserFactory())
    event = Event.objects.get(pk=event.pk)
    event.capacity = 1

    with pytest.raises(services.EventError, match="2 people are registered"):
        services.save_event(event=event, by=StaffFactory())

    event.refresh_from_db()
    assert event.capacity == 2


def test_a_higher_capacity_gives_the_new_places_to_the_waiting_list():
    event = EventFactory(capacity=1)
    services.register_for_event(event=event, user=UserFactory())
    waiting = services.register_for_event(event=event, user=UserFactory())
    event = Event.objects.get(pk=event.pk)
    event.capacity = 2

    services.save_event(event=event, by=StaffFactory())

    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert len(emails("event_promoted")) == 1


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_once_each_when_the_scan_runs_twice():
    event = EventFactory()
    registration = services.register_for_event(event=event, user=UserFactory())

    assert services.send_event_reminders(now=event.starts_at - 24 * H - M) == 0
    services.send_event_reminders(now=event.starts_at - 24 * H)
    services.send_event_reminders(now=event.starts_at - 23 * H)
    services.send_event_reminders(now=event.starts_at - H)
    services.send_event_reminders(now=event.starts_at - 30 * M)

    reminders = emails("event_reminder")
    assert [n.dedupe_key for n in reminders] == [
        f"event:{registration.pk}:24h:s0",
        f"event:{registration.pk}:1h:s0",
    ]
    assert "join_url" not in reminders[0].context
    assert reminders[1].context["join_url"] == event.join_url


def test_a_cancelled_registration_gets_no_reminder():
    event = EventFactory()
    registration = services.register_for_event(event=event, user=UserFactory())
    services.cancel_registration(registration=registration, by=registration.user)

    assert services.send_event_reminders(now=event.starts_at - H) == 0


# --- staff: copy, message, attendance --------------------------------------------------------


def test_copy_is_unpublished_with_the_speakers_and_no_registrations():
    event = EventFactory()
    event.speakers.create(name="Dr. Ana Ruiz", title="Program director", affiliation="UTHealth")
    services.register_for_event(event=event, user=UserFactory())

    copy = services.copy_event(event=event, by=StaffFactory())

    assert (copy.published, copy.registered_count, copy.registrations.count()) == (False, 0, 0)
    assert list(copy.speakers.values_list("name", flat=True)) == ["Dr. Ana Ruiz"]
    assert copy.uid != event.uid


def test_message_goes_to_each_registered_person_once():
    event = EventFactory(capacity=1)
    registered = services.register_for_event(event=event, user=UserFactory())
    services.register_for_event(event=event, user=UserFactory())  # waitlisted

    count = services.message_registrants(
        event=event, subject="Room change", body="We meet in room 4.", by=StaffFactory()
    )

    assert count == 1
    assert [n.recipient for n in emails("event_message")] == [registered.user]


def test_attendance_import_marks_the_matches_and_lists_the_rest():
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    attendee = Registration.objects.create(
        event=event, user=UserFactory(email="aisha@example.com"), status="registered"
    )
    absent = Registration.objects.create(event=event, user=UserFactory(), status="registered")
    data = b"Name,Email\nAisha,AISHA@example.com\nGuest,guest@example.org\n"

    result = services.import_attendance(event=event, data=data, by=StaffFactory())

    assert (result.matched, result.not_found) == (["aisha@example.com"], ["guest@example.org"])
    attendee.refresh_from_db()
    absent.refresh_from_db()
    assert (attendee.attended_at is not None, absent.attended_at) == (True, None)
    assert attended_events(attendee.user) == [event]


def test_an_attendance_file_without_an_email_column_is_refused():
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)

    with pytest.raises(services.EventError, match="no “email” column"):
        services.import_attendance(event=event, data=b"name\nAisha\n", by=StaffFactory())


def test_attended_events_takes_an_application_too():
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    application = ApplicationFactory(status="enrolled")
    registration = Registration.objects.create(
        event=event, user=application.applicant, status="registered"
    )

    services.mark_attendance(registrations=[registration], by=StaffFactory())

    assert attended_events(application) == [event]
    assert ActivityLog.objects.filter(verb="events.registration.attended").count() == 1


def test_an_event_attended_is_on_the_observers_record_and_in_the_letter_draft():
    from hmc_portal.records import observer_record
    from preceptors.letters.draft import draft_for
    from tests.preceptors.letters_support import ask, finished_block

    block = finished_block()
    applicant = block.application.applicant
    event = EventFactory(
        title="Residency program directors panel",
        starts_at=timezone.now() - 2 * H,
        ends_at=timezone.now() - H,
    )
    registration = Registration.objects.create(event=event, user=applicant, status="registered")
    Registration.objects.create(  # registered, not attended: not on the record
        event=EventFactory(starts_at=timezone.now() - 4 * H, ends_at=timezone.now() - 3 * H),
        user=applicant,
        status="registered",
    )
    services.mark_attendance(registrations=[registration], by=StaffFactory())

    [line] = observer_record.lines(applicant)
    assert line.text == "Residency program directors panel"
    assert "also took part in: Residency program directors panel (" in draft_for(ask(block))


def test_the_demo_shows_each_kind_of_event():
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")  # a second run changes nothing

    workshop = Event.objects.get(title="Mock interview workshop")
    statuses = list(workshop.registrations.values_list("status", flat=True))
    assert (statuses.count("registered"), statuses.count("waitlisted")) == (6, 2)
    assert [e.title for e in attended_events(User.objects.get(email="aisha@example.com"))] == [
        "Seminar: clinical documentation in US hospitals"
    ]
    assert Event.objects.filter(published=True).count() == 4

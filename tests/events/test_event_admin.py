"""Staff's events in admin: times entered in the staff member's own zone, a new time that
re-sends the invitation, copying, messaging every registrant, the attendees' CSV, and
attendance marked by hand or imported from the join platform's CSV."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import events as services
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import CoordinatorFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)
INLINES = {
    f"{prefix}-{name}": "0"
    for prefix in ("speakers", "registrations")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def coordinator(client):
    user = CoordinatorFactory(timezone="America/Chicago")
    client.force_login(user)
    return user


def event_form(**changes) -> dict:
    data = {
        "title": "Program directors evening",
        "kind": "networking_directors",
        "description": "Meet program directors.",
        "starts_at_0": "2027-03-15",
        "starts_at_1": "18:00",
        "ends_at_0": "2027-03-15",
        "ends_at_1": "20:00",
        "time_zone": "America/Chicago",
        "format": "in_person",
        "venue": "TMC3",
        "address": "2450 Holcombe Blvd, Houston, TX",
        "capacity": "30",
        "waitlist_enabled": "on",
        "audience": "anyone",
        "published": "on",
        **INLINES,
    }
    data.update(changes)
    return data


def test_times_entered_in_the_staff_zone_are_stored_in_utc_across_daylight_saving(
    client, coordinator
):
    # 15 March 2027 is after Chicago's change to daylight time (UTC-5); 1 March is before (UTC-6).
    client.post(reverse("admin:events_event_add"), event_form())
    client.post(
        reverse("admin:events_event_add"),
        event_form(title="Winter evening", starts_at_0="2027-03-01", ends_at_0="2027-03-01"),
    )

    starts = dict(Event.objects.values_list("title", "starts_at"))
    assert starts == {
        "Program directors evening": datetime.datetime(2027, 3, 15, 23, tzinfo=datetime.UTC),
        "Winter evening": datetime.datetime(2027, 3, 2, 0, tzinfo=datetime.UTC),
    }


def test_a_refused_event_form_changes_nothing(client, coordinator):
    response = client.post(
        reverse("admin:events_event_add"), event_form(ends_at_1="17:00", address="")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["ends_at"] == ["An event ends after it starts."]
    assert errors["address"] == ["An in-person or hybrid event needs its address."]
    assert Event.objects.count() == 0


def test_a_new_time_in_admin_emails_the_registered_an_updated_invitation(client, coordinator):
    event = EventFactory(format="in_person", address="TMC3", venue="TMC3", join_url="")
    registration = services.register_for_event(event=event, user=UserFactory())
    new_day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()

    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(
            title=event.title,
            starts_at_0=new_day,
            ends_at_0=new_day,
            capacity="10",
            **{
                "registrations-TOTAL_FORMS": "1",
                "registrations-INITIAL_FORMS": "1",
                "registrations-0-id": str(registration.pk),
                "registrations-0-event": str(event.pk),
            },
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.sequence == 1
    (update,) = Notification.objects.filter(template="event_rescheduled")
    assert "SEQUENCE:1" in update.attachments[0]["content"]


def test_copy_action_makes_an_unpublished_copy(client, coordinator):
    event = EventFactory(title="Mock interview workshop")

    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "copy_events", "_selected_action": [event.pk]},
    )

    copy = Event.objects.exclude(pk=event.pk).get()
    assert (copy.title, copy.published) == ("Mock interview workshop (copy)", False)


def test_message_action_asks_then_queues_one_email_each(client, coordinator):
    event = EventFactory()
    people = [UserFactory(language="es"), UserFactory()]
    for user in people:
        services.register_for_event(event=event, user=user)
    url = reverse("admin:events_event_changelist")
    selection = {"action": "message_registrants", "_selected_action": [event.pk]}

    asked = client.post(url, selection)
    assert asked.templates[0].name == "events/admin/message_registrants.html"
    client.post(url, {**selection, "apply": "1", "subject": "Room 4", "body": "See you there."})

    messages = list(Notification.objects.filter(template="event_message").order_by("pk"))
    assert [n.recipient for n in messages] == people
    subject, text, _html = render_notification(messages[0])
    assert subject == "Room 4"
    assert "Un mensaje de la oficina del programa" in text


def test_export_attendees_is_a_spreadsheet_safe_csv(client, coordinator):
    event = EventFactory()
    services.register_for_event(event=event, user=UserFactory(first_name="=HYPERLINK(1)"))

    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "export_attendees", "_selected_action": [event.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["event", "starts_at", "name", "email", "status", "attended_at"]
    assert rows[1][2].startswith("'=HYPERLINK(1)")
    assert rows[1][4] == "registered"


def test_attendance_import_page_shows_matched_and_not_found(client, coordinator):
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    registration = Registration.objects.create(
        event=event, user=UserFactory(email="aisha@example.com"), status="registered"
    )
    upload = SimpleUploadedFile(
        "zoom.csv", b"Email,Minutes\naisha@example.com,55\nnobody@example.org,3\n", "text/csv"
    )

    response = client.post(
        reverse("admin:events_event_attendance_import", args=[event.pk]), {"file": upload}
    )

    result = response.context["result"]
    assert (result.matched, result.not_found) == (["aisha@example.com"], ["nobody@example.org"])
    registration.refresh_from_db()
    assert registration.attended_at is not None


def test_a_reviewer_may_not_import_attendance(client):
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    client.force_login(ReviewerFactory())

    response = client.get(reverse("admin:events_event_attendance_import", args=[event.pk]))

    assert response.status_code == 403


def test_mark_attendance_action_marks_only_started_events(client, coordinator):
    past = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    future = EventFactory()
    done = Registration.objects.create(event=past, user=UserFactory(), status="registered")
    ahead = services.register_for_event(event=future, user=UserFactory())

    client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "mark_attended", "_selected_action": [done.pk, ahead.pk]},
    )

    done.refresh_from_db()
    ahead.refresh_from_db()
    assert (done.attended_at is not None, ahead.attended_at) == (True, None)


@pytest.mark.parametrize(
    "template",
    ["event_registered", "event_waitlisted", "event_cancelled", "event_promoted", "event_reminder"],
)
def test_every_event_email_renders_in_spanish(template):
    event = EventFactory(capacity=1, format="hybrid", venue="TMC3", address="Houston")
    first = services.register_for_event(event=event, user=UserFactory(language="es"))
    services.register_for_event(event=event, user=UserFactory(language="es"))
    services.cancel_registration(registration=first, by=first.user)
    services.send_event_reminders(now=event.starts_at - H)

    notification = Notification.objects.filter(template=template).first()
    subject, text, html = render_notification(notification)

    assert event.title in subject
    assert text.startswith(f"Estimado/a {notification.recipient.display_name}:")
    assert "Hora local en el lugar" in text
    assert "<html" in html.lower()

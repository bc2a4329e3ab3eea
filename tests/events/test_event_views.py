"""The events pages: the list (filters, places left, times in the viewer's zone, constant
queries), one event with Register and Cancel, the live places JSON, the calendar file."""

import datetime
import json
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import EventFormat, EventKind, RegistrationStatus
from events.models import Registration
from events.services import events as services
from tests.events.factories import EventFactory
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)


def add_events(user, count: int) -> None:
    """`count` upcoming events with a speaker each, the viewer registered for each, and as
    many past ones."""
    for _ in range(count):
        event = EventFactory()
        event.speakers.create(name="Dr. Ana Ruiz")
        services.register_for_event(event=event, user=user)
        EventFactory(starts_at=timezone.now() - 48 * H, ends_at=timezone.now() - 47 * H)


def list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("events:list"))
    return len(response.context["events"]), len(queries)


def test_the_list_takes_as_many_queries_for_twenty_events_as_for_one(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    add_events(user, 1)
    listed, one = list_queries(client)
    assert listed == 1

    add_events(user, 19)
    with django_assert_max_num_queries(one):
        response = client.get(reverse("events:list"))

    assert len(response.context["events"]) == 20
    assert list_queries(client) == (20, one)


def test_the_list_filters_by_kind_and_format(client):
    EventFactory(title="Mock interviews", kind=EventKind.MOCK_INTERVIEW)
    EventFactory(
        title="Program directors evening",
        kind=EventKind.NETWORKING_DIRECTORS,
        format=EventFormat.IN_PERSON,
        address="6400 Fannin St, Houston, TX",
        venue="Medical Center auditorium",
        join_url="",
    )

    response = client.get(reverse("events:list"), {"format": "in_person"})

    assert [e.title for e in response.context["events"]] == ["Program directors evening"]
    response = client.get(reverse("events:list"), {"kind": "mock_interview"})
    assert [e.title for e in response.context["events"]] == ["Mock interviews"]


def test_the_list_shows_past_events_below_and_hides_unpublished(client):
    EventFactory(title="Upcoming seminar")
    EventFactory(title="Draft seminar", published=False)
    EventFactory(
        title="Last month's seminar",
        starts_at=timezone.now() - 30 * 24 * H,
        ends_at=timezone.now() - 30 * 24 * H + H,
    )

    response = client.get(reverse("events:list"))

    assert [e.title for e in response.context["events"]] == ["Upcoming seminar"]
    assert [e.title for e in response.context["past_events"]] == ["Last month's seminar"]
    assert "Draft seminar" not in response.content.decode()


def test_times_show_in_the_viewer_zone_and_the_venue_zone_across_daylight_saving(client):
    # 15 March 2027: Chicago has moved to daylight time (UTC-5), Kolkata never does (UTC+5:30).
    starts = datetime.datetime(2027, 3, 15, 23, 0, tzinfo=datetime.UTC)
    EventFactory(
        title="Program directors evening",
        starts_at=starts,
        ends_at=starts + 2 * H,
        format=EventFormat.IN_PERSON,
        venue="Medical Center auditorium",
        address="6400 Fannin St, Houston, TX",
        join_url="",
        time_zone="America/Chicago",
    )
    client.force_login(UserFactory(timezone="Asia/Kolkata"))

    page = client.get(reverse("events:list")).content.decode()

    assert "Tuesday 16 March 2027, 04:30" in page  # the viewer's zone
    assert "Monday 15 March 2027, 18:00–20:00 local time at the venue" in page


def test_detail_offers_register_and_then_cancel(client):
    event = EventFactory()
    user = UserFactory()
    client.force_login(user)
    assert "Register" in client.get(reverse("events:detail", args=[event.pk])).content.decode()

    response = client.post(reverse("events:register", args=[event.pk]), follow=True)

    assert "You are registered." in response.content.decode()
    registration = Registration.objects.get(event=event, user=user)
    assert registration.status == RegistrationStatus.REGISTERED

    response = client.post(reverse("events:cancel", args=[event.pk]), follow=True)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "Your registration is cancelled." in response.content.decode()


def test_registering_without_the_status_shows_why_and_changes_nothing(client):
    event = EventFactory(audience="enrolled")
    application = ApplicationFactory(status="submitted")
    client.force_login(application.applicant)

    response = client.post(reverse("events:register", args=[event.pk]), follow=True)

    assert "This event is for enrolled observers only." in response.content.decode()
    assert Registration.objects.count() == 0


def test_anonymous_register_goes_to_login_and_unpublished_is_404(client):
    event = EventFactory()
    hidden = EventFactory(published=False)

    response = client.post(reverse("events:register", args=[event.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.get(reverse("events:detail", args=[hidden.pk])).status_code == 404


def test_cancel_of_someone_without_a_registration_is_404(client):
    event = EventFactory()
    services.register_for_event(event=event, user=UserFactory())
    client.force_login(UserFactory())

    assert client.post(reverse("events:cancel", args=[event.pk])).status_code == 404


def test_the_join_link_shows_to_the_registered_from_an_hour_before(client, settings):
    settings.EVENT_JOIN_LINK_MINUTES = 60
    soon = EventFactory(starts_at=timezone.now() + 30 * datetime.timedelta(minutes=1))
    later = EventFactory(join_url="https://meet.example.com/later")
    user = UserFactory()
    for event in (soon, later):
        services.register_for_event(event=event, user=user)
    other = UserFactory()

    client.force_login(user)
    assert soon.join_url in client.get(reverse("events:detail", args=[soon.pk])).content.decode()
    assert (
        later.join_url not in client.get(reverse("events:detail", args=[later.pk])).content.decode()
    )
    client.force_login(other)
    assert (
        soon.join_url not in client.get(reverse("events:detail", args=[soon.pk])).content.decode()
    )


def test_availability_gives_places_left_of_published_events(client):
    event = EventFactory(capacity=3)
    hidden = EventFactory(published=False)
    services.register_for_event(event=event, user=UserFactory())

    response = client.get(reverse("events:availability"), {"ids": f"{event.pk},{hidden.pk}"})

    assert json.loads(response.content) == {"free_places": {str(event.pk): 2}}


def test_the_calendar_file_is_for_the_registered_only(client):
    event = EventFactory()
    user = UserFactory()
    services.register_for_event(event=event, user=user)

    client.force_login(user)
    response = client.get(reverse("events:calendar", args=[event.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:{event.uid}" in response.content.decode()

    client.force_login(UserFactory())
    assert client.get(reverse("events:calendar", args=[event.pk])).status_code == 404


def test_the_dashboard_lists_the_events_attended(client):
    application = ApplicationFactory(status="enrolled")
    event = EventFactory(
        title="Residency program directors panel",
        starts_at=datetime.datetime(2026, 3, 12, 18, tzinfo=zoneinfo.ZoneInfo("UTC")),
        ends_at=datetime.datetime(2026, 3, 12, 20, tzinfo=zoneinfo.ZoneInfo("UTC")),
    )
    Registration.objects.create(
        event=event, user=application.applicant, status="registered", attended_at=timezone.now()
    )
    client.force_login(application.applicant)

    page = client.get(reverse("applications:dashboard")).content.decode()

    assert "Attended: Residency program directors panel, Thursday 12 March 2026" in page

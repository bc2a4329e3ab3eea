"""Events in a real chromium on a phone: an applicant finds an event, registers, downloads its
calendar file, cancels, and the first on the waiting list gets the place with its email.
Every page passes axe (no serious or critical violation) and fits 390 px."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.enums import RegistrationStatus
from events.models import Registration
from events.services.events import register_for_event
from hmc_portal.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import ApplicationFactory, StaffFactory, UserFactory
from tests.support.browser import (
    assert_accessible,
    assert_admin_pages_accessible,
    assert_no_horizontal_overflow,
    log_in,
)
from tests.support.otp import totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

H = datetime.timedelta(hours=1)


def test_an_applicant_on_a_phone_registers_gets_the_ics_cancels_and_the_next_is_promoted(
    mobile_page,
):
    page = mobile_page
    event = EventFactory(title="ERAS and the Match for IMGs", capacity=1)
    event.speakers.create(name="Dr. Ana Ruiz", title="Program director", affiliation="UTHealth")
    applicant = ApplicationFactory(status="submitted").applicant
    waiting = UserFactory()

    log_in(page, "/accounts/login/", applicant.email)
    page.goto("/events/")
    page.get_by_role("heading", name="Events", exact=True).wait_for()
    assert page.locator(f'[data-free-places="{event.pk}"]').inner_text() == "1 of 1 place left"
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_role("link", name="ERAS and the Match for IMGs").click()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_role("button", name="Register").click()
    page.get_by_text("You are registered.", exact=False).first.wait_for()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    calendar = Calendar.from_ical(download.value.path().read_bytes())
    (item,) = calendar.walk("VEVENT")
    assert str(item["uid"]) == event.uid
    invitation = Notification.objects.get(template="event_registered", recipient=applicant)
    assert invitation.attachments[0]["mimetype"] == "text/calendar; method=REQUEST"

    register_for_event(event=event, user=waiting)  # the event is full: the next in line waits
    page.get_by_role("button", name="Cancel my registration").click()
    page.get_by_text("Your registration is cancelled.").wait_for()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    statuses = dict(Registration.objects.filter(event=event).values_list("user_id", "status"))
    assert statuses == {
        applicant.pk: RegistrationStatus.CANCELLED,
        waiting.pk: RegistrationStatus.REGISTERED,
    }
    promoted = Notification.objects.get(template="event_promoted")
    assert promoted.recipient == waiting
    cancelled = Notification.objects.get(template="event_cancelled", recipient=applicant)
    assert cancelled.attachments[0]["mimetype"] == "text/calendar; method=CANCEL"


def test_the_events_admin_pages_have_no_serious_accessibility_violation(browser, live_server):
    admin = StaffFactory(email="admin@hmc.test", is_superuser=True)
    totp_device(admin)
    event = EventFactory(starts_at=timezone.now() - 2 * H, ends_at=timezone.now() - H)
    event.speakers.create(name="Dr. Ana Ruiz", title="Program director")
    registration = Registration.objects.create(
        event=event, user=UserFactory(), status=RegistrationStatus.REGISTERED
    )
    pages = [
        "/admin/events/event/",
        "/admin/events/event/add/",
        f"/admin/events/event/{event.pk}/change/",
        f"/admin/events/event/{event.pk}/attendance-import/",
        "/admin/events/registration/",
        f"/admin/events/registration/{registration.pk}/change/",
    ]
    assert_admin_pages_accessible(browser, live_server, admin, pages)

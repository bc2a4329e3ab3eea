"""Demo data of events (seminars, workshops, networking), seeded by hmc_portal.demo.seed
through the same services as the pages:

- a residency program directors' networking evening in Houston (in person, for applicants
  under review or further), with Dr. Ruiz among the speakers;
- an online ERAS / Match information session open to anyone with an account, where
  `fatima@example.com` has a place;
- a mock interview workshop (hybrid) that is full, with `omar@example.com` and
  `li.wei@example.com` on its waiting list;
- a seminar three weeks ago whose attendance is recorded: `aisha@example.com`'s dashboard
  shows "Attended: ...", and attended_events() gives it to her letters and certificate.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from events.enums import Audience, EventFormat, EventKind, RegistrationStatus
from events.models import Event, Registration
from events.services import events as event_services
from hmc_portal.users.models import User
from preceptors.models import Preceptor

from .demo_data import AFTERCARE_PRECEPTOR

HOUSTON = zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)
VENUE = "Texas Medical Center, TMC3 Collaborative Building"
ADDRESS = "2450 Holcombe Blvd, Houston, TX 77021"
JOIN_URL = "https://meet.example.com/hmc-eras-match"

WORKSHOP_PEOPLE = [
    "fatima@example.com",
    "kwame@example.com",
    "ngozi@example.com",
    "arjun@example.com",
    "tomas@example.com",
    "hana@example.com",
]
WORKSHOP_WAITING = ["omar@example.com", "li.wei@example.com"]
PAST_ATTENDEES = ["aisha@example.com", "mateo@example.com"]


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """`days` from today at `hour` Houston time (the event's own zone)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HOUSTON)


def _event(coordinator, title: str, **fields) -> tuple[Event, bool]:
    """The demo event named `title`, created through the service the first time."""
    event = Event.objects.filter(title=title).first()
    if event is not None:
        return event, False
    speakers = fields.pop("speakers", [])
    event = Event(title=title, published=True, **fields)
    event.full_clean()
    event = event_services.save_event(event=event, by=coordinator)
    for order, (name, role, affiliation, preceptor) in enumerate(speakers):
        event.speakers.create(
            name=name, title=role, affiliation=affiliation, preceptor=preceptor, order=order
        )
    return event, True


def _users(emails: list[str]) -> list[User]:
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails if email in by_email]


def seed_events(*, coordinator) -> None:
    ruiz = Preceptor.objects.filter(user__email=AFTERCARE_PRECEPTOR[0].email).first()
    _event(
        coordinator,
        "Residency program directors networking evening",
        kind=EventKind.NETWORKING_DIRECTORS,
        description=(
            "Meet program directors and coordinators of Houston internal medicine, family "
            "medicine and pediatrics residencies: short talks on what they look for in an IMG "
            "application, then open conversation."
        ),
        starts_at=_at(21, 18),
        ends_at=_at(21, 20, 30),
        format=EventFormat.IN_PERSON,
        venue=VENUE,
        address=ADDRESS,
        capacity=40,
        audience=Audience.APPLICANTS,
        min_status="under_review",
        speakers=[
            ("Dr. Elena Ruiz", "MD, FACP", "Harris Health Ben Taub Hospital", ruiz),
            ("Dr. James Carter", "Program director, Internal Medicine", "Houston Methodist", None),
        ],
    )
    info, created = _event(
        coordinator,
        "ERAS and the Match: an information session for IMGs",
        kind=EventKind.MATCH_INFO,
        description=(
            "The timeline from USMLE to Match Day, ERAS letters of recommendation, the "
            "personal statement and how programs screen IMG applications. Questions welcome."
        ),
        starts_at=_at(10, 9),
        ends_at=_at(10, 10, 30),
        format=EventFormat.ONLINE,
        join_url=JOIN_URL,
        capacity=100,
        speakers=[("Dr. Priya Nair", "ERAS advisor", "Houston Medical Clerkship", None)],
    )
    if created:
        for user in _users(["fatima@example.com"]):
            event_services.register_for_event(event=info, user=user)
    workshop, created = _event(
        coordinator,
        "Mock interview workshop",
        kind=EventKind.MOCK_INTERVIEW,
        description=(
            "Practise residency interviews with faculty: one mock interview each, with "
            "feedback, and the questions programs ask IMGs most."
        ),
        starts_at=_at(14, 16),
        ends_at=_at(14, 18),
        format=EventFormat.HYBRID,
        join_url="https://meet.example.com/hmc-mock-interviews",
        venue=VENUE,
        address=ADDRESS,
        capacity=len(WORKSHOP_PEOPLE),
    )
    if created:
        for user in _users(WORKSHOP_PEOPLE + WORKSHOP_WAITING):
            event_services.register_for_event(event=workshop, user=user)
    past, created = _event(
        coordinator,
        "Seminar: clinical documentation in US hospitals",
        kind=EventKind.SEMINAR,
        description="How notes, orders and handoffs are written in a US teaching hospital.",
        starts_at=_at(-21, 12),
        ends_at=_at(-21, 13, 30),
        format=EventFormat.ONLINE,
        join_url="https://meet.example.com/hmc-documentation",
        capacity=50,
    )
    if created:
        # Registered before it took place (written as data: registering now is refused for
        # an event in the past), then attendance recorded through the service.
        attendees = _users(PAST_ATTENDEES)
        registrations = [
            Registration.objects.create(event=past, user=user, status=RegistrationStatus.REGISTERED)
            for user in attendees
        ]
        Event.objects.filter(pk=past.pk).update(registered_count=len(registrations))
        event_services.mark_attendance(registrations=registrations[:1], by=coordinator)

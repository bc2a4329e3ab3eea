"""Demo data of mentoring (events.mentoring), seeded by hmc_portal.demo.seed through the same
services as the pages:

- `dr.okafor@hmc.test` (a preceptor) mentors on residency applications, specialty choice and
  interviews, with weekly evening times (Chicago) for the next six weeks; his portal shows
  his next sessions.
- `advisor@hmc.test` (Grace Mensah, a residency application advisor who is not a preceptor;
  her dashboard shows her sessions and the link to her times)
  mentors on personal statements and USMLE planning, with one-off online times.
- `ngozi@example.com` (offer accepted and on) booked one of Dr. Okafor's times with an agenda.
- `aisha@example.com` (completed) had a session with the advisor last week: the advisor's
  private note and the follow-up actions Aisha reads on /events/mentoring/.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from events.mentoring import services as mentoring_services
from events.models import Mentor, MentoringBooking, MentoringSlot, MentoringTopic
from hmc_portal.users.models import User

from .demo_data import DEMO_PASSWORD
from .users.services import ensure_user

ADVISOR_EMAIL = "advisor@hmc.test"
MENTORS = {
    "dr.okafor@hmc.test": (
        "Family physician, residency selection committee member",
        [
            MentoringTopic.RESIDENCY_APPLICATIONS,
            MentoringTopic.SPECIALTY_CHOICE,
            MentoringTopic.INTERVIEW_PREPARATION,
        ],
        "Dr. Okafor has interviewed IMGs for family medicine residency for ten years.",
    ),
    ADVISOR_EMAIL: (
        "Residency application advisor",
        [MentoringTopic.PERSONAL_STATEMENT, MentoringTopic.USMLE_PLANNING],
        "Grace has guided over two hundred IMGs through ERAS, the personal statement and the "
        "Match calendar.",
    ),
}
BOOKING = ("ngozi@example.com", "dr.okafor@hmc.test", "Which programs to apply to, and my CV")
PAST = (
    "aisha@example.com",
    ADVISOR_EMAIL,
    "My personal statement draft",
    "Strong story of rural practice; the draft is a page too long. Anxious about Step 2 CK.",
    "1. Cut the statement to one page, opening with the rural clinic story.\n"
    "2. Book Step 2 CK for March and share your study plan at the next session.",
)
ONLINE = "https://meet.example.com/hmc-mentoring"


def _advisor() -> User:
    return ensure_user(
        email=ADVISOR_EMAIL,
        password=DEMO_PASSWORD,
        first_name="Grace",
        last_name="Mensah",
        timezone_name="America/New_York",
    )


def _mentor(email: str) -> Mentor | None:
    user = User.objects.filter(email=email).first()
    if user is None:
        return None
    headline, topics, bio = MENTORS[email]
    mentor, _ = Mentor.objects.get_or_create(
        user=user, defaults={"headline": headline, "topics": list(topics), "bio": bio}
    )
    return mentor


def _publish(mentor: Mentor, starts: list[datetime.datetime], minutes: int, where) -> None:
    """Publish once: a mentor with a future time is left as they are."""
    if MentoringSlot.objects.filter(mentor=mentor, starts_at__gt=timezone.now()).exists():
        return
    mentoring_services.publish_slots(
        mentor=mentor, starts=starts, duration_minutes=minutes, where=where, by=mentor.user
    )


def seed_mentoring() -> None:
    """Mentors, their times, one booking ahead and one past session with its note."""
    _advisor()
    okafor, advisor = _mentor("dr.okafor@hmc.test"), _mentor(ADVISOR_EMAIL)
    if okafor is None or advisor is None:
        return
    today = timezone.localdate()
    zone = mentoring_services.mentor_zone(okafor)
    _publish(
        okafor,
        mentoring_services.weekly_starts(
            weekday=2,
            at=datetime.time(8, 0),  # the morning in Houston, the afternoon in Lagos
            first_day=today + datetime.timedelta(days=2),
            last_day=today + datetime.timedelta(weeks=6),
            zone=zone,
        ),
        45,
        mentoring_services.Where(online_url=ONLINE + "-okafor"),
    )
    advisor_zone = mentoring_services.mentor_zone(advisor)
    _publish(
        advisor,
        [
            mentoring_services.local_start(
                today + datetime.timedelta(days=days), datetime.time(hour), advisor_zone
            )
            for days, hour in ((3, 9), (5, 12), (9, 16))
        ],
        30,
        mentoring_services.Where(online_url=ONLINE + "-advisor"),
    )
    _book_ahead(okafor)
    _past_session(advisor)


def _book_ahead(okafor: Mentor) -> None:
    email, _mentor_email, agenda = BOOKING
    applicant = User.objects.filter(email=email).first()
    if applicant is None or MentoringBooking.objects.filter(applicant=applicant).exists():
        return
    slot = (
        MentoringSlot.objects.filter(mentor=okafor, starts_at__gt=timezone.now())
        .exclude(bookings__status="booked")
        .order_by("starts_at")
        .first()
    )
    if slot is not None:
        mentoring_services.book_slot(slot=slot, applicant=applicant, agenda=agenda)


def _past_session(advisor: Mentor) -> None:
    """Booked through the services at a time ahead, then moved a week back (the demo's clock:
    it happened), then noted by the advisor."""
    email, _mentor_email, agenda, note, follow_up = PAST
    applicant = User.objects.filter(email=email).first()
    if applicant is None or MentoringBooking.objects.filter(applicant=applicant).exists():
        return
    start = mentoring_services.local_start(
        timezone.localdate() + datetime.timedelta(days=60),
        datetime.time(10),
        mentoring_services.mentor_zone(advisor),
    )
    (slot,) = mentoring_services.publish_slots(
        mentor=advisor,
        starts=[start],
        duration_minutes=30,
        where=mentoring_services.Where(online_url=ONLINE + "-advisor"),
        by=advisor.user,
    )
    booking = mentoring_services.book_slot(slot=slot, applicant=applicant, agenda=agenda)
    past = timezone.now().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=7)
    MentoringSlot.objects.filter(pk=slot.pk).update(starts_at=past)
    MentoringBooking.objects.filter(pk=booking.pk).update(
        starts_at=past, ends_at=past + datetime.timedelta(minutes=30)
    )
    booking.refresh_from_db()
    mentoring_services.record_session_note(
        booking=booking, private_note=note, follow_up=follow_up, by=advisor.user
    )

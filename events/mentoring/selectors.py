"""Named reads of mentoring."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.selectors import current_application
from hmc_portal.users.models import User

from ..models import BookingStatus, Mentor, MentoringBooking, MentoringSlot, SlotStatus

# The lifecycle in order, up to the end of a completed observership: "from this status on"
# means this one and the ones after it (an exit, such as withdrawn, is none of them).
LIFECYCLE = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INTERVIEW,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONFIRMED,
    ApplicationStatus.ENROLLED,
    ApplicationStatus.COMPLETED,
]


def allowed_statuses() -> list[str]:
    """The statuses from settings.MENTORING_FROM_STATUS on."""
    values = [str(status) for status in LIFECYCLE]
    return values[values.index(settings.MENTORING_FROM_STATUS) :]


def booking_allowed(*, user: User, application=None) -> bool:
    """An applicant whose current application is from MENTORING_FROM_STATUS on books."""
    if not user.is_authenticated or not user.is_active:
        return False
    application = application or current_application(user=user)
    return application is not None and application.status in allowed_statuses()


def mentor_of(user: User) -> Mentor | None:
    """The user's active mentor profile, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    mentor = Mentor.objects.filter(user=user, active=True).first()
    if mentor is not None:
        mentor.user = user  # the one asked about: no join to read them again
    return mentor


def is_mentor(user: User) -> bool:
    return mentor_of(user) is not None


def upcoming_bookings(*, user: User, now: datetime.datetime | None = None) -> list:
    """The applicant's booked sessions that have not ended, soonest first."""
    now = now or timezone.now()
    return list(
        MentoringBooking.objects.filter(
            applicant=user, status=BookingStatus.BOOKED, ends_at__gt=now
        )
        .select_related("slot__mentor__user")
        .order_by("starts_at", "pk")
    )


def applicant_bookings(*, user: User) -> list[MentoringBooking]:
    """Every session of the applicant, newest first."""
    return list(
        MentoringBooking.objects.filter(applicant=user)
        .select_related("slot__mentor__user")
        .order_by("-starts_at", "-pk")
    )


def mentors_with_open_slots(*, now: datetime.datetime | None = None) -> list[Mentor]:
    """Active mentors, each with `open_slots`: future open times no one has booked."""
    now = now or timezone.now()
    open_slots = (
        MentoringSlot.objects.filter(status=SlotStatus.OPEN, starts_at__gt=now)
        .exclude(bookings__status=BookingStatus.BOOKED)
        .order_by("starts_at", "pk")
    )
    return list(
        Mentor.objects.filter(active=True)
        .select_related("user")
        .prefetch_related(Prefetch("slots", queryset=open_slots, to_attr="open_slots"))
    )


def bookable_slots():
    """Open future times, for fetching the one an applicant books (others are a 404)."""
    return MentoringSlot.objects.filter(
        status=SlotStatus.OPEN, starts_at__gt=timezone.now(), mentor__active=True
    )


def mentor_slots(*, mentor: Mentor, now: datetime.datetime | None = None) -> list[MentoringSlot]:
    """The mentor's open times that have not ended (from a day back), with `booking` set."""
    now = now or timezone.now()
    slots = list(
        MentoringSlot.objects.filter(
            mentor=mentor,
            status=SlotStatus.OPEN,
            starts_at__gt=now - datetime.timedelta(hours=3),
        )
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=MentoringBooking.objects.filter(
                    status=BookingStatus.BOOKED
                ).select_related("applicant"),
                to_attr="active_bookings",
            )
        )
        .order_by("starts_at", "pk")
    )
    for slot in slots:
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
    return slots


def mentor_past_sessions(*, mentor: Mentor, now: datetime.datetime | None = None, limit=20):
    """The mentor's sessions that have started, newest first (to write their notes)."""
    now = now or timezone.now()
    return list(
        MentoringBooking.objects.filter(
            slot__mentor=mentor, status=BookingStatus.BOOKED, starts_at__lte=now
        )
        .select_related("applicant", "slot")
        .order_by("-starts_at", "-pk")[:limit]
    )


def bookings_of_mentor(*, mentor: Mentor):
    """Every session in the mentor's times (to fetch one: others' are a 404)."""
    return MentoringBooking.objects.filter(slot__mentor=mentor).select_related(
        "slot__mentor__user", "applicant"
    )


def next_sessions_of_mentor(*, mentor: Mentor, limit: int = 3) -> list[MentoringBooking]:
    return list(
        bookings_of_mentor(mentor=mentor)
        .filter(status=BookingStatus.BOOKED, ends_at__gt=timezone.now())
        .order_by("starts_at", "pk")[:limit]
    )

"""Every write of mentoring: publishing and cancelling times, booking and cancelling
sessions, the mentor's note, and the reminder scan.

Each runs in one transaction with its activity-log entry and its emails (the outbox), and
refuses input that does not fit with a MentoringError saying why, changing nothing.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hmc_portal.audit.services import log_action
from hmc_portal.languages import speaking_to
from hmc_portal.notifications.models import Notification
from hmc_portal.notifications.outbox import (
    Attachment,
    cancel_pending_notifications,
    queue_notification,
)
from hmc_portal.users.models import User

from ..models import BookingStatus, Mentor, MentoringBooking, MentoringSlot, SlotStatus
from . import calendar
from .errors import MentoringError
from .selectors import booking_allowed, upcoming_bookings

MIN_LENGTH = 15
MAX_LENGTH = 180
MAX_AGENDA = 500
MAX_REASON = 500
MAX_NOTE = 4000
# Further ahead than this, a date is a typo; a weekly series is at most this many weeks.
MAX_AHEAD = datetime.timedelta(days=366)
MAX_WEEKS = 26
# The reminders: label, how long before the start it is due, and until when (the 24-hour
# reminder gives way to the 1-hour one in the last hour).
REMINDERS = (
    ("24h", datetime.timedelta(hours=24), datetime.timedelta(hours=1)),
    ("1h", datetime.timedelta(hours=1), datetime.timedelta(0)),
)


@dataclass(frozen=True)
class Where:
    """An online link or a place (one is needed)."""

    online_url: str = ""
    place: str = ""


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    """The user's time zone (the program's when they have none)."""
    try:
        return zoneinfo.ZoneInfo(user.timezone or settings.PROGRAM_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)


def local_start(day: datetime.date, at: datetime.time, zone: zoneinfo.ZoneInfo):
    """The wall-clock `day` `at` in `zone` as an aware time. A time that does not exist
    there (the hour skipped when clocks go forward) is refused."""
    naive = datetime.datetime.combine(day, at)
    aware = naive.replace(tzinfo=zone)
    round_trip = aware.astimezone(datetime.UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != naive:
        raise MentoringError(
            _("%(day)s %(time)s does not exist in %(zone)s (the clocks change that night).")
            % {"day": day.isoformat(), "time": at.strftime("%H:%M"), "zone": zone.key}
        )
    return aware


def weekly_starts(
    *,
    weekday: int,
    at: datetime.time,
    first_day: datetime.date,
    last_day: datetime.date,
    zone: zoneinfo.ZoneInfo,
) -> list[datetime.datetime]:
    """Every `weekday` (0 = Monday) from `first_day` to `last_day`, at the same wall-clock
    time in `zone`, across daylight-saving changes."""
    if last_day < first_day:
        raise MentoringError(_("The last day comes before the first."))
    day = first_day + datetime.timedelta(days=(weekday - first_day.weekday()) % 7)
    starts = []
    while day <= last_day:
        starts.append(local_start(day, at, zone))
        day += datetime.timedelta(weeks=1)
    if not starts:
        raise MentoringError(_("No such weekday between the first and the last day."))
    if len(starts) > MAX_WEEKS:
        raise MentoringError(
            _("A weekly series is at most %(weeks)s weeks; publish the rest later.")
            % {"weeks": MAX_WEEKS}
        )
    return starts


def _check_where(where: Where) -> Where:
    online_url = (where.online_url or "").strip()
    place = (where.place or "").strip()
    if not online_url and not place:
        raise MentoringError(_("Give an online link or a place."))
    if online_url and not online_url.startswith("https://"):
        raise MentoringError(_("The online link must start with https://."))
    if len(online_url) > 200 or len(place) > 200:
        raise MentoringError(_("The link or the place is too long (200 characters at most)."))
    return Where(online_url=online_url, place=place)


@transaction.atomic
def publish_slots(
    *,
    mentor: Mentor,
    starts: list[datetime.datetime],
    duration_minutes: int,
    where: Where,
    by: User,
    now: datetime.datetime | None = None,
) -> list[MentoringSlot]:
    """Publish one time or a series: all of them, or none when one is in the past, too far
    ahead, or overlaps another of the mentor's open times."""
    now = now or timezone.now()
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if not mentor.active:
        raise MentoringError(_("Your mentor profile is not active."))
    if not MIN_LENGTH <= duration_minutes <= MAX_LENGTH:
        raise MentoringError(
            _("A session lasts %(min)s to %(max)s minutes.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        )
    where = _check_where(where)
    if not starts:
        raise MentoringError(_("Give at least one time."))
    length = datetime.timedelta(minutes=duration_minutes)
    starts = sorted(starts)
    for start in starts:
        if start <= now:
            raise MentoringError(_("A time in the past cannot be published."))
        if start > now + MAX_AHEAD:
            raise MentoringError(_("A time more than a year ahead cannot be published."))
    for earlier, later in zip(starts, starts[1:], strict=False):
        if later < earlier + length:
            raise MentoringError(_("These times overlap each other."))
    zone = mentor_zone(mentor)
    nearby = list(
        MentoringSlot.objects.filter(
            mentor=mentor,
            status=SlotStatus.OPEN,
            starts_at__gt=starts[0] - datetime.timedelta(minutes=MAX_LENGTH),
            starts_at__lt=starts[-1] + length,
        )
    )
    for start in starts:
        if any(other.starts_at < start + length and start < other.ends_at for other in nearby):
            raise MentoringError(
                _("%(time)s overlaps one of your published times.")
                % {"time": timezone.localtime(start, zone).strftime("%Y-%m-%d %H:%M")}
            )
    slots = MentoringSlot.objects.bulk_create(
        MentoringSlot(
            mentor=mentor,
            starts_at=start,
            duration_minutes=duration_minutes,
            online_url=where.online_url,
            place=where.place,
        )
        for start in starts
    )
    log_action(
        mentor,
        "events.mentoringslot.published",
        by=by,
        data={"count": len(slots), "first": starts[0], "last": starts[-1]},
    )
    return slots


def mentor_zone(mentor: Mentor) -> zoneinfo.ZoneInfo:
    return zone_of(mentor.user)


def _booking_context(booking: MentoringBooking) -> dict:
    slot = booking.slot
    return {
        "starts_at": booking.starts_at.astimezone(datetime.UTC).isoformat(),
        "duration_minutes": slot.duration_minutes,
        "where": slot.where,
        "online": bool(slot.online_url),
        "mentor_name": slot.mentor.user.display_name,
        "applicant_name": booking.applicant.display_name,
        "agenda": booking.agenda,
        "page_url": settings.SITE_URL + reverse("events:mentoring"),
        "mentor_page_url": settings.SITE_URL + reverse("events:mentoring_times"),
    }


def _ics(booking: MentoringBooking, *, method: str, to: User) -> list[Attachment]:
    with speaking_to(to):
        content = calendar.session_ics(booking, method=method)
    return [
        Attachment(
            filename="mentoring.ics", mimetype=f"text/calendar; method={method}", content=content
        )
    ]


def _both(booking: MentoringBooking) -> list[tuple[User, bool]]:
    return [(booking.applicant, False), (booking.slot.mentor.user, True)]


def taken_message() -> str:
    return _("Someone else has just booked this time; choose another.")


def _eligible_problem(*, applicant: User) -> str | None:
    if not booking_allowed(user=applicant):
        return _("Mentoring sessions open once you have accepted your offer.")
    return None


@transaction.atomic
def book_slot(
    *, slot: MentoringSlot, applicant: User, agenda: str, now: datetime.datetime | None = None
) -> MentoringBooking:
    """Book a 1:1 session in an open future time: one booking per time (the slot's row lock,
    backed by a unique constraint), at most MENTORING_MAX_UPCOMING upcoming sessions, none
    overlapping another of the applicant's. Emails both sides with the invitation."""
    now = now or timezone.now()
    agenda = (agenda or "").strip()
    if not agenda:
        raise MentoringError(_("Say in a sentence what you would like to talk about."))
    if len(agenda) > MAX_AGENDA:
        raise MentoringError(_("The agenda is at most %(max)s characters.") % {"max": MAX_AGENDA})
    problem = _eligible_problem(applicant=applicant)
    if problem:
        raise MentoringError(problem)
    # The applicant's own row first, then the slot's: two tabs of one applicant wait for each
    # other (the limit and the overlap), and many applicants wait on the one slot.
    User.objects.select_for_update().get(pk=applicant.pk)
    slot = (
        MentoringSlot.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .get(pk=slot.pk)
    )
    if slot.status != SlotStatus.OPEN or not slot.mentor.active:
        raise MentoringError(_("This time is no longer offered."))
    if slot.starts_at <= now:
        raise MentoringError(_("This time has passed."))
    if slot.mentor.user_id == applicant.pk:
        raise MentoringError(_("You cannot book your own time."))
    if slot.bookings.filter(status=BookingStatus.BOOKED).exists():
        raise MentoringError(taken_message())
    upcoming = upcoming_bookings(user=applicant, now=now)
    if len(upcoming) >= settings.MENTORING_MAX_UPCOMING:
        raise MentoringError(
            _("You already have %(count)s upcoming sessions, the most at a time.")
            % {"count": settings.MENTORING_MAX_UPCOMING}
        )
    if any(b.starts_at < slot.ends_at and slot.starts_at < b.ends_at for b in upcoming):
        raise MentoringError(_("You have another session at that time."))
    try:
        with transaction.atomic():
            booking = MentoringBooking.objects.create(
                slot=slot,
                applicant=applicant,
                agenda=agenda,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
            )
    except IntegrityError as error:
        raise MentoringError(
            _("Someone else has just booked this time; choose another.")
        ) from error
    log_action(
        booking,
        "events.mentoringbooking.booked",
        by=applicant,
        person=applicant,
        data={"slot": slot.pk, "starts_at": slot.starts_at},
    )
    context = _booking_context(booking)
    for to, for_mentor in _both(booking):
        queue_notification(
            to=to,
            template="mentoring_booked",
            key=f"mentoring:{booking.pk}:booked:{'mentor' if for_mentor else 'applicant'}",
            context={**context, "for_mentor": for_mentor},
            attachments=_ics(booking, method=calendar.REQUEST, to=to),
        )
    return booking


def cancel_deadline(booking: MentoringBooking) -> datetime.datetime:
    """Until when either side may cancel."""
    return booking.starts_at - datetime.timedelta(hours=settings.MENTORING_CANCEL_HOURS)


def reminder_keys(booking: MentoringBooking) -> list[str]:
    return [
        f"mentoring:{booking.pk}:{label}:{who}:s{booking.sequence}"
        for label, _due, _until in REMINDERS
        for who in ("applicant", "mentor")
    ]


def _cancel(booking: MentoringBooking, *, reason: str, by: User, now) -> None:
    cancel_pending_notifications(keys=reminder_keys(booking))
    booking.status = BookingStatus.CANCELLED
    booking.cancel_reason = reason
    booking.cancelled_by = by
    booking.cancelled_at = now
    booking.sequence += 1
    booking.save(
        update_fields=["status", "cancel_reason", "cancelled_by", "cancelled_at", "sequence"]
    )
    log_action(
        booking,
        "events.mentoringbooking.cancelled",
        by=by,
        person=booking.applicant,
        data={"reason": reason},
    )
    context = {
        **_booking_context(booking),
        "reason": reason,
        "by_mentor": by.pk == booking.slot.mentor.user_id,
    }
    for to, for_mentor in _both(booking):
        queue_notification(
            to=to,
            template="mentoring_cancelled",
            key=f"mentoring:{booking.pk}:cancelled:{'mentor' if for_mentor else 'applicant'}",
            context={**context, "for_mentor": for_mentor},
            attachments=_ics(booking, method=calendar.CANCEL, to=to),
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MentoringError(_("Give a reason: the other side reads it."))
    if len(reason) > MAX_REASON:
        raise MentoringError(_("The reason is at most %(max)s characters.") % {"max": MAX_REASON})
    return reason


@transaction.atomic
def cancel_booking(
    *, booking: MentoringBooking, reason: str, by: User, now: datetime.datetime | None = None
) -> MentoringBooking:
    """The applicant or the mentor cancels a session until MENTORING_CANCEL_HOURS before
    it; both are emailed with the calendar's CANCEL."""
    now = now or timezone.now()
    reason = _reason(reason)
    booking = (
        MentoringBooking.objects.select_for_update(of=("self",))
        .select_related("slot__mentor__user", "applicant")
        .get(pk=booking.pk)
    )
    if by.pk not in (booking.applicant_id, booking.slot.mentor.user_id):
        raise MentoringError(_("Only the applicant or the mentor can cancel this session."))
    if booking.status != BookingStatus.BOOKED:
        raise MentoringError(_("This session is already cancelled."))
    if now > cancel_deadline(booking):
        raise MentoringError(
            _("A session can be cancelled until %(hours)s hours before it starts.")
            % {"hours": settings.MENTORING_CANCEL_HOURS}
        )
    _cancel(booking, reason=reason, by=by, now=now)
    return booking


@transaction.atomic
def cancel_slot(
    *, slot: MentoringSlot, reason: str, by: User, now: datetime.datetime | None = None
) -> MentoringSlot:
    """The mentor withdraws a future time; its session, if booked, is cancelled (within the
    cut-off like any cancellation) and both are emailed."""
    now = now or timezone.now()
    reason = _reason(reason)
    slot = (
        MentoringSlot.objects.select_for_update(of=("self",))
        .select_related("mentor__user")
        .get(pk=slot.pk)
    )
    if slot.mentor.user_id != by.pk:
        raise MentoringError(_("Only the mentor can withdraw this time."))
    if slot.status != SlotStatus.OPEN:
        raise MentoringError(_("This time is already withdrawn."))
    if slot.starts_at <= now:
        raise MentoringError(_("This time has passed."))
    booking = (
        slot.bookings.select_for_update()
        .select_related("applicant")
        .filter(status=BookingStatus.BOOKED)
        .first()
    )
    if booking is not None:
        if now > cancel_deadline(booking):
            raise MentoringError(
                _("A session can be cancelled until %(hours)s hours before it starts.")
                % {"hours": settings.MENTORING_CANCEL_HOURS}
            )
        booking.slot = slot
        _cancel(booking, reason=reason, by=by, now=now)
    slot.status = SlotStatus.CANCELLED
    slot.cancel_reason = reason
    slot.save(update_fields=["status", "cancel_reason"])
    log_action(slot, "events.mentoringslot.cancelled", by=by, data={"reason": reason})
    return slot


@transaction.atomic
def record_session_note(
    *,
    booking: MentoringBooking,
    private_note: str,
    follow_up: str,
    by: User,
    now: datetime.datetime | None = None,
) -> MentoringBooking:
    """After the session started, the mentor keeps a private note (mentor and staff only)
    and follow-up actions the applicant sees (emailed to them when there are some)."""
    now = now or timezone.now()
    private_note = (private_note or "").strip()
    follow_up = (follow_up or "").strip()
    if len(private_note) > MAX_NOTE or len(follow_up) > MAX_NOTE:
        raise MentoringError(_("A note is at most %(max)s characters.") % {"max": MAX_NOTE})
    if not private_note and not follow_up:
        raise MentoringError(_("Write a note or follow-up actions."))
    booking = (
        MentoringBooking.objects.select_for_update(of=("self",))
        .select_related("slot__mentor__user", "applicant")
        .get(pk=booking.pk)
    )
    if booking.slot.mentor.user_id != by.pk:
        raise MentoringError(_("Only the mentor can write this session's note."))
    if booking.status != BookingStatus.BOOKED:
        raise MentoringError(_("This session was cancelled."))
    if booking.starts_at > now:
        raise MentoringError(_("The note is written once the session has started."))
    follow_up_changed = follow_up != booking.follow_up
    booking.private_note = private_note
    booking.follow_up = follow_up
    booking.noted_at = now
    booking.save(update_fields=["private_note", "follow_up", "noted_at"])
    log_action(
        booking,
        "events.mentoringbooking.noted",
        by=by,
        person=booking.applicant,
        data={"follow_up": bool(follow_up)},
    )
    if follow_up and follow_up_changed:
        queue_notification(
            to=booking.applicant,
            template="mentoring_follow_up",
            key=f"mentoring:{booking.pk}:follow_up:{now.isoformat()}",
            context={**_booking_context(booking), "follow_up": follow_up},
        )
    return booking


def send_mentoring_reminders(*, now: datetime.datetime | None = None) -> int:
    """Queue the reminders 24 hours and 1 hour before each booked session, to both sides;
    returns how many were queued (dedupe keys make a second run send nothing more)."""
    now = now or timezone.now()
    queued = 0
    horizon = now + REMINDERS[0][1]
    bookings = MentoringBooking.objects.filter(
        status=BookingStatus.BOOKED, starts_at__gt=now, starts_at__lte=horizon
    ).select_related("slot__mentor__user", "applicant")
    for booking in bookings:
        left = booking.starts_at - now
        label = next(label for label, due, until in REMINDERS if until < left <= due)
        keys = {
            who: f"mentoring:{booking.pk}:{label}:{who}:s{booking.sequence}"
            for who in ("applicant", "mentor")
        }
        sent = set(
            Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
                "dedupe_key", flat=True
            )
        )
        with transaction.atomic():
            for to, for_mentor in _both(booking):
                key = keys["mentor" if for_mentor else "applicant"]
                if key in sent:
                    continue
                queue_notification(
                    to=to,
                    template="mentoring_reminder",
                    key=key,
                    context={
                        **_booking_context(booking),
                        "for_mentor": for_mentor,
                        "reminder": label,
                    },
                )
                queued += 1
    return queued


@transaction.atomic
def cancel_sessions_on_exit(*, application, by: User | None) -> int:
    """The applicant left the program (applications.lifecycle.EXITS): each of their sessions
    still to come is cancelled, whatever the cut-off (the mentor's time is free again), and
    both sides are emailed with the calendar's CANCEL. Returns how many."""
    now = timezone.now()
    reason = _("The applicant left the program.")
    bookings = (
        MentoringBooking.objects.select_for_update(of=("self",))
        .select_related("slot__mentor__user", "applicant")
        .filter(applicant_id=application.applicant_id, status=BookingStatus.BOOKED)
        .filter(starts_at__gt=now)
        .order_by("starts_at", "pk")
    )
    count = 0
    for booking in bookings:
        _cancel(booking, reason=reason, by=by or application.applicant, now=now)
        count += 1
    return count

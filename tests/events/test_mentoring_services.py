"""Mentoring's services: publishing, booking, cancelling, notes; each refusal changes
nothing."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from events.mentoring import services
from events.mentoring.errors import MentoringError
from events.models import BookingStatus, MentoringBooking, MentoringSlot, SlotStatus
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification

from .mentoring_support import MentorFactory, SlotFactory, applicant, booking

pytestmark = pytest.mark.django_db

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
ONLINE = services.Where(online_url="https://meet.example.com/x")


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


# --- publishing --------------------------------------------------------------------------


def test_publish_one_time_writes_the_slot_and_its_log():
    mentor = MentorFactory()

    slots = services.publish_slots(
        mentor=mentor, starts=[at(2)], duration_minutes=45, where=ONLINE, by=mentor.user
    )

    assert [(s.starts_at, s.duration_minutes) for s in slots] == [(at(2), 45)]
    assert ActivityLog.objects.filter(verb="events.mentoringslot.published").count() == 1


def test_publish_in_the_past_is_refused_and_writes_nothing():
    mentor = MentorFactory()

    with pytest.raises(MentoringError, match="past"):
        services.publish_slots(
            mentor=mentor,
            starts=[at(3), timezone.now() - datetime.timedelta(minutes=1)],
            duration_minutes=30,
            where=ONLINE,
            by=mentor.user,
        )

    assert MentoringSlot.objects.count() == 0
    assert ActivityLog.objects.count() == 0


def test_publish_overlapping_own_time_is_refused():
    mentor = MentorFactory()
    services.publish_slots(
        mentor=mentor, starts=[at(2)], duration_minutes=60, where=ONLINE, by=mentor.user
    )

    with pytest.raises(MentoringError, match="overlaps"):
        services.publish_slots(
            mentor=mentor,
            starts=[at(5), at(2) + datetime.timedelta(minutes=30)],
            duration_minutes=30,
            where=ONLINE,
            by=mentor.user,
        )

    assert MentoringSlot.objects.count() == 1


def test_publish_right_after_own_time_is_allowed():
    mentor = MentorFactory()
    services.publish_slots(
        mentor=mentor, starts=[at(2)], duration_minutes=60, where=ONLINE, by=mentor.user
    )

    services.publish_slots(
        mentor=mentor,
        starts=[at(2) + datetime.timedelta(minutes=60)],
        duration_minutes=30,
        where=ONLINE,
        by=mentor.user,
    )

    assert MentoringSlot.objects.count() == 2


def test_another_mentors_time_may_overlap():
    first, second = MentorFactory(), MentorFactory()
    services.publish_slots(
        mentor=first, starts=[at(2)], duration_minutes=60, where=ONLINE, by=first.user
    )

    services.publish_slots(
        mentor=second, starts=[at(2)], duration_minutes=60, where=ONLINE, by=second.user
    )

    assert MentoringSlot.objects.count() == 2


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (services.Where(), "online link or a place"),
        (services.Where(online_url="http://plain.example.com"), "https"),
    ],
)
def test_publish_without_a_good_place_is_refused(where, message):
    mentor = MentorFactory()

    with pytest.raises(MentoringError, match=message):
        services.publish_slots(
            mentor=mentor, starts=[at(2)], duration_minutes=30, where=where, by=mentor.user
        )

    assert MentoringSlot.objects.count() == 0


def test_weekly_series_keeps_the_wall_clock_across_the_dst_change():
    # Chicago leaves daylight saving time on 1 November 2026.
    starts = services.weekly_starts(
        weekday=0,
        at=datetime.time(18, 0),
        first_day=datetime.date(2026, 10, 19),
        last_day=datetime.date(2026, 11, 9),
        zone=CHICAGO,
    )

    assert [s.astimezone(CHICAGO).strftime("%a %d %H:%M") for s in starts] == [
        "Mon 19 18:00",
        "Mon 26 18:00",
        "Mon 02 18:00",
        "Mon 09 18:00",
    ]
    assert [s.astimezone(datetime.UTC).hour for s in starts] == [23, 23, 0, 0]


def test_a_time_skipped_by_the_clocks_is_refused():
    with pytest.raises(MentoringError, match="does not exist"):
        services.local_start(datetime.date(2027, 3, 14), datetime.time(2, 30), CHICAGO)


def test_weekly_series_longer_than_the_limit_is_refused():
    with pytest.raises(MentoringError, match="at most"):
        services.weekly_starts(
            weekday=1,
            at=datetime.time(9),
            first_day=datetime.date(2027, 1, 1),
            last_day=datetime.date(2027, 12, 31),
            zone=CHICAGO,
        )


# --- booking -----------------------------------------------------------------------------


def test_book_writes_the_booking_log_and_an_invitation_to_both(
    django_capture_on_commit_callbacks,
):
    slot = SlotFactory()
    user = applicant()

    with django_capture_on_commit_callbacks():
        made = services.book_slot(slot=slot, applicant=user, agenda="Which specialty suits me?")

    assert (made.status, made.starts_at, made.ends_at) == (
        BookingStatus.BOOKED,
        slot.starts_at,
        slot.ends_at,
    )
    emails = Notification.objects.filter(template="mentoring_booked").order_by("dedupe_key")
    assert [n.to_email for n in emails] == [user.email, slot.mentor.user.email]
    assert all("METHOD:REQUEST" in n.attachments[0]["content"] for n in emails)
    assert made.uid in emails[0].attachments[0]["content"]
    assert ActivityLog.objects.filter(verb="events.mentoringbooking.booked").count() == 1


def test_book_a_taken_time_is_refused():
    slot = SlotFactory()
    booking(slot=slot)

    with pytest.raises(MentoringError, match="just booked"):
        services.book_slot(slot=slot, applicant=applicant(), agenda="CV review")

    assert MentoringBooking.objects.count() == 1


def test_book_before_the_offer_is_accepted_is_refused():
    with pytest.raises(MentoringError, match="accepted your offer"):
        services.book_slot(slot=SlotFactory(), applicant=applicant("accepted"), agenda="Hi")

    assert MentoringBooking.objects.count() == 0


@pytest.mark.parametrize("status", ["confirmed", "enrolled", "completed"])
def test_book_from_offer_accepted_on(status):
    services.book_slot(slot=SlotFactory(), applicant=applicant(status), agenda="USMLE plan")

    assert MentoringBooking.objects.count() == 1


@pytest.mark.parametrize("status", ["withdrawn", "declined", "submitted"])
def test_book_from_other_statuses_is_refused(status):
    with pytest.raises(MentoringError):
        services.book_slot(slot=SlotFactory(), applicant=applicant(status), agenda="Hi")


def test_book_an_overlapping_session_is_refused():
    user = applicant()
    first = SlotFactory()
    services.book_slot(slot=first, applicant=user, agenda="CV")
    other = SlotFactory(starts_at=first.starts_at + datetime.timedelta(minutes=15))

    with pytest.raises(MentoringError, match="another session at that time"):
        services.book_slot(slot=other, applicant=user, agenda="CV again")

    assert MentoringBooking.objects.count() == 1


def test_book_past_the_upcoming_limit_is_refused(settings):
    settings.MENTORING_MAX_UPCOMING = 2
    user = applicant()
    for days in (2, 3):
        slot = SlotFactory(starts_at=at(days))
        services.book_slot(slot=slot, applicant=user, agenda="Plan")

    with pytest.raises(MentoringError, match="upcoming sessions"):
        services.book_slot(slot=SlotFactory(starts_at=at(4)), applicant=user, agenda="More")

    assert MentoringBooking.objects.filter(applicant=user).count() == 2


@pytest.mark.parametrize("agenda", ["", "   ", "x" * 501])
def test_book_with_a_bad_agenda_is_refused(agenda):
    with pytest.raises(MentoringError):
        services.book_slot(slot=SlotFactory(), applicant=applicant(), agenda=agenda)

    assert MentoringBooking.objects.count() == 0


def test_book_a_withdrawn_or_past_time_is_refused():
    withdrawn = SlotFactory(status=SlotStatus.CANCELLED)
    past = SlotFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))

    for slot in (withdrawn, past):
        with pytest.raises(MentoringError):
            services.book_slot(slot=slot, applicant=applicant(), agenda="Hi")

    assert MentoringBooking.objects.count() == 0


# --- cancelling --------------------------------------------------------------------------


def test_applicant_cancels_and_both_get_the_calendar_cancel():
    session = booking()

    services.cancel_booking(booking=session, reason="A clash with my exam", by=session.applicant)

    session.refresh_from_db()
    assert (session.status, session.sequence, session.cancel_reason) == (
        BookingStatus.CANCELLED,
        1,
        "A clash with my exam",
    )
    emails = Notification.objects.filter(template="mentoring_cancelled")
    assert emails.count() == 2
    assert all("METHOD:CANCEL" in n.attachments[0]["content"] for n in emails)


def test_cancel_after_the_cut_off_is_refused(settings):
    settings.MENTORING_CANCEL_HOURS = 24
    session = booking(slot=SlotFactory(starts_at=timezone.now() + datetime.timedelta(hours=5)))

    with pytest.raises(MentoringError, match="24 hours"):
        services.cancel_booking(booking=session, reason="Busy", by=session.applicant)

    session.refresh_from_db()
    assert session.status == BookingStatus.BOOKED


def test_cancel_without_a_reason_or_by_a_stranger_is_refused():
    session = booking()

    with pytest.raises(MentoringError, match="reason"):
        services.cancel_booking(booking=session, reason=" ", by=session.applicant)
    with pytest.raises(MentoringError, match="Only"):
        services.cancel_booking(booking=session, reason="Mine", by=applicant())

    session.refresh_from_db()
    assert session.status == BookingStatus.BOOKED


def test_mentor_withdraws_a_booked_time_cancelling_the_session():
    session = booking()
    mentor_user = session.slot.mentor.user

    services.cancel_slot(slot=session.slot, reason="Called to the ward", by=mentor_user)

    session.refresh_from_db()
    session.slot.refresh_from_db()
    assert (session.slot.status, session.status) == (SlotStatus.CANCELLED, BookingStatus.CANCELLED)
    assert Notification.objects.filter(template="mentoring_cancelled").count() == 2


def test_cancelled_time_frees_the_slot_for_another_booking():
    session = booking()
    services.cancel_booking(booking=session, reason="Exam moved", by=session.applicant)

    services.book_slot(slot=session.slot, applicant=applicant(), agenda="My turn")

    assert MentoringBooking.objects.filter(status=BookingStatus.BOOKED).count() == 1


# --- notes -------------------------------------------------------------------------------


def test_note_after_the_session_is_kept_and_follow_up_emailed():
    slot = SlotFactory(starts_at=timezone.now() - datetime.timedelta(hours=2))
    session = booking(slot=slot)

    services.record_session_note(
        booking=session,
        private_note="Strong candidate; anxious about Step 2.",
        follow_up="Rewrite the opening paragraph.",
        by=slot.mentor.user,
    )

    session.refresh_from_db()
    assert session.follow_up == "Rewrite the opening paragraph."
    follow_up = Notification.objects.get(template="mentoring_follow_up")
    assert "Step 2" not in str(follow_up.context)


def test_note_before_the_session_or_by_someone_else_is_refused():
    session = booking()

    with pytest.raises(MentoringError, match="started"):
        services.record_session_note(
            booking=session, private_note="x", follow_up="", by=session.slot.mentor.user
        )
    with pytest.raises(MentoringError, match="Only the mentor"):
        services.record_session_note(
            booking=session, private_note="x", follow_up="", by=session.applicant
        )

    session.refresh_from_db()
    assert session.private_note == ""


def test_leaving_the_program_cancels_the_sessions_still_to_come_and_tells_both():
    from applications.services import transition_application

    user = applicant(status="confirmed")
    application = user.applications.get()
    coming = booking(user=user)
    past = booking(
        slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(days=3)), user=user
    )

    transition_application(application=application, to="withdrawn", by=user)

    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.status == BookingStatus.CANCELLED
    assert coming.cancel_reason == "The applicant left the program."
    assert past.status == BookingStatus.BOOKED  # what happened stays on record
    emails = Notification.objects.filter(template="mentoring_cancelled")
    assert sorted(e.recipient_id for e in emails) == sorted([user.pk, coming.slot.mentor.user_id])
    assert ActivityLog.objects.filter(verb="events.mentoringbooking.cancelled").count() == 1

"""Mentoring's emails as the worker renders them: each in its reader's language and time
zone, the applicant's and the mentor's words, the calendar file attached."""

import datetime

import pytest
from django.utils import timezone

from events.mentoring import services
from hmc_portal.notifications.delivery import build_message, render_notification
from hmc_portal.notifications.models import Notification

from .mentoring_support import MentorFactory, SlotFactory, applicant, booking

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 1, 15, 15, 0, tzinfo=datetime.UTC)


def rendered(template: str, to) -> tuple[str, str, str]:
    return render_notification(Notification.objects.get(template=template, recipient=to))


def test_the_booking_email_speaks_each_readers_language_and_zone():
    mentor = MentorFactory(user__timezone="America/Chicago", user__language="en")
    student = applicant(timezone="America/Lima", language="es", first_name="Lucía")
    slot = SlotFactory(mentor=mentor, starts_at=START)

    services.book_slot(slot=slot, applicant=student, agenda="Mi carta de motivación")

    subject, text, html = rendered("mentoring_booked", student)
    assert subject.startswith("Sesión de mentoría reservada")
    assert "10:00 (America/Lima)" in text
    assert "Mi carta de motivación" in html
    subject, text, _html = rendered("mentoring_booked", mentor.user)
    assert "09:00 (America/Chicago)" in text
    assert "Lucía" in text and "booked a mentoring session" in text
    message = build_message(
        Notification.objects.get(template="mentoring_booked", recipient=student)
    )
    (attachment,) = message.attachments
    assert attachment[0] == "mentoring.ics"
    assert "DTSTART:20300115T150000Z" in attachment[1]


def test_cancellation_reminder_and_follow_up_render():
    session = booking(slot=SlotFactory(starts_at=timezone.now() + datetime.timedelta(days=3)))
    services.cancel_booking(booking=session, reason="Exam day", by=session.applicant)
    _subject, text, _html = rendered("mentoring_cancelled", session.slot.mentor.user)
    assert "cancelled by the applicant" in text and "Exam day" in text

    soon = booking(slot=SlotFactory(starts_at=timezone.now() + datetime.timedelta(minutes=40)))
    services.send_mentoring_reminders()
    subject, text, _html = rendered("mentoring_reminder", soon.applicant)
    assert subject.startswith("Reminder: your mentoring session starts in one hour")

    past = booking(slot=SlotFactory(starts_at=timezone.now() - datetime.timedelta(hours=1)))
    services.record_session_note(
        booking=past, private_note="Secret", follow_up="Read chapter 3", by=past.slot.mentor.user
    )
    subject, text, html = rendered("mentoring_follow_up", past.applicant)
    assert "Read chapter 3" in text and "Secret" not in text + html

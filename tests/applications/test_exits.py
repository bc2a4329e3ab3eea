"""Leaving the program (withdrawn, rejected, declined, expired): what the apps react with
through applications.signals.application_status_changed, inside the move's transaction."""

import datetime
import inspect

import pytest
from django.core import mail

from applications import services, signals
from applications.enums import ApplicationStatus, InterviewStatus
from applications.lifecycle import Actor
from applications.models import StatusChange
from applications.signals import application_status_changed
from hmc_portal.notifications.models import Notification
from tests.applications.interview_support import (
    MEETING_URL,
    Clock,
    coordinator,
    event_of,
    future,
    ics_of,
    under_review,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
H = datetime.timedelta(hours=1)


def scheduled_interview(application):
    return services.schedule_interview(
        application=application,
        by=coordinator(),
        starts_at=future(days=3),
        meeting_url=MEETING_URL,
    )


def test_withdrawing_cancels_the_interview_with_a_calendar_cancellation_and_no_reminders(
    client, django_capture_on_commit_callbacks
):
    application = under_review(timezone="Asia/Kolkata")
    with django_capture_on_commit_callbacks(execute=True):
        interview = scheduled_interview(application)
    mail.outbox.clear()
    client.force_login(application.applicant)
    before = client.get("/dashboard/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_application(
            application=application, by=application.applicant, reason="I matched elsewhere."
        )

    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert interview.sequence == 1
    subjects = sorted(message.subject for message in mail.outbox)
    assert len(subjects) == 2  # the withdrawal receipt and the interview's cancellation
    (cancellation,) = [m for m in mail.outbox if m.attachments]
    assert cancellation.subject.startswith("Cancelled: your observership interview")
    calendar = ics_of(cancellation)
    event = event_of(calendar)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == interview.uid
    assert event["sequence"] == 1
    assert "your application is now withdrawn" in cancellation.body
    assert "stays open" not in cancellation.body

    clock = Clock()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        due_24h = clock.at(interview.starts_at - 23 * H).interview_reminders()
        due_1h = clock.at(interview.starts_at - H / 2).interview_reminders()
    assert (due_24h, due_1h) == (0, 0)
    assert mail.outbox == []
    assert not Notification.objects.filter(template="interview_reminder").exists()

    html = client.get("/dashboard/").content.decode()
    assert "Join the interview" in before
    assert MEETING_URL not in html
    assert "Join the interview" not in html


@pytest.mark.parametrize("to", [S.REJECTED, S.WAITLISTED])
def test_rejection_cancels_the_interview_and_a_waitlisting_keeps_it(to):
    application = under_review()
    interview = scheduled_interview(application)

    services.change_status(application=application, to=to, by=coordinator())

    interview.refresh_from_db()
    expected = InterviewStatus.CANCELLED if to == S.REJECTED else InterviewStatus.SCHEDULED
    assert interview.status == expected


def test_an_unsent_reminder_is_withdrawn_when_the_applicant_leaves():
    """The 24 h reminder was queued while the broker was down; the withdrawal comes before
    the sweep sends it: it must never go out."""
    application = under_review()
    interview = scheduled_interview(application)
    Clock().at(interview.starts_at - 23 * H).interview_reminders()
    reminder = Notification.objects.get(template="interview_reminder")

    services.withdraw_application(application=application, by=application.applicant, reason="x")

    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_a_receiver_that_raises_rolls_the_whole_move_back(django_capture_on_commit_callbacks):
    application = under_review()
    interview = scheduled_interview(application)
    changes = StatusChange.objects.filter(application=application).count()
    notifications = Notification.objects.count()

    def refuse(**kwargs):
        raise RuntimeError("a receiver failed")

    application_status_changed.connect(refuse, dispatch_uid="test.refuse")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            services.withdraw_application(
                application=application, by=application.applicant, reason="x"
            )
    finally:
        application_status_changed.disconnect(dispatch_uid="test.refuse")

    application.refresh_from_db()
    interview.refresh_from_db()
    assert application.status == S.INTERVIEW
    assert interview.status == InterviewStatus.SCHEDULED
    assert StatusChange.objects.filter(application=application).count() == changes
    assert Notification.objects.count() == notifications


def test_the_receivers_of_a_status_change_are_the_documented_ones():
    """What happens when an application changes status, one hop away (applications.signals)."""
    receivers = {
        f"{receiver.__module__}.{receiver.__qualname__}"
        for receiver in application_status_changed._live_receivers(sender=None)[0]
    }

    assert receivers == {
        "applications.receivers.cancel_interviews_on_exit",
        "rotations.receivers.release_places_on_exit",
        "rotations.arrival.receivers.visa_letter_on_exit",
        "rotations.aftercare.certificate_receivers.certificate_on_status_change",
        "billing.receivers.invoice_on_status_change",
        "billing.receivers.refund_on_exit",
        "events.receivers.mentoring_on_exit",
    }
    documented = inspect.getsource(signals)
    assert all(name in documented for name in receivers)


def test_the_system_may_expire_an_offer_but_not_accept_one():
    application = under_review()
    application.documents.update(status="verified")
    services.change_status(application=application, to=S.ACCEPTED, by=coordinator())

    with pytest.raises(services.NotAllowed):
        services.transition_application(
            application=application, to=S.CONFIRMED, by=None, actor=Actor.SYSTEM
        )
    services.transition_application(application=application, to=S.EXPIRED, by=None)

    application.refresh_from_db()
    assert application.status == S.EXPIRED

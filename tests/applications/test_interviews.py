"""Interviews: scheduling, offered slots, moving, cancelling, the outcome; the emails; the
admin pages; reviewer vs coordinator."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus, InterviewStatus
from applications.lifecycle import Actor
from applications.models import Interview, InterviewSlot, StatusChange
from applications.selectors.interviews import open_interview_slots
from hmc_portal.notifications.models import Notification
from tests.applications.interview_support import (
    MEETING_URL,
    UTC,
    application_at,
    coordinator,
    future,
    html_of,
    reviewer,
    under_review,
)
from tests.factories import InterviewFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def schedule(application, by, starts_at=None, **kwargs):
    return services.schedule_interview(
        application=application,
        by=by,
        starts_at=starts_at or future(days=5),
        duration_minutes=kwargs.pop("duration_minutes", 30),
        meeting_url=kwargs.pop("meeting_url", MEETING_URL),
        interviewer=kwargs.pop("interviewer", None),
    )


def assert_fully_rendered(message):
    html = html_of(message)
    for part in (message.subject, message.body, html):
        assert "{{" not in part and "{%" not in part
        assert "None" not in part
    assert "()" not in message.subject


# --- schedule ---------------------------------------------------------------------------


def test_schedule_moves_under_review_to_interview_and_emails_the_time_in_the_applicants_zone(
    django_capture_on_commit_callbacks,
):
    staff = coordinator(first_name="Grace", last_name="Hopper")
    application = under_review(timezone="Asia/Kolkata", first_name="Rahul", last_name="Sharma")
    starts_at = datetime.datetime(2031, 3, 4, 15, 0, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application, staff, starts_at, interviewer=staff)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    change = application.status_changes.last()
    assert (change.from_status, change.to_status, change.by) == ("under_review", "interview", staff)
    assert interview.starts_at == starts_at
    assert (interview.status, interview.sequence, interview.created_by) == ("scheduled", 0, staff)
    # One event, one email: the invitation tells the news; no "an interview for your
    # application" besides it.
    assert [n.template for n in Notification.objects.order_by("pk")] == [
        "application_submitted",
        "interview_invitation",
    ]
    [message] = [m for m in mail.outbox if "interview" in m.subject]
    assert message.to == [application.applicant.email]
    assert message.reply_to == ["office@hmc.test"]  # "reply to this email" reaches someone
    # 15:00 UTC is 20:30 in India.
    assert message.subject == (
        "[Action required] Your observership interview: Tue 4 Mar 2031, 20:30 (Asia/Kolkata)"
    )
    assert "Dear Rahul Sharma," in message.body
    assert "When: Tuesday 4 March 2031, 20:30 (Asia/Kolkata)" in message.body
    assert "Length: 30 minutes" in message.body
    assert "Interviewer: Grace Hopper" in message.body
    assert f"Join: {MEETING_URL}" in message.body
    assert "Tuesday 4 March 2031, 20:30 (Asia/Kolkata)" in html_of(message)
    assert f'href="{MEETING_URL}"' in html_of(message)
    assert [a[0] for a in message.attachments] == ["interview.ics"]
    assert_fully_rendered(message)


def test_schedule_at_the_interview_stage_writes_no_second_status_change():
    staff = coordinator()
    application = application_at("submitted", "under_review", "interview")

    schedule(application, staff)

    assert StatusChange.objects.filter(application=application, to_status="interview").count() == 1
    assert Interview.objects.filter(application=application).count() == 1


@pytest.mark.parametrize(
    ("statuses", "message"),
    [
        (["submitted"], "this one is submitted"),
        (["submitted", "under_review", "accepted"], "this one is offer made"),
    ],
)
def test_schedule_is_refused_outside_review_and_interview(statuses, message):
    application = application_at(*statuses)

    with pytest.raises(services.InterviewError, match=message):
        schedule(application, coordinator())

    assert Interview.objects.count() == 0
    assert Notification.objects.filter(template="interview_invitation").count() == 0


def test_schedule_refuses_a_past_time_and_changes_nothing():
    application = under_review()

    with pytest.raises(services.InterviewError, match="must be in the future"):
        schedule(application, coordinator(), timezone.now() - datetime.timedelta(minutes=1))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert Interview.objects.count() == 0


def test_schedule_refuses_a_second_scheduled_interview():
    staff = coordinator()
    application = under_review()
    schedule(application, staff)

    with pytest.raises(services.InterviewError, match="already has a scheduled interview"):
        schedule(application, staff, future(days=9))

    assert Interview.objects.count() == 1


def test_schedule_refuses_a_bad_length_or_a_non_staff_interviewer():
    application = under_review()

    with pytest.raises(services.InterviewError, match="duration_minutes"):
        schedule(application, coordinator(), duration_minutes=500)
    with pytest.raises(services.InterviewError, match="staff member"):
        schedule(application, coordinator(), interviewer=UserFactory())

    assert Interview.objects.count() == 0


# --- roles ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "plain staff", "applicant"])
def test_only_a_coordinator_schedules(who):
    application = under_review()
    by = {
        "reviewer": reviewer,
        "plain staff": StaffFactory,
        "applicant": lambda: application.applicant,
    }[who]()

    with pytest.raises(services.NotAllowed):
        schedule(application, by)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert Interview.objects.count() == 0
    assert Notification.objects.exclude(template="application_submitted").count() == 0


def test_a_reviewer_cannot_offer_move_or_cancel():
    staff = reviewer()
    interview = InterviewFactory()

    with pytest.raises(services.NotAllowed):
        services.offer_interview_slots(
            application=interview.application,
            by=staff,
            slots=[services.SlotTime(starts_at=future(days=3), meeting_url=MEETING_URL)],
        )
    with pytest.raises(services.NotAllowed):
        services.reschedule_interview(interview=interview, by=staff, starts_at=future(days=8))
    with pytest.raises(services.NotAllowed):
        services.cancel_interview(interview=interview, by=staff)

    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == ("scheduled", 0)


def test_a_superuser_schedules():
    admin = StaffFactory(is_superuser=True)

    interview = schedule(under_review(), admin)

    assert interview.created_by == admin


# --- offered slots ----------------------------------------------------------------------


def offer(application, by, *times):
    return services.offer_interview_slots(
        application=application,
        by=by,
        slots=[
            services.SlotTime(starts_at=t, duration_minutes=45, meeting_url=MEETING_URL)
            for t in times
        ],
    )


def test_offering_slots_emails_the_times_in_the_applicants_zone(
    django_capture_on_commit_callbacks,
):
    application = under_review(timezone="America/New_York")
    times = [
        datetime.datetime(2031, 1, 7, 15, 0, tzinfo=UTC),
        datetime.datetime(2031, 1, 8, 18, 30, tzinfo=UTC),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        slots = offer(application, coordinator(), *reversed(times))

    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEW
    assert [s.starts_at for s in slots] == times
    assert list(open_interview_slots(application=application)) == slots
    assert [n.template for n in Notification.objects.order_by("pk")][-1:] == [
        "interview_slots_offered"
    ]
    assert not Notification.objects.filter(template="status_interview").exists()
    message = mail.outbox[-1]
    assert message.subject == (
        "[Action required] Choose a time for your observership interview (2027)"
    )
    assert "  - Tuesday 7 January 2031, 10:00 (America/New_York)" in message.body
    assert "  - Wednesday 8 January 2031, 13:30 (America/New_York)" in message.body
    assert "45-minute" in message.body
    assert "<li>Tuesday 7 January 2031, 10:00 (America/New_York)</li>" in html_of(message)
    assert_fully_rendered(message)


@pytest.mark.parametrize(
    ("times", "message"),
    [
        ([], "at least one"),
        ([1, 2, 3, 4, 5, 6], "at most 5"),
        ([2, 2], "twice"),
        ([-1], "in the future"),
    ],
)
def test_offering_slots_is_refused_for_bad_times(times, message):
    application = under_review()
    starts = [
        future(days=d) if d > 0 else timezone.now() - datetime.timedelta(hours=1) for d in times
    ]

    with pytest.raises(services.InterviewError, match=message):
        offer(application, coordinator(), *starts)

    assert InterviewSlot.objects.count() == 0
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_picking_a_slot_books_it_emails_the_invitation_and_the_other_slots_lapse(
    django_capture_on_commit_callbacks,
):
    application = under_review()
    first, second, third = offer(application, coordinator(), *(future(days=d) for d in (2, 3, 4)))

    with django_capture_on_commit_callbacks(execute=True):
        interview = services.pick_interview_slot(slot=second, by=application.applicant)

    second.refresh_from_db()
    assert second.interview == interview
    assert (interview.starts_at, interview.duration_minutes, interview.meeting_url) == (
        second.starts_at,
        45,
        MEETING_URL,
    )
    assert list(open_interview_slots(application=application)) == []
    message = mail.outbox[-1]
    assert message.subject.startswith("Your observership interview is booked: ")
    assert "Thank you for choosing a time." in message.body
    assert [a[0] for a in message.attachments] == ["interview.ics"]
    assert_fully_rendered(message)
    with pytest.raises(services.InterviewError, match="no longer available"):
        services.pick_interview_slot(slot=third, by=application.applicant)
    assert Interview.objects.count() == 1


def test_a_direct_schedule_makes_offered_slots_lapse():
    staff = coordinator()
    application = under_review()
    (slot,) = offer(application, staff, future(days=2))
    interview = schedule(application, staff, future(days=6))
    services.cancel_interview(interview=interview, by=staff)

    with pytest.raises(services.InterviewError, match="no longer available"):
        services.pick_interview_slot(slot=slot, by=application.applicant)


def test_slots_offered_after_a_cancellation_are_open():
    staff = coordinator()
    application = under_review()
    services.cancel_interview(interview=schedule(application, staff), by=staff)

    (slot,) = offer(application, staff, future(days=3))

    assert services.pick_interview_slot(slot=slot, by=application.applicant).starts_at == (
        slot.starts_at
    )


def test_only_the_applicant_picks_their_slot():
    application = under_review()
    (slot,) = offer(application, coordinator(), future(days=2))

    with pytest.raises(services.NotAllowed):
        services.pick_interview_slot(slot=slot, by=UserFactory())

    assert Interview.objects.count() == 0


def test_a_slot_cannot_be_picked_once_the_application_moved_on():
    application = under_review()
    (slot,) = offer(application, coordinator(), future(days=2))
    services.transition_application(
        application=application, to=ApplicationStatus.REJECTED, by=None, actor=Actor.COORDINATOR
    )

    with pytest.raises(services.InterviewError, match="no longer available"):
        services.pick_interview_slot(slot=slot, by=application.applicant)


# --- reschedule and cancel ---------------------------------------------------------------


def test_reschedule_raises_the_sequence_and_emails_old_and_new_times(
    django_capture_on_commit_callbacks,
):
    application = under_review(timezone="Europe/London")
    staff = coordinator()
    interview = schedule(application, staff, datetime.datetime(2031, 6, 2, 9, 0, tzinfo=UTC))
    new_time = datetime.datetime(2031, 6, 3, 14, 0, tzinfo=UTC)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule_interview(interview=interview, by=staff, starts_at=new_time)

    interview.refresh_from_db()
    assert (interview.starts_at, interview.sequence, interview.uid) == (new_time, 1, moved.uid)
    message = mail.outbox[-1]
    assert message.subject == (
        "Your observership interview has moved to Tue 3 Jun 2031, 15:00 (Europe/London)"
    )
    assert "It was on Monday 2 June 2031, 10:00 (Europe/London)" in message.body
    assert "When: Tuesday 3 June 2031, 15:00 (Europe/London)" in message.body
    assert_fully_rendered(message)


def test_changing_only_the_link_is_an_update_with_the_same_time(
    django_capture_on_commit_callbacks,
):
    staff = coordinator()
    interview = schedule(under_review(), staff)

    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_interview(
            interview=interview,
            by=staff,
            starts_at=interview.starts_at,
            meeting_url="https://meet.example.com/new-room",
        )

    message = mail.outbox[-1]
    assert message.subject == "Your observership interview details have changed"
    assert "Join: https://meet.example.com/new-room" in message.body


def test_reschedule_refuses_no_change_a_past_time_and_a_cancelled_interview():
    staff = coordinator()
    interview = schedule(under_review(), staff)

    with pytest.raises(services.InterviewError, match="Nothing changed"):
        services.reschedule_interview(interview=interview, by=staff, starts_at=interview.starts_at)
    with pytest.raises(services.InterviewError, match="in the future"):
        services.reschedule_interview(
            interview=interview, by=staff, starts_at=timezone.now() - datetime.timedelta(hours=1)
        )
    services.cancel_interview(interview=interview, by=staff)
    with pytest.raises(services.InterviewError, match="cancelled interview cannot be moved"):
        services.reschedule_interview(interview=interview, by=staff, starts_at=future(days=9))

    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == ("cancelled", 1)


def test_cancel_emails_the_reason_and_keeps_the_application_at_the_interview_stage(
    django_capture_on_commit_callbacks,
):
    staff = coordinator()
    interview = schedule(under_review(timezone="Asia/Kolkata"), staff, future(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_interview(
            interview=interview, by=staff, reason="The interviewer is unwell."
        )

    interview.refresh_from_db()
    interview.application.refresh_from_db()
    assert (interview.status, interview.sequence) == ("cancelled", 1)
    assert interview.application.status == ApplicationStatus.INTERVIEW
    message = mail.outbox[-1]
    assert message.subject.startswith("Cancelled: your observership interview on ")
    assert message.subject.endswith("(Asia/Kolkata)")
    assert "The program office's reason: The interviewer is unwell." in message.body
    assert_fully_rendered(message)
    with pytest.raises(services.InterviewError, match="cannot be cancelled"):
        services.cancel_interview(interview=interview, by=staff)


# --- outcome ----------------------------------------------------------------------------


def past_interview():
    return InterviewFactory(starts_at=timezone.now() - datetime.timedelta(hours=2))


def test_a_reviewer_records_a_completed_interview_with_a_recommendation():
    interview = past_interview()

    services.record_interview_outcome(
        interview=interview,
        by=reviewer(),
        status=InterviewStatus.COMPLETED,
        notes="  Clear, well prepared.  ",
        recommendation="strong",
    )

    interview.refresh_from_db()
    assert (interview.status, interview.outcome_notes, interview.recommendation) == (
        "completed",
        "Clear, well prepared.",
        "strong",
    )
    assert Notification.objects.count() == 0  # internal: nothing goes to the applicant


def test_a_no_show_needs_no_recommendation_and_can_be_corrected():
    interview = past_interview()
    staff = reviewer()

    services.record_interview_outcome(interview=interview, by=staff, status="no_show")
    services.record_interview_outcome(
        interview=interview, by=staff, status="completed", recommendation="neutral"
    )

    interview.refresh_from_db()
    assert (interview.status, interview.recommendation) == ("completed", "neutral")


@pytest.mark.parametrize(
    ("arrange", "kwargs", "message"),
    [
        (lambda i: None, {"status": "completed"}, "Give your recommendation"),
        (lambda i: None, {"status": "cancelled"}, "either completed or no-show"),
        (lambda i: None, {"status": "completed", "recommendation": "maybe"}, "Unknown"),
        (
            lambda i: Interview.objects.filter(pk=i.pk).update(
                starts_at=timezone.now() + datetime.timedelta(hours=1)
            ),
            {"status": "completed", "recommendation": "recommend"},
            "not started yet",
        ),
        (
            lambda i: Interview.objects.filter(pk=i.pk).update(status="cancelled"),
            {"status": "no_show"},
            "cancelled interview has no outcome",
        ),
    ],
)
def test_an_outcome_is_refused_when_it_does_not_fit(arrange, kwargs, message):
    interview = past_interview()
    arrange(interview)

    with pytest.raises(services.InterviewError, match=message):
        services.record_interview_outcome(interview=interview, by=reviewer(), **kwargs)

    interview.refresh_from_db()
    assert interview.recommendation == ""


def test_staff_without_the_role_cannot_record_an_outcome():
    interview = past_interview()

    with pytest.raises(services.NotAllowed):
        services.record_interview_outcome(interview=interview, by=StaffFactory(), status="no_show")


# --- admin ------------------------------------------------------------------------------


def admin_add(client, application, *, date, time, **extra):
    return client.post(
        "/admin/applications/interview/add/",
        {
            "application": application.pk,
            "starts_at_0": date,
            "starts_at_1": time,
            "duration_minutes": 30,
            "meeting_url": MEETING_URL,
            "interviewer": "",
            **extra,
        },
    )


def test_admin_add_schedules_in_the_staff_members_zone(client, django_capture_on_commit_callbacks):
    staff = coordinator(timezone="America/Chicago")
    application = under_review(timezone="Asia/Kolkata")
    client.force_login(staff)

    page = client.get(f"/admin/applications/interview/add/?application={application.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_add(client, application, date="2031-07-15", time="10:00")

    assert "Times in America/Chicago" in page.content.decode()
    assert response.status_code == 302
    interview = Interview.objects.get()
    # 10:00 in Chicago (CDT, UTC-5) is 15:00 UTC, 20:30 in India.
    assert interview.starts_at == datetime.datetime(2031, 7, 15, 15, 0, tzinfo=UTC)
    assert interview.created_by == staff
    assert response["Location"] == "/admin/applications/interview/"
    assert "Tuesday 15 July 2031, 20:30 (Asia/Kolkata)" in mail.outbox[-1].body


def test_admin_add_shows_a_refusal_as_a_form_error(client):
    client.force_login(coordinator())
    application = application_at("submitted")

    response = admin_add(client, application, date="2031-07-15", time="10:00")

    assert response.status_code == 200
    assert "this one is submitted" in response.content.decode()
    assert Interview.objects.count() == 0


def test_admin_refuses_a_reviewer_to_schedule(client):
    client.force_login(reviewer())
    application = under_review()

    page = client.get("/admin/applications/interview/add/")
    response = admin_add(client, application, date="2031-07-15", time="10:00")

    assert page.status_code == 403
    assert response.status_code == 403
    assert Interview.objects.count() == 0


def test_admin_change_reschedules_through_the_service(client, django_capture_on_commit_callbacks):
    staff = coordinator(timezone="Europe/Berlin")
    interview = schedule(under_review(), staff, datetime.datetime(2031, 1, 10, 9, 0, tzinfo=UTC))
    client.force_login(staff)
    url = f"/admin/applications/interview/{interview.pk}/change/"

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "starts_at_0": "2031-01-11",
                "starts_at_1": "11:30",
                "duration_minutes": 30,
                "meeting_url": MEETING_URL,
                "interviewer": "",
            },
        )

    assert 'value="10:00:00"' in page  # 09:00 UTC shown in Berlin time
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == datetime.datetime(2031, 1, 11, 10, 30, tzinfo=UTC)
    assert interview.sequence == 1
    assert Notification.objects.filter(template="interview_rescheduled").count() == 1


def test_admin_change_page_is_read_only_for_a_reviewer_with_an_outcome_button(client):
    interview = InterviewFactory()
    client.force_login(reviewer())

    html = client.get(f"/admin/applications/interview/{interview.pk}/change/").content.decode()
    response = client.post(
        f"/admin/applications/interview/{interview.pk}/change/",
        {"starts_at_0": "2031-01-11", "starts_at_1": "11:30", "duration_minutes": 30},
    )

    assert f"/admin/applications/interview/{interview.pk}/outcome/" in html
    assert "/cancel/" not in html
    assert 'name="starts_at_0"' not in html
    assert response.status_code == 403


def test_admin_cancel_asks_then_cancels(client, django_capture_on_commit_callbacks):
    staff = coordinator()
    interview = schedule(under_review(), staff)
    client.force_login(staff)
    url = f"/admin/applications/interview/{interview.pk}/cancel/"

    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "The program office is closed that day."})

    assert "Yes, cancel the interview" in page.content.decode()
    assert response["Location"] == f"/admin/applications/interview/{interview.pk}/change/"
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert "The program office is closed that day." in mail.outbox[-1].body


def test_admin_cancel_is_forbidden_to_a_reviewer(client):
    interview = InterviewFactory()
    client.force_login(reviewer())

    response = client.post(f"/admin/applications/interview/{interview.pk}/cancel/", {})

    assert response.status_code == 403
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.SCHEDULED


def test_admin_outcome_by_a_reviewer(client):
    interview = past_interview()
    client.force_login(reviewer())
    url = f"/admin/applications/interview/{interview.pk}/outcome/"

    missing = client.post(url, {"status": "completed", "notes": "Good."})
    response = client.post(
        url, {"status": "completed", "recommendation": "recommend", "notes": "Good."}
    )

    assert "Give your recommendation" in missing.content.decode()
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.status, interview.recommendation, interview.outcome_notes) == (
        "completed",
        "recommend",
        "Good.",
    )


def test_admin_outcome_is_forbidden_without_the_role(client):
    interview = past_interview()
    client.force_login(StaffFactory())

    response = client.post(
        f"/admin/applications/interview/{interview.pk}/outcome/", {"status": "no_show"}
    )

    assert response.status_code == 403


def test_admin_offer_slots_in_the_staff_members_zone(client, django_capture_on_commit_callbacks):
    staff = coordinator(timezone="America/Chicago")
    application = under_review()
    client.force_login(staff)
    url = f"/admin/applications/interview/offer-slots/?application={application.pk}"
    data = {
        "application": application.pk,
        "duration_minutes": 30,
        "meeting_url": MEETING_URL,
        "interviewer": staff.pk,
        "slots-TOTAL_FORMS": 5,
        "slots-INITIAL_FORMS": 0,
        "slots-MIN_NUM_FORMS": 0,
        "slots-MAX_NUM_FORMS": 5,
        "slots-0-starts_at_0": "2031-01-14",
        "slots-0-starts_at_1": "09:00",
        "slots-2-starts_at_0": "2031-01-15",
        "slots-2-starts_at_1": "16:30",
    }

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert "Times in America/Chicago" in page
    assert response.status_code == 302
    assert [s.starts_at for s in InterviewSlot.objects.order_by("starts_at")] == [
        datetime.datetime(2031, 1, 14, 15, 0, tzinfo=UTC),  # CST, UTC-6
        datetime.datetime(2031, 1, 15, 22, 30, tzinfo=UTC),
    ]
    assert mail.outbox[-1].subject.startswith("[Action required] Choose a time")


def test_admin_offer_slots_needs_a_time_and_a_coordinator(client):
    application = under_review()
    client.force_login(coordinator())
    data = {
        "application": application.pk,
        "duration_minutes": 30,
        "meeting_url": MEETING_URL,
        "slots-TOTAL_FORMS": 5,
        "slots-INITIAL_FORMS": 0,
    }

    empty = client.post("/admin/applications/interview/offer-slots/", data)
    client.force_login(reviewer())
    forbidden = client.get("/admin/applications/interview/offer-slots/")

    assert "Offer at least one time." in empty.content.decode()
    assert forbidden.status_code == 403
    assert InterviewSlot.objects.count() == 0


def test_admin_changelist_lists_interviews_in_the_staff_members_zone(client):
    InterviewFactory(starts_at=datetime.datetime(2031, 2, 3, 15, 0, tzinfo=UTC))
    client.force_login(coordinator(timezone="Asia/Tokyo"))

    html = client.get("/admin/applications/interview/").content.decode()

    # 15:00 UTC on 3 February is midnight on the 4th in Tokyo (one clock: 24-hour).
    assert re.search(r"4 Feb\w*\.? 2031,? 00:00", html), html
    assert "/admin/applications/interview/offer-slots/" in html


# --- concurrency --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_picks_book_one_interview():
    application = under_review()
    slots = offer(application, StaffFactory(is_superuser=True), future(days=2), future(days=3))
    barrier = threading.Barrier(len(slots))
    results = []

    def pick(slot):
        try:
            barrier.wait(timeout=10)
            services.pick_interview_slot(slot=slot, by=application.applicant)
            results.append("booked")
        except services.InterviewError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=pick, args=(slot,)) for slot in slots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results) == ["booked", "refused"]
    assert Interview.objects.filter(application=application).count() == 1
    assert InterviewSlot.objects.filter(interview__isnull=False).count() == 1

"""The dashboard says the one next step the application's state asks, with its badge and its
button, and shows the road ahead (Apply to Completion) as an ordered list with the current
step marked and the day each past step was reached."""

import datetime
import html as html_lib
import re
import zoneinfo

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import Application, StatusChange
from applications.selectors.next_step import next_step_for_email
from applications.services import start_application
from tests.applications.interview_support import application_at, under_review, with_offer
from tests.factories import (
    CompleteApplicantFactory,
    InterviewFactory,
    InterviewSlotFactory,
    RotationRequestFactory,
    UserFactory,
)
from tests.support.lifecycle import move_through

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ZONE = "America/Chicago"
OLD_PROMISE = "appears here as soon as it is scheduled"


def text_of(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, f"nothing matches {pattern}"
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


def dashboard(client, application) -> str:
    client.force_login(application.applicant)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def the_draft():
    return start_application(applicant=UserFactory(timezone=ZONE), intake="2027")


def documents_rejected():
    application = under_review(timezone=ZONE)
    application.documents.filter(kind="passport").update(
        status=DocumentStatus.REJECTED, rejection_reason="The photo page is blurred."
    )
    return application


def submitted():
    return application_at("submitted", timezone=ZONE)


def interview_waiting():
    return application_at("submitted", "under_review", "interview", timezone=ZONE)


def slots_offered():
    application = interview_waiting()
    InterviewSlotFactory(application=application)
    InterviewSlotFactory(
        application=application, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
    return application


def interview_booked():
    application = interview_waiting()
    InterviewFactory(application=application)
    return application


def offer_waiting():
    return with_offer(timezone.now() + datetime.timedelta(days=5), timezone=ZONE)


def waitlisted():
    return application_at("submitted", "under_review", "waitlisted", timezone=ZONE)


def rotations_to_choose():
    application = with_offer(timezone.now() + datetime.timedelta(days=5), timezone=ZONE)
    return move_through(application, S.CONFIRMED)


def enrolled():
    application = rotations_to_choose()
    RotationRequestFactory(application=application, status="confirmed")
    Application.objects.filter(pk=application.pk).update(status=S.ENROLLED)
    application.refresh_from_db()
    return application


def withdrawn():
    application = submitted()
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)
    application.refresh_from_db()
    return application


STATES = {
    "draft": (the_draft, "Action needed: finish your application", "Continue your application"),
    "documents_rejected": (
        documents_rejected,
        "Action needed: replace a document",
        "Replace the rejected document",
    ),
    "submitted": (submitted, "With the program office", None),
    "interview_waiting": (interview_waiting, "Interview times coming", None),
    "interview_slots_offered": (
        slots_offered,
        "Action needed: pick an interview time",
        "Pick a time",
    ),
    "interview_booked": (interview_booked, "Interview booked", None),  # on the card below
    "offer_waiting": (offer_waiting, "Action needed: answer your offer", "Answer the offer"),
    "waitlisted": (waitlisted, "Waiting for a place", None),
    "rotations_to_choose": (
        rotations_to_choose,
        "Action needed: choose your rotations",
        None,  # the rotations panel below has the button
    ),
    "enrolled_first_day": (enrolled, None, None),
    "withdrawn": (withdrawn, "Closed", None),
}


@pytest.mark.parametrize("state", list(STATES))
def test_the_page_says_the_next_step_of_its_state(client, state):
    arrange, badge, action = STATES[state]
    application = arrange()
    expected = next_step_for_email(application=application)  # the applicant's words and zone

    html = dashboard(client, application)

    assert text_of(html, r'<p class="next-step">(.*?)</p>') == expected
    shown_badge = text_of(html, r'<span class="badge next-step-badge[^"]*">(.*?)</span>')
    if badge:
        assert shown_badge == badge
    assert f"next-step-{state}" in html
    main_action = re.search(r'<a class="btn btn-brand next-step-action"[^>]*>(.*?)</a>', html)
    assert (main_action.group(1) if main_action else None) == action
    assert OLD_PROMISE not in html
    assert 'class="btn btn-danger' not in html  # withdrawing stays a quiet link


def test_a_booked_interview_is_given_with_its_time_in_the_applicants_zone(client):
    application = interview_waiting()
    starts_at = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    InterviewFactory(
        application=application, starts_at=starts_at, meeting_url="https://meet.example.com/a"
    )

    html = dashboard(client, application)

    sentence = text_of(html, r'<p class="next-step">(.*?)</p>')
    # 15:00 UTC is 09:00 or 10:00 in Chicago, depending on daylight saving time.
    local = starts_at.astimezone(zoneinfo.ZoneInfo(ZONE))
    assert sentence.startswith(
        f"Your interview is booked for {local:%A} {local.day} {local:%B %Y, %H:%M} ({ZONE})."
    )
    assert 'class="btn btn-brand interview-join" href="https://meet.example.com/a"' in html


def test_the_enrolled_applicant_sees_the_first_day(client):
    application = enrolled()

    html = dashboard(client, application)

    assert text_of(html, r'<span class="badge next-step-badge[^"]*">(.*?)</span>').startswith(
        "First day: "
    )
    assert "You are enrolled. Your first day is " in html


# --- The road ahead ----------------------------------------------------------------------

NOTE_AND_DATE = (r'<span class="road-step-note">(.*?)</span>', r"<time[^>]*>(.*?)</time>")
STEP = re.compile(
    r'<li class="road-step road-step-(?P<state>\w+)"(?P<current> aria-current="step")?>'
    r"(?P<body>.*?)</li>",
    re.S,
)


def road(html: str) -> list[tuple[str, str, bool, str]]:
    """(label, state, current, date or note) of each step, in order."""
    listed = re.search(r'<ol class="road-ahead[^"]*">(.*?)</ol>', html, re.S)
    assert listed, "the dashboard shows the road ahead as an ordered list"
    steps = []
    for match in STEP.finditer(listed.group(1)):
        body = match.group("body")
        label = text_of(body, r'<span class="road-step-label">(.*?)</span>')
        extra = [
            text_of(body, pattern) for pattern in NOTE_AND_DATE if re.search(pattern, body, re.S)
        ]
        steps.append((label, match.group("state"), bool(match.group("current")), " · ".join(extra)))
    return steps


def dated(application, **days_ago):
    """Put each status change `days_ago[status]` days back (at 18:00 UTC)."""
    base = timezone.now().astimezone(datetime.UTC).replace(hour=18, minute=0, second=0)
    for change in StatusChange.objects.filter(application=application):
        if change.to_status in days_ago:
            change.created_at = base - datetime.timedelta(days=days_ago[change.to_status])
            change.save(update_fields=["created_at"])


def short(days: int) -> str:
    # 18:00 UTC is the same day in Chicago.
    day = timezone.now().astimezone(datetime.UTC).date() - datetime.timedelta(days=days)
    return f"{day.day} {day:%b %Y}"


def test_at_the_interview_the_road_marks_it_and_dates_the_steps_behind(client):
    application = slots_offered()
    dated(application, submitted=20, under_review=15, interview=3)

    steps = road(dashboard(client, application))

    assert steps == [
        ("Apply", "done", False, ""),
        ("Review", "done", False, short(20)),
        ("Interview", "current", True, short(3)),
        ("Offer", "ahead", False, ""),
        ("Rotations", "ahead", False, ""),
        ("Arrival", "ahead", False, ""),
        ("Completion", "ahead", False, ""),
    ]


def test_a_started_draft_is_dated_from_its_start(client):
    application = the_draft()
    dated(application, draft=2)

    steps = road(dashboard(client, application))

    assert steps[0] == ("Apply", "current", True, f"Draft · {short(2)}")
    assert [s[1] for s in steps[1:]] == ["ahead"] * 6


def test_an_offer_without_an_interview_shows_the_interview_as_not_needed(client):
    application = offer_waiting()

    steps = road(dashboard(client, application))

    assert steps[2] == ("Interview", "skipped", False, "Not needed")
    assert steps[3][:3] == ("Offer", "current", True)


def test_an_enrolled_applicant_has_arrival_ahead_of_them(client):
    steps = road(dashboard(client, enrolled()))

    assert [(s[0], s[1]) for s in steps] == [
        ("Apply", "done"),
        ("Review", "done"),
        ("Interview", "skipped"),
        ("Offer", "done"),
        ("Rotations", "done"),
        ("Arrival", "current"),
        ("Completion", "ahead"),
    ]


@pytest.mark.parametrize(
    ("statuses", "ending", "stops_at"),
    [
        (("submitted", "under_review", "withdrawn"), "Withdrawn", "Review"),
        (("submitted", "under_review", "interview", "rejected"), "Not accepted", "Interview"),
        (("submitted", "under_review", "accepted", "declined"), "Offer declined", "Offer"),
    ],
)
def test_an_application_that_ended_stops_the_road_where_it_ended(
    client, statuses, ending, stops_at
):
    application = CompleteApplicantFactory().applications.get()
    application = move_through(application, *statuses[:-1])
    application = move_through(application, statuses[-1])
    dated(application, **{statuses[-1]: 1})

    steps = road(dashboard(client, application))

    assert steps[-1] == (stops_at, "stopped", True, f"{ending} · {short(1)}")
    assert [s[0] for s in steps][-1] == stops_at  # nothing is shown past the ending
    assert "Completion" not in [s[0] for s in steps]

"""The applicant's next step, decided from the application's real state: one answer per
situation, in the active language and time zone, and the providers of the apps above."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone, translation

from applications.enums import ApplicationStatus, DocumentStatus, InterviewStatus
from applications.models import Application
from applications.selectors.next_step import next_step, next_step_for_email
from applications.services import start_application
from hmc_portal.next_steps import NextStep, NextStepProvider, next_steps
from tests.applications.interview_support import application_at, under_review, with_offer
from tests.factories import (
    CompleteApplicantFactory,
    InterviewFactory,
    InterviewSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
UTC = datetime.UTC
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
INTERVIEW_AT = datetime.datetime(2027, 3, 2, 15, 0, tzinfo=UTC)  # 20:30 in Kolkata


def step_in_kolkata(application, **kwargs) -> NextStep:
    with timezone.override(KOLKATA), translation.override("en"):
        return next_step(application=application, now=NOW, **kwargs)


def at_status(status: str) -> Application:
    application = CompleteApplicantFactory().applications.get()
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def test_a_new_draft_lists_what_is_missing_and_leads_to_the_form():
    applicant = UserFactory()
    application = start_application(applicant=applicant, intake="2027")

    step = step_in_kolkata(application)

    assert step.state == "draft"
    assert step.sentence.startswith("Finish your application and submit it. ")
    assert "Personal details: name, citizenship and phone; " in step.sentence
    assert "; Documents: Medical school transcript, " in step.sentence
    assert step.sentence.endswith("Your answers are saved as a draft; you can come back any time.")
    assert step.badge == "Action needed: finish your application"
    assert step.needs_action is True
    assert (step.action_label, step.action_url) == ("Continue your application", "/apply/")


def test_a_complete_draft_asks_to_check_and_submit():
    application = CompleteApplicantFactory().applications.get()

    step = step_in_kolkata(application)

    assert step.sentence == (
        "Your application is complete. Check your answers and submit it; until then it "
        "stays a draft."
    )


def test_a_submitted_application_waits_for_the_program_office():
    step = step_in_kolkata(at_status(S.SUBMITTED))

    assert step.state == "submitted"
    assert step.sentence == (
        "We have your application. The program office will start reviewing it, usually "
        "within a week, and will email you."
    )
    assert step.badge == "With the program office"
    assert step.needs_action is False
    assert step.action_url == ""


def test_a_rejected_document_is_named_and_its_replacement_is_the_action():
    application = under_review()
    application.documents.filter(kind="cv").update(
        status=DocumentStatus.REJECTED, rejection_reason="Cut off."
    )
    cv = application.documents.get(kind="cv")

    step = step_in_kolkata(application)

    assert step.state == "documents_rejected"
    assert step.sentence == (
        "The program office asked you to replace a document: CV. The reason is in your "
        "document list; the review goes on once you upload a new file."
    )
    assert step.badge == "Action needed: replace a document"
    assert step.action_url == f"/documents/{cv.pk}/replace/"


def test_two_rejected_documents_lead_to_the_documents_page():
    application = under_review()
    application.documents.filter(kind__in=["cv", "passport"]).update(
        status=DocumentStatus.REJECTED, rejection_reason="Unreadable."
    )

    step = step_in_kolkata(application)

    assert step.badge == "Action needed: replace 2 documents"
    assert step.action_url == "/apply/documents/"


def test_at_the_interview_stage_with_nothing_offered_yet_the_applicant_waits():
    application = application_at("submitted", "under_review", "interview")

    step = step_in_kolkata(application)

    assert step.state == "interview_waiting"
    assert step.sentence == (
        "The program office would like to interview you and will offer you times soon, by "
        "email and on your dashboard. You do not need to do anything yet."
    )
    assert step.badge == "Interview times coming"


def test_offered_slots_ask_to_pick_one_in_the_viewers_zone():
    application = application_at("submitted", "under_review", "interview")
    InterviewSlotFactory(application=application, starts_at=INTERVIEW_AT)
    InterviewSlotFactory(application=application, starts_at=INTERVIEW_AT + datetime.timedelta(1))

    step = step_in_kolkata(application)

    assert step.state == "interview_slots_offered"
    assert step.sentence == (
        "Pick your interview time: 2 times are on offer, shown on your dashboard in your time "
        "zone, Asia/Kolkata. Once you pick one, we email you the link to join."
    )
    assert step.badge == "Action needed: pick an interview time"
    assert step.needs_action is True
    assert step.action_url == "/dashboard/#interview-title"
    assert step.when == INTERVIEW_AT
    assert "appears here as soon as it is scheduled" not in step.sentence


def test_a_booked_interview_gives_its_time_in_the_viewers_zone_and_the_link():
    application = application_at("submitted", "under_review", "interview")
    InterviewFactory(
        application=application, starts_at=INTERVIEW_AT, meeting_url="https://meet.example.com/x"
    )

    step = step_in_kolkata(application)

    assert step.state == "interview_booked"
    assert step.sentence == (
        "Your interview is booked for Tuesday 2 March 2027, 20:30 (Asia/Kolkata). Join it "
        "with the link on your dashboard a few minutes early, from a quiet place with your "
        "camera on."
    )
    assert step.badge == "Interview booked"
    assert (step.action_label, step.action_url) == (
        "Join the interview",
        "https://meet.example.com/x",
    )


def test_a_booked_interview_comes_before_a_rejected_document():
    application = application_at("submitted", "under_review", "interview")
    application.documents.filter(kind="cv").update(
        status=DocumentStatus.REJECTED, rejection_reason="Unreadable."
    )
    InterviewFactory(application=application, starts_at=INTERVIEW_AT)

    assert step_in_kolkata(application).state == "interview_booked"


def test_after_the_interview_the_applicant_waits_for_the_decision():
    application = application_at("submitted", "under_review", "interview")
    InterviewFactory(
        application=application,
        starts_at=NOW - datetime.timedelta(days=1),
        status=InterviewStatus.COMPLETED,
    )

    step = step_in_kolkata(application)

    assert step.state == "interview_held"
    assert step.badge == "Waiting for the decision"


def test_an_offer_gives_its_deadline_in_the_viewers_zone():
    deadline = datetime.datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    application = with_offer(deadline)

    step = step_in_kolkata(application)

    assert step.state == "offer_waiting"
    assert step.sentence == (
        "Congratulations, you have an offer. Accept or decline it on your dashboard by "
        "Tuesday 9 March 2027, 17:30 (Asia/Kolkata); after that it expires and the place "
        "goes to another applicant."
    )
    assert step.badge == "Action needed: answer your offer"
    assert step.when == deadline
    assert step.action_url == "/dashboard/#offer-title"


def test_an_offer_past_its_deadline_asks_for_nothing_more():
    application = with_offer(NOW - datetime.timedelta(hours=1))

    step = step_in_kolkata(application)

    assert step.state == "offer_lapsed"
    assert step.needs_action is False


@pytest.mark.parametrize(
    ("status", "sentence", "badge"),
    [
        (
            S.WAITLISTED,
            "You are on the waiting list. We will write to you as soon as a place opens.",
            "Waiting for a place",
        ),
        (
            S.REJECTED,
            "We could not offer you a place this time. You are welcome to apply for a later "
            "intake.",
            "Closed",
        ),
        (S.DECLINED, "You declined the offer. You are welcome to apply again.", "Closed"),
        (
            S.EXPIRED,
            "The offer expired before it was accepted. Write to the program office if you "
            "are still interested.",
            "Closed",
        ),
        (
            S.WITHDRAWN,
            "You withdrew this application. You are welcome to apply for a later intake.",
            "Closed",
        ),
        (
            S.COMPLETED,
            "You completed your observership. You can ask your preceptors for letters of "
            "recommendation.",
            "Observership completed",
        ),
    ],
)
def test_the_states_with_one_sentence_for_everyone(status, sentence, badge):
    step = step_in_kolkata(at_status(status))

    assert (step.state, step.sentence, step.badge, step.needs_action) == (
        status,
        sentence,
        badge,
        False,
    )


@pytest.fixture
def provider():
    """Register a provider for the test, and take it away after."""
    names = []

    def register(name, provide, order=10):
        names.append(name)
        next_steps.register(NextStepProvider(name=name, provide=provide, order=order))

    yield register
    for name in names:
        next_steps.unregister(name)


def test_a_provider_of_an_app_above_answers_first_for_its_own_states(provider):
    def waiting_room(*, application, now, **kwargs):
        if application.status != S.SUBMITTED:
            return None
        return NextStep(state="waiting_room", sentence="Wait in the lobby.", badge="Lobby")

    provider("waiting_room", waiting_room)

    assert step_in_kolkata(at_status(S.SUBMITTED)).sentence == "Wait in the lobby."
    assert step_in_kolkata(at_status(S.WAITLISTED)).state == "waitlisted"


def test_the_email_sentence_is_in_the_applicants_language_and_zone():
    deadline = datetime.datetime(2027, 3, 9, 12, 0, tzinfo=UTC)
    application = with_offer(deadline, timezone="Asia/Kolkata", language="es")

    sentence = next_step_for_email(application=application, now=NOW)

    assert "martes 9 de marzo de 2027, 17:30 (Asia/Kolkata)" in sentence
    assert not sentence.startswith("Congratulations")

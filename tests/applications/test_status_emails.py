"""Every status email, rendered for real through the outbox: subject, recipient, both parts,
and no template variable left empty."""

import copy
import zoneinfo

import pytest
from django.core import mail
from django.template.loader import render_to_string

from applications import services
from applications.enums import ApplicationStatus
from applications.models import Application
from tests.factories import CoordinatorFactory, ReviewableApplicationFactory, ReviewerFactory
from tests.support.lifecycle import allowed_actor

pytestmark = pytest.mark.django_db

S = ApplicationStatus
MARKER = "INVALID{%s}"
DASHBOARD = "http://127.0.0.1:8000/dashboard/"
HOME = "http://127.0.0.1:8000/"

# target: (status before, subject, a sentence of the body, the link the email leads to)
EMAILS = {
    S.INTERVIEW: (
        S.UNDER_REVIEW,
        "An interview for your observership application (2027)",  # nothing to do yet
        "would like to meet you in a short virtual interview",
        DASHBOARD,
    ),
    S.WAITLISTED: (
        S.INTERVIEW,
        "Your observership application for 2027 is on the waiting list",
        "your application is on our waiting list",
        DASHBOARD,
    ),
    S.REJECTED: (
        S.UNDER_REVIEW,
        "The decision on your observership application for 2027",
        "we cannot offer you a place this time",
        DASHBOARD,
    ),
    S.CONFIRMED: (
        S.ACCEPTED,
        "You accepted your observership offer for 2027: choose your rotations",
        "You accepted your offer. Choose your rotations, in order of preference, from the "
        "live catalogue; each preceptor then confirms your place.",
        DASHBOARD,
    ),
    S.DECLINED: (
        S.ACCEPTED,
        "You declined your observership offer for 2027",
        "The place now goes to another applicant.",
        HOME,
    ),
    S.EXPIRED: (
        S.ACCEPTED,
        "Your observership offer for 2027 has expired",
        "the offer has expired",
        DASHBOARD,
    ),
    S.ENROLLED: (
        S.CONFIRMED,
        "You are enrolled: your 2027 observership at Houston Medical Clerkship",
        "you are now enrolled",
        DASHBOARD,
    ),
    S.COMPLETED: (
        S.ENROLLED,
        "Congratulations on completing your 2027 observership",
        "Thank you for the care and curiosity you brought to our teams.",
        DASHBOARD,
    ),
}


@pytest.fixture
def strict_templates(settings):
    """A variable missing from an email's context renders as a visible marker."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = MARKER
    settings.TEMPLATES = templates


def applicant_application(status: str, **kwargs) -> Application:
    application = ReviewableApplicationFactory(
        **{
            "applicant__first_name": "Amina",
            "applicant__last_name": "Okafor",
            "applicant__timezone": "Africa/Lagos",
            "documents": "verified",
            **kwargs,
        }
    )
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def move(application: Application, target: str, note: str = "", **extra) -> None:
    if target in (S.CONFIRMED, S.DECLINED, S.EXPIRED) or extra:
        services.transition_application(
            application=application,
            to=target,
            by=application.applicant,
            actor=allowed_actor(application, target),
            note=note,
            email_context=extra or None,
        )
    else:
        services.change_status(
            application=application, to=target, by=CoordinatorFactory(), note=note
        )


def assert_complete(message) -> tuple[str, str]:
    """Both parts exist, and nothing rendered empty or missing."""
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for part in (message.subject, message.body, html):
        assert "INVALID{" not in part
        assert "{{" not in part and "{%" not in part
    assert "Dear Amina Okafor," in message.body
    assert "<p>Dear Amina Okafor,</p>" in html
    assert "Dear ," not in message.body
    return message.body, html


@pytest.mark.parametrize("target", list(EMAILS))
def test_status_email(target, strict_templates, django_capture_on_commit_callbacks):
    before, subject, sentence, link = EMAILS[target]
    application = applicant_application(before)

    with django_capture_on_commit_callbacks(execute=True):
        move(application, target)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.applicant.email]
    assert message.subject == subject
    body, html = assert_complete(message)
    assert sentence in body
    assert sentence in html
    assert link in body
    assert f'href="{link}"' in html
    assert "A message from the program office" not in body


def test_offer_email_asks_for_a_reply_by_the_deadline_in_the_applicants_zone(
    strict_templates, django_capture_on_commit_callbacks
):
    application = applicant_application(S.INTERVIEW, applicant__timezone="Asia/Kolkata")

    with django_capture_on_commit_callbacks(execute=True):
        application = services.change_status(
            application=application, to=S.ACCEPTED, by=CoordinatorFactory()
        )

    local = application.offer_expires_at.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata"))
    deadline = f"{local:%A} {local.day} {local:%B %Y, %H:%M} (Asia/Kolkata)"
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert message.subject == (
        f"[Action required] Your observership offer for 2027: reply by {local.day} {local:%B %Y}"
    )
    body, html = assert_complete(message)
    sentence = (
        f"Accept or decline it on your dashboard by {deadline}; after that it expires and "
        "the place goes to another applicant."
    )
    assert f"What to do next: Congratulations, you have an offer. {sentence}" in body
    assert sentence in html
    assert DASHBOARD in body


def test_a_rejection_carries_the_program_offices_message(
    strict_templates, django_capture_on_commit_callbacks
):
    application = applicant_application(S.INTERVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.REJECTED, note="We look for a Step 1 pass first.")

    (message,) = mail.outbox
    body, html = assert_complete(message)
    assert "A message from the program office: We look for a Step 1 pass first." in body
    assert "We look for a Step 1 pass first." in html


def test_enrolment_lists_the_itinerary_when_given(
    strict_templates, django_capture_on_commit_callbacks
):
    application = applicant_application(S.CONFIRMED)
    itinerary = [
        "Internal Medicine: 1–28 June 2027, Houston Methodist, Dr. Rivera",
        "Cardiology: 1–28 July 2027, Memorial Hermann, Dr. Chen",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.ENROLLED, itinerary=itinerary)

    (message,) = mail.outbox
    body, html = assert_complete(message)
    assert "Your itinerary\n  Internal Medicine: 1–28 June 2027" in body
    assert f"<li>{itinerary[1]}</li>" in html


def test_names_are_not_html_escaped_in_the_text_part(
    strict_templates, django_capture_on_commit_callbacks
):
    application = applicant_application(S.UNDER_REVIEW, applicant__last_name="O'Brien")

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.WAITLISTED, note="Places open in <May>.")

    (message,) = mail.outbox
    assert "Dear Amina O'Brien," in message.body
    assert "Places open in <May>." in message.body
    assert "Places open in &lt;May&gt;." in message.alternatives[0][0]


def test_starting_the_review_sends_nothing(django_capture_on_commit_callbacks):
    application = applicant_application(S.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.UNDER_REVIEW)

    assert Application.objects.get(pk=application.pk).status == S.UNDER_REVIEW
    assert mail.outbox == []


def test_document_rejected_email(strict_templates, django_capture_on_commit_callbacks):
    application = applicant_application(S.UNDER_REVIEW)
    document = application.documents.get(kind="transcript")
    document.status = "pending"
    document.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_document(
            document=document, by=ReviewerFactory(), reason="Pages 3 and 4 are missing."
        )

    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert message.subject == (
        "[Action required] Please replace a document: Medical school transcript"
    )
    body, html = assert_complete(message)
    replace_url = f"http://127.0.0.1:8000/documents/{document.pk}/replace/"
    assert "Medical school transcript: transcript.pdf\n  Why: Pages 3 and 4 are missing." in body
    assert f"Replace the document: {replace_url}" in body
    assert f'href="{replace_url}"' in html
    assert DASHBOARD in body


def test_the_strict_check_would_catch_a_missing_variable(strict_templates):
    text = render_to_string("emails/status_rejected.txt", {"intake": "2027"})

    assert "Dear INVALID{recipient_name}," in text


def test_a_declined_offer_repeats_the_applicants_reason(
    strict_templates, django_capture_on_commit_callbacks
):
    application = applicant_application(S.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        move(application, S.DECLINED, note="I matched elsewhere.", reason="I matched elsewhere.")

    (message,) = mail.outbox
    body, html = assert_complete(message)
    assert "The reason you gave: I matched elsewhere." in body
    assert "I matched elsewhere." in html

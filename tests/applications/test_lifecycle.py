import pytest
from django.core import mail

from applications import services
from applications.enums import ApplicationStatus
from applications.lifecycle import TRANSITIONS
from applications.models import Application, StatusChange
from tests.factories import (
    ApplicationFactory,
    CompleteApplicantFactory,
    DocumentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def draft_of(user) -> Application:
    return user.applications.get()


def test_submit_moves_a_complete_draft_and_emails_a_receipt(django_capture_on_commit_callbacks):
    applicant = CompleteApplicantFactory(first_name="Rahul", last_name="Sharma")
    application = draft_of(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=application, by=applicant)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.declaration_accepted_at is not None
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("draft", "submitted", applicant)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert message.subject == "We received your observership application for 2027"
    assert "Dear Rahul Sharma," in message.body
    assert "1. Internal Medicine" in message.body
    assert "Medical school transcript: transcript.pdf" in message.body
    assert "http://127.0.0.1:8000/dashboard/" in message.body
    html = message.alternatives[0][0]
    assert "<li>1. Internal Medicine</li>" in html
    assert "{{" not in message.body and "{{" not in html


def test_submit_is_refused_with_the_list_of_what_is_missing():
    applicant = UserFactory(email_verified_at=None)
    application = services.start_application(applicant=applicant, intake="2027")
    DocumentFactory(application=application, kind="cv")

    with pytest.raises(services.SubmissionIncomplete) as refusal:
        services.submit_application(application=application, by=applicant)

    assert refusal.value.problems == [
        "Confirm your email address (use the link we emailed you)",
        "Personal details: name, citizenship and phone",
        "Medical background: school, degree, graduation year, ECFMG status and English proficiency",
        "Interests: at least one specialty",
        "Interests: preferred start month and career goals",
        "Document: Medical school transcript",
        "Document: Proof of graduation (diploma)",
        "Document: Personal statement",
        "Document: Passport bio page",
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.status_changes.count() == 1  # only "started"
    assert mail.outbox == []


def test_submit_needs_a_verified_email():
    applicant = CompleteApplicantFactory(email_verified_at=None)

    with pytest.raises(services.SubmissionIncomplete) as refusal:
        services.submit_application(application=draft_of(applicant), by=applicant)

    assert refusal.value.problems == ["Confirm your email address (use the link we emailed you)"]


def test_an_uploaded_personal_statement_replaces_the_written_one():
    applicant = CompleteApplicantFactory()
    application = draft_of(applicant)
    Application.objects.filter(pk=application.pk).update(personal_statement="")
    DocumentFactory(application=application, kind="personal_statement")

    services.submit_application(application=application, by=applicant)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_a_rejected_document_counts_as_missing():
    applicant = CompleteApplicantFactory()
    application = draft_of(applicant)
    application.documents.filter(kind="cv").update(status="rejected", rejection_reason="Blurry")

    with pytest.raises(services.SubmissionIncomplete) as refusal:
        services.submit_application(application=application, by=applicant)

    assert refusal.value.problems == ["Document: CV"]


def test_only_the_applicant_submits():
    applicant = CompleteApplicantFactory()

    with pytest.raises(services.TransitionError):
        services.submit_application(application=draft_of(applicant), by=UserFactory())

    assert draft_of(applicant).status == ApplicationStatus.DRAFT


def test_submitting_twice_is_refused():
    applicant = CompleteApplicantFactory()
    services.submit_application(application=draft_of(applicant), by=applicant)

    with pytest.raises(services.TransitionError) as refusal:
        services.submit_application(application=draft_of(applicant), by=applicant)

    assert str(refusal.value) == "This application is already submitted: nothing was changed."
    assert draft_of(applicant).status_changes.count() == 1


@pytest.mark.parametrize("status", [s for s in ApplicationStatus if "withdrawn" in TRANSITIONS[s]])
def test_withdraw_before_enrolment_records_the_reason_and_emails(
    status, django_capture_on_commit_callbacks
):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=status)

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_application(
            application=application, by=application.applicant, reason="I matched elsewhere."
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawal_reason == "I matched elsewhere."
    change = StatusChange.objects.get(application=application)
    assert (change.from_status, change.to_status, change.note) == (
        status,
        "withdrawn",
        "I matched elsewhere.",
    )
    assert [m.subject for m in mail.outbox] == [
        "Your observership application for 2027 was withdrawn"
    ]
    assert "I matched elsewhere." in mail.outbox[0].body


@pytest.mark.parametrize("status", ["enrolled", "completed", "rejected", "withdrawn"])
def test_withdraw_is_refused_after_enrolment_or_at_the_end(status):
    application = ApplicationFactory()
    Application.objects.filter(pk=application.pk).update(status=status)

    with pytest.raises(services.TransitionError):
        services.withdraw_application(
            application=application, by=application.applicant, reason="Changed my mind"
        )

    assert Application.objects.get(pk=application.pk).status == status
    assert mail.outbox == []


def test_withdraw_needs_a_reason():
    application = ApplicationFactory()

    with pytest.raises(services.TransitionError):
        services.withdraw_application(
            application=application, by=application.applicant, reason="   "
        )

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_saving_a_step_of_a_submitted_application_is_refused():
    applicant = CompleteApplicantFactory()
    services.submit_application(application=draft_of(applicant), by=applicant)

    with pytest.raises(services.ApplicationError):
        services.save_background(
            application=draft_of(applicant), by=applicant, medical_school="Changed"
        )

    assert applicant.applicant_profile.medical_school == "Maulana Azad Medical College"


def test_start_application_is_one_per_intake():
    applicant = UserFactory()

    first = services.start_application(applicant=applicant, intake="2027")
    again = services.start_application(applicant=applicant, intake="2027")

    assert first.pk == again.pk
    assert applicant.applications.count() == 1
    assert first.status_changes.get().to_status == "draft"

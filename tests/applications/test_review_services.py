from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus, DocumentStatus
from applications.lifecycle import STAFF_MOVES, TRANSITIONS, find_move
from applications.models import Application, Document, InternalNote, StatusChange
from applications.permissions import can_change_document
from hmc_portal.notifications.models import Notification
from tests.factories import (
    CoordinatorFactory,
    DocumentFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
)
from tests.support.lifecycle import application_ready_for

pytestmark = pytest.mark.django_db

S = ApplicationStatus
PAIRS = [(source, target) for source in S for target in S]


def move(application: Application, target: str, coordinator) -> Application:
    """Staff moves through change_status; the applicant's and the clock's through the
    lifecycle service their own services call."""
    if target in STAFF_MOVES:
        return services.change_status(application=application, to=target, by=coordinator)
    by = None if target == S.EXPIRED else application.applicant
    return services.transition_application(application=application, to=target, by=by)


@pytest.mark.parametrize(("source", "target"), PAIRS, ids=[f"{s}->{t}" for s, t in PAIRS])
def test_every_move_of_the_lifecycle(source, target):
    coordinator = CoordinatorFactory()
    application = application_ready_for(source, target)
    changes_before = StatusChange.objects.filter(application=application).count()

    if target in TRANSITIONS[source]:
        move(application, target, coordinator)

        application.refresh_from_db()
        assert application.status == target
        changes = StatusChange.objects.filter(application=application)
        assert changes.count() == changes_before + 1
        change = changes.latest()
        assert (change.from_status, change.to_status) == (source, target)
        email = find_move(source, target).email  # reopening a completion sends none
        expected = [email] if email else []
        assert list(Notification.objects.values_list("template", flat=True)) == expected
    else:
        with pytest.raises(services.TransitionError):
            services.change_status(application=application, to=target, by=coordinator)

        application.refresh_from_db()
        assert application.status == source
        assert StatusChange.objects.filter(application=application).count() == changes_before
        assert Notification.objects.count() == 0


@pytest.mark.parametrize("target", [S.CONFIRMED, S.DECLINED, S.EXPIRED, S.WITHDRAWN])
def test_staff_cannot_make_the_applicants_moves(target):
    application = application_ready_for(S.ACCEPTED, target)

    with pytest.raises(services.TransitionError) as refusal:
        services.change_status(application=application, to=target, by=CoordinatorFactory())

    assert "Only the applicant" in str(refusal.value)
    assert Application.objects.get(pk=application.pk).status == S.ACCEPTED


def test_change_status_records_who_and_the_note():
    coordinator = CoordinatorFactory()
    application = ReviewableApplicationFactory(status=S.UNDER_REVIEW)

    services.change_status(
        application=application, to=S.REJECTED, by=coordinator, note="  Places are full.  "
    )

    change = application.status_changes.latest()
    assert (change.to_status, change.by, change.note) == (
        S.REJECTED,
        coordinator,
        "Places are full.",
    )
    assert Notification.objects.get().context["note"] == "Places are full."


def test_an_unknown_status_is_refused():
    application = ReviewableApplicationFactory()

    with pytest.raises(services.TransitionError):
        services.change_status(application=application, to="hired", by=CoordinatorFactory())


def test_accept_is_refused_while_a_required_document_is_not_verified():
    application = ReviewableApplicationFactory(status=S.UNDER_REVIEW, documents="verified")
    application.documents.filter(kind="cv").update(status=DocumentStatus.PENDING)
    application.documents.filter(kind="passport").update(
        status=DocumentStatus.REJECTED, rejection_reason="Expired passport"
    )

    with pytest.raises(services.TransitionError) as refusal:
        services.change_status(application=application, to=S.ACCEPTED, by=CoordinatorFactory())

    assert str(refusal.value) == (
        "An offer needs every required document verified. Not verified yet: CV, Passport bio page."
    )
    application.refresh_from_db()
    assert (application.status, application.offer_expires_at) == (S.UNDER_REVIEW, None)
    assert application.status_changes.count() == 0
    assert Notification.objects.count() == 0


def test_accept_needs_the_personal_statement_verified_when_it_was_uploaded_instead():
    application = ReviewableApplicationFactory(status=S.INTERVIEW, documents="verified")
    Application.objects.filter(pk=application.pk).update(personal_statement="")
    DocumentFactory(application=application, kind="personal_statement")

    with pytest.raises(services.TransitionError) as refusal:
        services.change_status(application=application, to=S.ACCEPTED, by=CoordinatorFactory())

    assert str(refusal.value).endswith("Not verified yet: Personal statement.")


def test_accept_sets_the_offer_deadline_from_the_setting(settings):
    application = ReviewableApplicationFactory(status=S.INTERVIEW, documents="verified")
    before = timezone.now()

    application = services.change_status(
        application=application, to=S.ACCEPTED, by=CoordinatorFactory()
    )

    after = timezone.now()
    assert settings.OFFER_RESPONSE_DAYS == 14
    assert before + timedelta(days=14) <= application.offer_expires_at <= after + timedelta(days=14)
    context = Notification.objects.get().context
    assert context["offer_expires_at"] == application.offer_expires_at.isoformat()


def test_accept_deadline_follows_a_changed_setting(settings):
    settings.OFFER_RESPONSE_DAYS = 3
    application = ReviewableApplicationFactory(status=S.WAITLISTED, documents="verified")

    application = services.change_status(
        application=application, to=S.ACCEPTED, by=CoordinatorFactory()
    )

    remaining = application.offer_expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < remaining <= timedelta(days=3)


def test_verify_document_records_the_reviewer_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    reviewer = ReviewerFactory()
    document = ReviewableApplicationFactory().documents.get(kind="cv")

    with django_capture_on_commit_callbacks(execute=True):
        services.verify_document(document=document, by=reviewer)

    document.refresh_from_db()
    assert (document.status, document.reviewed_by) == (DocumentStatus.VERIFIED, reviewer)
    assert document.reviewed_at is not None
    assert mail.outbox == []
    assert Notification.objects.count() == 0


def test_verify_a_rejected_document_clears_the_reason():
    document = ReviewableApplicationFactory().documents.get(kind="cv")
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.REJECTED, rejection_reason="Blurry"
    )

    services.verify_document(document=document, by=ReviewerFactory())

    document.refresh_from_db()
    assert (document.status, document.rejection_reason) == (DocumentStatus.VERIFIED, "")


def test_verify_twice_is_refused():
    document = ReviewableApplicationFactory(documents="verified").documents.get(kind="cv")

    with pytest.raises(services.ApplicationError) as refusal:
        services.verify_document(document=document, by=ReviewerFactory())

    assert str(refusal.value) == "CV is already verified."


def test_a_drafts_documents_are_not_reviewed():
    document = DocumentFactory(kind="cv")

    with pytest.raises(services.ApplicationError):
        services.verify_document(document=document, by=ReviewerFactory())
    with pytest.raises(services.ApplicationError):
        services.reject_document(document=document, by=ReviewerFactory(), reason="Blurry")

    document.refresh_from_db()
    assert (document.status, document.reviewed_by) == (DocumentStatus.PENDING, None)


def test_reject_document_records_the_reason_and_emails_the_applicant(
    django_capture_on_commit_callbacks,
):
    reviewer = ReviewerFactory()
    application = ReviewableApplicationFactory(
        applicant__first_name="Amina", applicant__last_name="Okafor"
    )
    document = application.documents.get(kind="passport")

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_document(
            document=document, by=reviewer, reason="  The photo page is cut off.  "
        )

    document.refresh_from_db()
    assert (document.status, document.rejection_reason, document.reviewed_by) == (
        DocumentStatus.REJECTED,
        "The photo page is cut off.",
        reviewer,
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.applicant.email]
    assert message.subject == "[Action required] Please replace a document: Passport bio page"
    assert "The photo page is cut off." in message.body
    assert f"http://127.0.0.1:8000/documents/{document.pk}/replace/" in message.body
    assert can_change_document(application.applicant, document)


def test_reject_document_needs_a_reason():
    document = ReviewableApplicationFactory().documents.get(kind="cv")

    with pytest.raises(services.ApplicationError) as refusal:
        services.reject_document(document=document, by=ReviewerFactory(), reason="   ")

    assert "reason" in str(refusal.value)
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING
    assert Notification.objects.count() == 0


def test_a_document_rejected_again_after_replacement_emails_again():
    reviewer = ReviewerFactory()
    document = ReviewableApplicationFactory().documents.get(kind="cv")
    services.reject_document(document=document, by=reviewer, reason="Blurry")
    services.verify_document(document=document, by=reviewer)

    services.reject_document(document=document, by=reviewer, reason="Wrong person's CV")

    assert Notification.objects.filter(template="document_rejected").count() == 2


def test_add_internal_note_records_the_author():
    reviewer = ReviewerFactory()
    application = ReviewableApplicationFactory()

    note = services.add_internal_note(
        application=application, by=reviewer, body="  Strong clinical years.  "
    )

    assert (note.application, note.author, note.body) == (
        application,
        reviewer,
        "Strong clinical years.",
    )
    assert Notification.objects.count() == 0


def test_an_empty_note_is_refused():
    with pytest.raises(services.ApplicationError):
        services.add_internal_note(
            application=ReviewableApplicationFactory(), by=ReviewerFactory(), body="  "
        )

    assert InternalNote.objects.count() == 0

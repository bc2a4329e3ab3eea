"""Every service of applications that changes something writes exactly one activity log
entry, with its verb, the actor (`by`), the object and the applicant it concerns; a call
that fails (the domain error) writes none.

A case is an arrangement that returns the call and what it must log; a service that moves
the application's status in a nested call also logs that move (`also`)."""

import datetime

import pytest
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus, DocumentStatus, InterviewStatus
from applications.models import Document, Interview, StatusChange
from hmc_portal.audit.models import ActivityLog
from hmc_portal.audit.selectors import log_for
from tests.applications.interview_support import (
    MEETING_URL,
    application_at,
    coordinator,
    future,
    reviewer,
    under_review,
    with_offer,
)
from tests.factories import (
    ApplicationFactory,
    DocumentFactory,
    InterviewFactory,
    InterviewSlotFactory,
    ReviewableApplicationFactory,
    UserFactory,
)
from tests.support.files import isolated_private_storage, pdf_bytes, upload

from .support import (
    Logged,
    assert_logged_once,
    assert_refused_without_a_log,
    entries_written_by,
)

pytestmark = pytest.mark.django_db

STATUS_CHANGED = "applications.application.status_changed"


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


# --- the lifecycle ----------------------------------------------------------------------------


def start_application():
    applicant = UserFactory()
    return (
        lambda: services.start_application(applicant=applicant, intake="2027"),
        Logged(
            "applications.application.started",
            by=applicant,
            target=lambda application: application,
            person=applicant,
            data={"intake": "2027", "to": "draft"},
        ),
    )


def transition_application():
    application = ReviewableApplicationFactory()
    staff = coordinator()
    return (
        lambda: services.transition_application(
            application=application, to=ApplicationStatus.UNDER_REVIEW, by=staff, note="Hi"
        ),
        Logged(
            STATUS_CHANGED,
            by=staff,
            target=application,
            person=application.applicant,
            data={"from": "submitted", "to": "under_review", "note": "Hi"},
        ),
    )


def transition_application_refused():
    application = ApplicationFactory()  # a draft cannot be accepted
    return (
        lambda: services.transition_application(
            application=application, to=ApplicationStatus.ACCEPTED, by=None
        ),
        services.TransitionError,
    )


def change_status():
    application = ReviewableApplicationFactory()
    staff = coordinator()
    return (
        lambda: services.change_status(application=application, to="under_review", by=staff),
        Logged(STATUS_CHANGED, by=staff, target=application, person=application.applicant),
    )


def change_status_refused():
    application = ReviewableApplicationFactory()
    return (
        lambda: services.change_status(application=application, to="under_review", by=reviewer()),
        services.NotAllowed,
    )


def submit_application():
    application = application_at()
    applicant = application.applicant
    return (
        lambda: services.submit_application(application=application, by=applicant),
        Logged(
            STATUS_CHANGED,
            by=applicant,
            target=application,
            person=applicant,
            data={"from": "draft", "to": "submitted"},
        ),
    )


def submit_application_refused():
    application = ApplicationFactory()
    return (
        lambda: services.submit_application(application=application, by=application.applicant),
        services.SubmissionIncomplete,
    )


def withdraw_application():
    application = ReviewableApplicationFactory()
    applicant = application.applicant
    return (
        lambda: services.withdraw_application(
            application=application, by=applicant, reason="Found a residency."
        ),
        Logged(
            STATUS_CHANGED,
            by=applicant,
            target=application,
            person=applicant,
            data={"to": "withdrawn", "note": "Found a residency."},
        ),
    )


def withdraw_application_refused():
    application = ReviewableApplicationFactory()
    return (
        lambda: services.withdraw_application(
            application=application, by=application.applicant, reason="  "
        ),
        services.TransitionError,
    )


def respond_to_offer():
    application = with_offer(timezone.now() + datetime.timedelta(days=3))
    applicant = application.applicant
    return (
        lambda: services.respond_to_offer(application=application, by=applicant, accept=True),
        Logged(
            STATUS_CHANGED,
            by=applicant,
            target=application,
            person=applicant,
            data={"from": "accepted", "to": "confirmed"},
        ),
    )


def respond_to_offer_refused():
    application = under_review()
    return (
        lambda: services.respond_to_offer(
            application=application, by=application.applicant, accept=True
        ),
        services.OfferError,
    )


def expire_offers():
    application = with_offer(timezone.now() - datetime.timedelta(minutes=1))
    return (
        lambda: services.expire_offers(),
        Logged(
            STATUS_CHANGED,
            by=None,
            target=application,
            person=application.applicant,
            data={"from": "accepted", "to": "expired"},
        ),
    )


# --- the applicant's profile and documents ------------------------------------------------------


def update_applicant_profile():
    application = ReviewableApplicationFactory()
    staff = coordinator()
    applicant = application.applicant
    return (
        lambda: services.update_applicant_profile(
            user=applicant, by=staff, country="GH", phone="+233 20 123 4567"
        ),
        Logged(
            "applications.profile.updated",
            by=staff,
            target=lambda profile: profile,
            person=applicant,
            data={"fields": ["country", "phone"]},
        ),
    )


def update_applicant_profile_refused():
    application = ReviewableApplicationFactory()
    return (
        lambda: services.update_applicant_profile(
            user=application.applicant, by=UserFactory(), country="GH"
        ),
        services.ApplicationError,
    )


def upload_document():
    application = ApplicationFactory()
    applicant = application.applicant
    return (
        lambda: services.upload_document(
            application=application, by=applicant, kind="cv", upload=upload("cv.pdf", pdf_bytes())
        ),
        Logged(
            "applications.document.uploaded",
            by=applicant,
            target=lambda document: document,
            person=applicant,
            data={"kind": "cv", "file": "cv.pdf"},
        ),
    )


def upload_document_refused():
    application = ApplicationFactory()
    return (
        lambda: services.upload_document(
            application=application,
            by=UserFactory(),
            kind="cv",
            upload=upload("cv.pdf", pdf_bytes()),
        ),
        services.ApplicationError,
    )


def replace_document():
    document = DocumentFactory(kind="cv", original_name="old.pdf")
    applicant = document.application.applicant
    return (
        lambda: services.replace_document(
            document=document, by=applicant, upload=upload("new.pdf", pdf_bytes())
        ),
        Logged(
            "applications.document.replaced",
            by=applicant,
            target=document,
            person=applicant,
            data={"file": "new.pdf", "previous_file": "old.pdf"},
        ),
    )


def replace_document_refused():
    document = DocumentFactory(application=ReviewableApplicationFactory(), kind="other")
    return (
        lambda: services.replace_document(
            document=document,
            by=document.application.applicant,
            upload=upload("new.pdf", pdf_bytes()),
        ),
        services.ApplicationError,
    )


def delete_document():
    document = DocumentFactory(kind="cv")
    applicant = document.application.applicant
    return (
        lambda: services.delete_document(document=document, by=applicant),
        Logged(
            "applications.document.deleted",
            by=applicant,
            target=(Document, document.pk),  # gone, its entry stays
            person=applicant,
            data={"kind": "cv"},
        ),
    )


def delete_document_refused():
    document = DocumentFactory(application=ReviewableApplicationFactory(), kind="other")
    return (
        lambda: services.delete_document(document=document, by=document.application.applicant),
        services.ApplicationError,
    )


def verify_document():
    document = ReviewableApplicationFactory().documents.first()
    staff = reviewer()
    return (
        lambda: services.verify_document(document=document, by=staff),
        Logged(
            "applications.document.verified",
            by=staff,
            target=document,
            person=document.application.applicant,
            data={"from": "pending"},
        ),
    )


def verify_document_refused():
    document = DocumentFactory()  # of a draft
    return (
        lambda: services.verify_document(document=document, by=reviewer()),
        services.ApplicationError,
    )


def reject_document():
    document = ReviewableApplicationFactory().documents.first()
    staff = reviewer()
    return (
        lambda: services.reject_document(document=document, by=staff, reason="Blurred scan."),
        Logged(
            "applications.document.rejected",
            by=staff,
            target=document,
            person=document.application.applicant,
            data={"reason": "Blurred scan."},
        ),
    )


def reject_document_refused():
    document = ReviewableApplicationFactory().documents.first()
    return (
        lambda: services.reject_document(document=document, by=reviewer(), reason=""),
        services.ApplicationError,
    )


def add_internal_note():
    application = ReviewableApplicationFactory()
    staff = reviewer()
    return (
        lambda: services.add_internal_note(application=application, by=staff, body="Call her."),
        Logged(
            "applications.note.added",
            by=staff,
            target=application,
            person=application.applicant,
        ),
    )


def add_internal_note_refused():
    application = ReviewableApplicationFactory()
    return (
        lambda: services.add_internal_note(application=application, by=reviewer(), body=" "),
        services.ApplicationError,
    )


# --- interviews -----------------------------------------------------------------------------------


def schedule_interview():
    application = under_review()
    staff = coordinator()
    return (
        lambda: services.schedule_interview(
            application=application, by=staff, starts_at=future(days=3), meeting_url=MEETING_URL
        ),
        Logged(
            "applications.interview.scheduled",
            by=staff,
            target=lambda interview: interview,
            person=application.applicant,
            also=(STATUS_CHANGED,),  # under review -> interview
        ),
    )


def schedule_interview_refused():
    application = under_review()
    return (
        lambda: services.schedule_interview(
            application=application,
            by=coordinator(),
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            meeting_url=MEETING_URL,
        ),
        services.InterviewError,
    )


def offer_interview_slots():
    application = application_at("submitted", "under_review", "interview")
    staff = coordinator()
    when = future(days=4)
    return (
        lambda: services.offer_interview_slots(
            application=application,
            by=staff,
            slots=[services.SlotTime(starts_at=when, meeting_url=MEETING_URL)],
        ),
        Logged(
            "applications.interview.slots_offered",
            by=staff,
            target=application,
            person=application.applicant,
            data={"slots": [when.isoformat()]},
        ),
    )


def offer_interview_slots_refused():
    application = application_at("submitted", "under_review", "interview")
    return (
        lambda: services.offer_interview_slots(application=application, by=coordinator(), slots=[]),
        services.InterviewError,
    )


def pick_interview_slot():
    slot = InterviewSlotFactory()
    applicant = slot.application.applicant
    return (
        lambda: services.pick_interview_slot(slot=slot, by=applicant),
        Logged(
            "applications.interview.slot_picked",
            by=applicant,
            target=lambda interview: interview,
            person=applicant,
            data={"slot": slot.pk},
        ),
    )


def pick_interview_slot_refused():
    slot = InterviewSlotFactory()
    return (
        lambda: services.pick_interview_slot(slot=slot, by=UserFactory()),
        services.NotAllowed,
    )


def reschedule_interview():
    interview = InterviewFactory()
    staff = coordinator()
    when = future(days=5)
    return (
        lambda: services.reschedule_interview(interview=interview, by=staff, starts_at=when),
        Logged(
            "applications.interview.rescheduled",
            by=staff,
            target=interview,
            person=interview.application.applicant,
            data={"to": when.isoformat(), "changed": ["starts_at"]},
        ),
    )


def reschedule_interview_refused():
    interview = InterviewFactory()
    return (
        lambda: services.reschedule_interview(
            interview=interview, by=coordinator(), starts_at=interview.starts_at
        ),
        services.InterviewError,
    )


def cancel_interview():
    interview = InterviewFactory()
    staff = coordinator()
    return (
        lambda: services.cancel_interview(interview=interview, by=staff, reason="Ill."),
        Logged(
            "applications.interview.cancelled",
            by=staff,
            target=interview,
            person=interview.application.applicant,
            data={"reason": "Ill."},
        ),
    )


def cancel_interview_refused():
    interview = InterviewFactory(status=InterviewStatus.CANCELLED)
    return (
        lambda: services.cancel_interview(interview=interview, by=coordinator()),
        services.InterviewError,
    )


def record_interview_outcome():
    interview = InterviewFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    staff = reviewer()
    return (
        lambda: services.record_interview_outcome(
            interview=interview, by=staff, status="completed", recommendation="recommend"
        ),
        Logged(
            "applications.interview.outcome_recorded",
            by=staff,
            target=interview,
            person=interview.application.applicant,
            data={"from": "scheduled", "to": "completed", "recommendation": "recommend"},
        ),
    )


def record_interview_outcome_refused():
    interview = InterviewFactory()  # three days ahead: it has not happened
    return (
        lambda: services.record_interview_outcome(
            interview=interview, by=reviewer(), status="no_show"
        ),
        services.InterviewError,
    )


SUCCEEDS = [
    start_application,
    transition_application,
    change_status,
    submit_application,
    withdraw_application,
    respond_to_offer,
    expire_offers,
    update_applicant_profile,
    upload_document,
    replace_document,
    delete_document,
    verify_document,
    reject_document,
    add_internal_note,
    schedule_interview,
    offer_interview_slots,
    pick_interview_slot,
    reschedule_interview,
    cancel_interview,
    record_interview_outcome,
]

FAILS = [
    transition_application_refused,
    change_status_refused,
    submit_application_refused,
    withdraw_application_refused,
    respond_to_offer_refused,
    update_applicant_profile_refused,
    upload_document_refused,
    replace_document_refused,
    delete_document_refused,
    verify_document_refused,
    reject_document_refused,
    add_internal_note_refused,
    schedule_interview_refused,
    offer_interview_slots_refused,
    pick_interview_slot_refused,
    reschedule_interview_refused,
    cancel_interview_refused,
    record_interview_outcome_refused,
]


@pytest.mark.parametrize("case", SUCCEEDS, ids=lambda case: case.__name__)
def test_a_service_that_changes_something_logs_it_once(case):
    assert_logged_once(case)


@pytest.mark.parametrize("case", FAILS, ids=lambda case: case.__name__)
def test_a_service_that_refuses_logs_nothing(case):
    assert_refused_without_a_log(case)


def test_each_status_move_is_logged_beside_its_status_change():
    application = application_at("submitted", "under_review")

    entries = ActivityLog.objects.filter(verb=STATUS_CHANGED, object_id=application.pk)

    assert [(e.data["from"], e.data["to"]) for e in entries.order_by("pk")] == list(
        StatusChange.objects.filter(application=application)
        .exclude(from_status="")
        .order_by("pk")
        .values_list("from_status", "to_status")
    )


def test_starting_an_application_twice_logs_once():
    applicant = UserFactory()
    services.start_application(applicant=applicant, intake="2027")

    _, written = entries_written_by(
        lambda: services.start_application(applicant=applicant, intake="2027")
    )

    assert written == []


def test_a_profile_saved_unchanged_logs_nothing():
    application = ReviewableApplicationFactory()
    country = application.applicant.applicant_profile.country

    _, written = entries_written_by(
        lambda: services.update_applicant_profile(
            user=application.applicant, by=application.applicant, country=country
        )
    )

    assert written == []


def test_the_interview_outcome_says_who_recorded_it_and_when():
    interview = InterviewFactory(starts_at=timezone.now() - datetime.timedelta(hours=1))
    staff = reviewer()
    before = timezone.now()

    services.record_interview_outcome(interview=interview, by=staff, status="no_show")

    interview = Interview.objects.get(pk=interview.pk)
    assert interview.outcome_recorded_by == staff
    assert before <= interview.outcome_recorded_at <= timezone.now()


def test_a_document_verified_after_a_rejection_says_so():
    document = ReviewableApplicationFactory().documents.first()
    staff = reviewer()
    services.reject_document(document=document, by=staff, reason="Blurred.")

    services.verify_document(document=document, by=staff)

    assert [(e.verb, e.data["from"]) for e in log_for(document)] == [
        ("applications.document.verified", DocumentStatus.REJECTED),
        ("applications.document.rejected", DocumentStatus.PENDING),
    ]

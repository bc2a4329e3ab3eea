"""The applications shredders: each exports its rows and erases them, leaving what it says
it keeps."""

import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from applications.models import (
    ApplicantProfile,
    Application,
    Document,
    InternalNote,
    Interview,
    InterviewSlot,
    StatusChange,
)
from hmc_portal.privacy.registry import shredders
from tests.factories import (
    InterviewFactory,
    InterviewSlotFactory,
    ReviewableApplicationFactory,
    ReviewerFactory,
)
from tests.support.files import isolated_private_storage, stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, settings) -> Path:
    return isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def application(storage):
    application = ReviewableApplicationFactory(
        status="withdrawn",
        career_goals="Cardiology at Baylor.",
        personal_statement="My grandmother Zenaida taught me.",
        withdrawal_reason="Family in Puebla.",
        target_specialty="Cardiology",
    )
    ApplicantProfile.objects.filter(user=application.applicant).update(
        phone="+52 55 9999 0000",
        city="Puebla",
        date_of_birth=datetime.date(1993, 2, 1),
        clinical_experience="House job at Hospital Zenaida.",
        english_score="118",
    )
    StatusChange.objects.create(
        application=application, from_status="submitted", to_status="withdrawn", note="Zenaida"
    )
    InternalNote.objects.create(application=application, author=ReviewerFactory(), body="Zenaida")
    return application


def validate(shredder, data):
    Draft202012Validator(
        shredder.schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    ).validate(data)


def test_profile_exported_then_blanked(application):
    user = application.applicant
    shredder = shredders.get("applications.profile")

    data = shredder.export(user).data
    validate(shredder, data)
    assert data["phone"] == "+52 55 9999 0000"
    assert data["date_of_birth"] == "1993-02-01"
    assert data["country"] == "IN"

    shredder.shred(user)
    profile = ApplicantProfile.objects.get(user=user)
    assert (profile.phone, profile.city, profile.date_of_birth) == ("", "", None)
    assert (profile.clinical_experience, profile.english_score, profile.medical_school) == (
        "",
        "",
        "",
    )
    assert (profile.country.code, profile.graduation_year) == ("IN", 2022)  # statistics


def test_profile_of_someone_without_one_is_null(storage):
    from tests.factories import UserFactory

    shredder = shredders.get("applications.profile")
    assert shredder.export(UserFactory()).data is None


def test_applications_exported_with_history_then_answers_blanked(application):
    user = application.applicant
    shredder = shredders.get("applications.applications")

    section = shredder.export(user)
    validate(shredder, section.data)
    (exported,) = section.data
    assert exported["personal_statement"] == "My grandmother Zenaida taught me."
    assert exported["specialties"] == ["Internal Medicine"]
    assert exported["status_history"][-1] | {"at": None} == {
        "from_status": "submitted",
        "to_status": "withdrawn",
        "at": None,
        "by_applicant": False,
        "note": "Zenaida",
    }
    assert section.notes  # internal notes are left out, and it says so

    shredder.shred(user)
    kept = Application.objects.get(pk=application.pk)
    assert (kept.career_goals, kept.personal_statement, kept.withdrawal_reason) == ("", "", "")
    assert (kept.status, kept.intake) == ("withdrawn", "2027")
    assert list(StatusChange.objects.filter(application=kept).values_list("note", flat=True)) == [
        ""
    ]
    assert not InternalNote.objects.filter(application=kept).exists()


def test_documents_exported_with_files_then_deleted_after_commit(
    application, storage, django_capture_on_commit_callbacks
):
    user = application.applicant
    shredder = shredders.get("applications.documents")
    documents = list(application.documents.order_by("pk"))

    section = shredder.export(user)
    validate(shredder, section.data)
    assert [d["kind"] for d in section.data] == [d.kind for d in documents]
    assert [f.path for f in section.files] == [
        f"applications/documents/{d.pk}-{d.original_name}" for d in documents
    ]
    assert len(stored_files(storage)) == 4

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        shredder.shred(user)
        assert len(stored_files(storage)) == 4  # never before the commit
    for callback in callbacks:
        callback()
    assert not Document.objects.filter(application__applicant=user).exists()
    assert stored_files(storage) == []


def test_interviews_exported_then_notes_blanked_and_untaken_times_deleted(application):
    user = application.applicant
    interview = InterviewFactory(application=application, outcome_notes="Zenaida was shy.")
    InterviewSlotFactory(application=application)
    shredder = shredders.get("applications.interviews")

    data = shredder.export(user).data
    validate(shredder, data)
    assert [i["id"] for i in data["interviews"]] == [interview.pk]
    assert len(data["offered_times"]) == 1
    assert "Zenaida" not in str(data)  # the interviewer's notes are not the applicant's copy

    shredder.shred(user)
    assert Interview.objects.get(pk=interview.pk).outcome_notes == ""
    assert not InterviewSlot.objects.filter(application=application).exists()


def test_shredders_leave_other_applicants_alone(application):
    other = ReviewableApplicationFactory(personal_statement="Another story.")
    for name in ("applications.applications", "applications.documents"):
        shredders.get(name).shred(application.applicant)
    other.refresh_from_db()
    assert other.personal_statement == "Another story."
    assert other.documents.count() == 4

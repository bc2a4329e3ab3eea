"""The applicant's data held by applications, one shredder per kind (registered in
ApplicationsConfig.ready): the profile, the applications with their history and offers, the
uploaded documents, the interviews. Each exports its rows for the applicant's copy and
erases them through applications.services.erasure."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportedFile, ExportSection
from hmc_portal.privacy.schema import (
    BOOLEAN,
    DATE,
    DATETIME,
    INTEGER,
    STRING,
    array,
    iso,
    nullable,
    obj,
)

from .models import ApplicantProfile, Application, Document, Interview, InterviewSlot
from .services import erasure
from .services.dossiers import discard_dossiers


class ProfileShredder(DataShredder):
    name = "applications.profile"
    verbose_name = _("Your applicant profile")
    keeps = _(
        "Your country, degree and graduation year, without your name: the program's statistics."
    )
    schema = nullable(
        obj(
            country=STRING,
            phone=STRING,
            city=STRING,
            date_of_birth=nullable(DATE),
            medical_school=STRING,
            school_country=STRING,
            degree=STRING,
            graduation_year=nullable(INTEGER),
            graduated=BOOLEAN,
            ecfmg_status=STRING,
            step1_result=STRING,
            step1_score=nullable(INTEGER),
            step1_date=nullable(DATE),
            step2_result=STRING,
            step2_score=nullable(INTEGER),
            step2_date=nullable(DATE),
            english_test=STRING,
            english_score=STRING,
            english_date=nullable(DATE),
            clinical_experience=STRING,
        )
    )

    def export(self, user) -> ExportSection:
        profile = ApplicantProfile.objects.filter(user=user).first()
        if profile is None:
            return ExportSection(data=None)
        return ExportSection(
            data={
                "country": profile.country.code or "",
                "phone": profile.phone,
                "city": profile.city,
                "date_of_birth": iso(profile.date_of_birth),
                "medical_school": profile.medical_school,
                "school_country": profile.school_country,
                "degree": profile.degree,
                "graduation_year": profile.graduation_year,
                "graduated": profile.graduated,
                "ecfmg_status": profile.ecfmg_status,
                "step1_result": profile.step1_result,
                "step1_score": profile.step1_score,
                "step1_date": iso(profile.step1_date),
                "step2_result": profile.step2_result,
                "step2_score": profile.step2_score,
                "step2_date": iso(profile.step2_date),
                "english_test": profile.english_test,
                "english_score": profile.english_score,
                "english_date": iso(profile.english_date),
                "clinical_experience": profile.clinical_experience,
            }
        )

    def shred(self, user) -> None:
        erasure.erase_profile(user=user)


STATUS_CHANGE = obj(
    from_status=STRING, to_status=STRING, at=DATETIME, by_applicant=BOOLEAN, note=STRING
)


class ApplicationsShredder(DataShredder):
    name = "applications.applications"
    verbose_name = _("Your applications, their history and offers")
    keeps = _(
        "Each application's intake, status and dates, without your answers: invoices and "
        "the record of what happened refer to them."
    )
    schema = array(
        obj(
            id=INTEGER,
            intake=STRING,
            status=STRING,
            specialties=array(STRING),
            preferred_start=nullable(DATE),
            program_weeks=INTEGER,
            target_specialty=STRING,
            career_goals=STRING,
            personal_statement=STRING,
            withdrawal_reason=STRING,
            created_at=DATETIME,
            submitted_at=nullable(DATETIME),
            declaration_accepted_at=nullable(DATETIME),
            offer_expires_at=nullable(DATETIME),
            status_history=array(STATUS_CHANGE),
        )
    )

    def export(self, user) -> ExportSection:
        applications = (
            Application.objects.filter(applicant=user)
            .prefetch_related("ranked_specialties__specialty", "status_changes")
            .order_by("created_at", "pk")
        )
        data = [
            {
                "id": application.pk,
                "intake": application.intake,
                "status": application.status,
                "specialties": [r.specialty.name for r in application.ranked_specialties.all()],
                "preferred_start": iso(application.preferred_start),
                "program_weeks": application.program_weeks,
                "target_specialty": application.target_specialty,
                "career_goals": application.career_goals,
                "personal_statement": application.personal_statement,
                "withdrawal_reason": application.withdrawal_reason,
                "created_at": iso(application.created_at),
                "submitted_at": iso(application.submitted_at),
                "declaration_accepted_at": iso(application.declaration_accepted_at),
                "offer_expires_at": iso(application.offer_expires_at),
                "status_history": [
                    {
                        "from_status": change.from_status,
                        "to_status": change.to_status,
                        "at": iso(change.created_at),
                        "by_applicant": change.by_id == user.pk,
                        "note": change.note,
                    }
                    for change in application.status_changes.all()
                ],
            }
            for application in applications
        ]
        return ExportSection(
            data=data,
            notes=[
                "Staff's internal notes on your applications and their interview notes are "
                "part of the program's review and are not included; ask the program office "
                "if you want to know what they hold."
            ]
            if data
            else [],
        )

    def shred(self, user) -> None:
        erasure.erase_applications(user=user)


class DocumentsShredder(DataShredder):
    name = "applications.documents"
    verbose_name = _("The documents you uploaded")
    keeps = ""
    schema = array(
        obj(
            id=INTEGER,
            application_id=INTEGER,
            kind=STRING,
            original_name=STRING,
            content_type=STRING,
            size=INTEGER,
            sha256=STRING,
            status=STRING,
            rejection_reason=STRING,
            uploaded_at=DATETIME,
            reviewed_at=nullable(DATETIME),
            file={"description": "Where the file is in the ZIP.", **STRING},
        )
    )

    def export(self, user) -> ExportSection:
        data, files = [], []
        documents = Document.objects.filter(application__applicant=user).order_by("pk")
        for document in documents:
            path = f"applications/documents/{document.pk}-{document.original_name}"
            data.append(
                {
                    "id": document.pk,
                    "application_id": document.application_id,
                    "kind": document.kind,
                    "original_name": document.original_name,
                    "content_type": document.content_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    "status": document.status,
                    "rejection_reason": document.rejection_reason,
                    "uploaded_at": iso(document.uploaded_at),
                    "reviewed_at": iso(document.reviewed_at),
                    "file": path,
                }
            )
            files.append(ExportedFile(path=path, file=document.file))
        return ExportSection(data=data, files=files)

    def shred(self, user) -> None:
        erasure.erase_documents(user=user)
        # A dossier built for staff holds copies of them: it goes too.
        discard_dossiers(user=user)


INTERVIEW_TIME = obj(starts_at=DATETIME, duration_minutes=INTEGER, meeting_url=STRING)


class InterviewsShredder(DataShredder):
    name = "applications.interviews"
    verbose_name = _("Your interviews")
    keeps = _("Each interview's time and status, without the interviewer's notes.")
    schema = obj(
        interviews=array(
            obj(
                id=INTEGER,
                application_id=INTEGER,
                starts_at=DATETIME,
                duration_minutes=INTEGER,
                meeting_url=STRING,
                status=STRING,
            )
        ),
        offered_times=array(INTERVIEW_TIME),
    )

    def export(self, user) -> ExportSection:
        interviews = Interview.objects.filter(application__applicant=user).order_by("pk")
        slots = InterviewSlot.objects.filter(application__applicant=user).order_by("pk")
        return ExportSection(
            data={
                "interviews": [
                    {
                        "id": interview.pk,
                        "application_id": interview.application_id,
                        "starts_at": iso(interview.starts_at),
                        "duration_minutes": interview.duration_minutes,
                        "meeting_url": interview.meeting_url,
                        "status": interview.status,
                    }
                    for interview in interviews
                ],
                "offered_times": [
                    {
                        "starts_at": iso(slot.starts_at),
                        "duration_minutes": slot.duration_minutes,
                        "meeting_url": slot.meeting_url,
                    }
                    for slot in slots
                ],
            }
        )

    def shred(self, user) -> None:
        erasure.erase_interviews(user=user)


def register() -> None:
    """Register the applications shredders (ApplicationsConfig.ready)."""
    from hmc_portal.privacy.registry import shredders

    for shredder in (
        ProfileShredder(),
        ApplicationsShredder(),
        DocumentsShredder(),
        InterviewsShredder(),
    ):
        shredders.register(shredder)

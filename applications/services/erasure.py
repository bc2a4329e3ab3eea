"""Erasing an applicant's applications data (each called by its shredder in
applications/privacy.py, inside the erasure's transaction): personal values blanked in
place, uploaded files deleted from storage once the erasure commits. The erasure itself is
logged once by the erasure service, not here."""

from __future__ import annotations

from django.db import transaction

from hmc_portal.privacy.shredding import delete_files_on_commit

from ..models import (
    ApplicantProfile,
    Application,
    Document,
    InternalNote,
    Interview,
    InterviewSlot,
    StatusChange,
)


@transaction.atomic
def erase_profile(*, user) -> int:
    """Blank the applicant's profile: contact details, date of birth, school, scores and
    dates, clinical experience. Kept: country, degree, graduation year and the kinds of
    result (statistics with nothing to identify the person). Returns rows changed."""
    return ApplicantProfile.objects.filter(user=user).update(
        phone="",
        city="",
        date_of_birth=None,
        medical_school="",
        school_country="",
        step1_score=None,
        step1_date=None,
        step2_score=None,
        step2_date=None,
        english_score="",
        english_date=None,
        clinical_experience="",
    )


@transaction.atomic
def erase_applications(*, user) -> int:
    """Blank the free-text answers of the applicant's applications (goals, statement,
    reason for withdrawing, target specialty) and the notes of their status history, and
    delete staff's internal notes about them. The rows, statuses and dates stay: invoices
    and the minimal trail point at them. Returns applications changed."""
    applications = Application.objects.filter(applicant=user)
    StatusChange.objects.filter(application__in=applications).update(note="")
    InternalNote.objects.filter(application__in=applications).delete()
    return applications.update(
        career_goals="", personal_statement="", withdrawal_reason="", target_specialty=""
    )


@transaction.atomic
def erase_documents(*, user) -> int:
    """Delete the applicant's uploaded documents: the rows now, the files from storage once
    the erasure commits. Returns how many."""
    documents = list(Document.objects.filter(application__applicant=user))
    delete_files_on_commit(document.file for document in documents)
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    return len(documents)


@transaction.atomic
def erase_interviews(*, user) -> int:
    """Blank the outcome notes of the applicant's interviews and delete the times offered
    and not taken; the interviews' times and statuses stay. Returns interviews changed."""
    InterviewSlot.objects.filter(application__applicant=user, interview__isnull=True).delete()
    return Interview.objects.filter(application__applicant=user).update(outcome_notes="")

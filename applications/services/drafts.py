"""Saving the steps of a draft application and the applicant's profile."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext

from hmc_portal.audit.services import log_action
from hmc_portal.users.models import User
from rotations.models import Specialty

from ..models import ApplicantProfile, Application, ApplicationSpecialty
from .errors import ApplicationError


def _lock_draft(application: Application, by: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != by.pk:
        raise ApplicationError(gettext("Only the applicant can change this application."))
    if not application.is_draft:
        raise ApplicationError(
            gettext("Your application has been submitted, so its answers can no longer be changed.")
        )
    return application


@transaction.atomic
def update_applicant_profile(*, user: User, by: User | None, **fields) -> ApplicantProfile:
    """Set fields of the applicant's profile (created when missing), validated by the model.

    By the applicant or staff (ApplicationError otherwise). Raises
    django.core.exceptions.ValidationError for a value the model refuses, saving nothing.
    Logs `applications.profile.updated` with the names of the fields whose value changed
    (not the values: they are personal data); nothing when none did.
    """
    if by is not None and by.pk != user.pk and not by.is_staff:
        raise ApplicationError(
            gettext("Only the applicant or the program office can change this profile.")
        )
    profile, _ = ApplicantProfile.objects.select_for_update().get_or_create(user=user)
    before = {name: getattr(profile, name) for name in fields}
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save(update_fields=list(fields))
    changed = sorted(name for name in fields if getattr(profile, name) != before[name])
    if changed:
        log_action(
            profile, "applications.profile.updated", by=by, person=user, data={"fields": changed}
        )
    return profile


@transaction.atomic
def save_personal_details(
    *,
    application: Application,
    by: User,
    first_name: str,
    last_name: str,
    timezone: str,
    country: str,
    phone: str,
    city: str = "",
    date_of_birth: datetime.date | None = None,
) -> Application:
    """Step 1: names and time zone on the account, the rest on the applicant's profile."""
    application = _lock_draft(application, by)
    user = User.objects.select_for_update().get(pk=by.pk)
    user.first_name, user.last_name, user.timezone = first_name, last_name, timezone
    user.save(update_fields=["first_name", "last_name", "timezone"])
    update_applicant_profile(
        user=user, by=by, country=country, phone=phone, city=city, date_of_birth=date_of_birth
    )
    application.save(update_fields=["updated_at"])
    return application


@transaction.atomic
def save_background(*, application: Application, by: User, **fields) -> Application:
    """Step 2: the medical background, on the applicant's profile."""
    application = _lock_draft(application, by)
    update_applicant_profile(user=by, by=by, **fields)
    application.save(update_fields=["updated_at"])
    return application


@transaction.atomic
def save_interests(
    *,
    application: Application,
    by: User,
    specialties: list[Specialty],
    preferred_start: datetime.date,
    program_weeks: int,
    target_specialty: str,
    career_goals: str,
    personal_statement: str,
) -> Application:
    """Step 3: ranked specialties (replacing the previous ranking) and the written parts."""
    application = _lock_draft(application, by)
    fields = _write_interests(
        application,
        {
            "specialties": specialties,
            "preferred_start": preferred_start,
            "program_weeks": program_weeks,
            "target_specialty": target_specialty,
            "career_goals": career_goals,
            "personal_statement": personal_statement,
        },
    )
    application.save(update_fields=[*fields, "updated_at"])
    return application


DRAFT_FIELDS = {
    "personal": (
        "first_name",
        "last_name",
        "timezone",
        "country",
        "phone",
        "city",
        "date_of_birth",
    ),
    "background": (
        "medical_school",
        "school_country",
        "degree",
        "graduated",
        "graduation_year",
        "ecfmg_status",
        "step1_result",
        "step1_score",
        "step1_date",
        "step2_result",
        "step2_score",
        "step2_date",
        "english_test",
        "english_score",
        "english_date",
        "clinical_experience",
    ),
    "interests": (
        "specialties",
        "preferred_start",
        "program_weeks",
        "target_specialty",
        "career_goals",
        "personal_statement",
    ),
}
ACCOUNT_FIELDS = ("first_name", "last_name", "timezone")


@transaction.atomic
def save_draft_answers(
    *, application: Application, by: User, step: str, answers: dict
) -> Application:
    """Save a draft of one step: write the answers given and leave every other stored answer
    of the step as it is, so a draft keeps each valid field while others are refused.

    `answers` holds only fields of DRAFT_FIELDS[step] (ApplicationError otherwise);
    "specialties" is the whole ranking, replaced as one. Checks and logs as the full saves
    of the step do (`applications.profile.updated` for profile fields that changed). Raises
    ApplicationError when the draft cannot be changed, saving nothing.
    """
    unknown = set(answers) - set(DRAFT_FIELDS.get(step, ()))
    if unknown:
        raise ApplicationError(gettext("This step has no such answers to save."))
    application = _lock_draft(application, by)
    fields = []
    if step == "personal":
        account = {name: answers[name] for name in ACCOUNT_FIELDS if name in answers}
        if account:
            user = User.objects.select_for_update().get(pk=by.pk)
            for name, value in account.items():
                setattr(user, name, value)
            user.save(update_fields=list(account))
        profile = {name: value for name, value in answers.items() if name not in ACCOUNT_FIELDS}
        if profile:
            update_applicant_profile(user=by, by=by, **profile)
    elif step == "background":
        if answers:
            update_applicant_profile(user=by, by=by, **answers)
    elif step == "interests":
        fields = _write_interests(application, dict(answers))
    application.save(update_fields=[*fields, "updated_at"])
    return application


def _write_interests(application: Application, answers: dict) -> list[str]:
    """The answers of step 3 that are given, checked as save_interests checks them: the
    ranking is written, the other answers are set on `application` and their names returned
    for the caller's save."""
    if "specialties" in answers:
        specialties = answers.pop("specialties")
        if len({s.pk for s in specialties}) != len(specialties):
            raise ApplicationError(gettext("Each specialty can be chosen once."))
        application.ranked_specialties.all().delete()
        ApplicationSpecialty.objects.bulk_create(
            ApplicationSpecialty(application=application, specialty=specialty, rank=rank)
            for rank, specialty in enumerate(specialties, start=1)
        )
    weeks = answers.get("program_weeks")
    if weeks is not None and (weeks < 4 or weeks % 4):
        raise ApplicationError(gettext("The program runs in 4-week blocks, at least 4 weeks."))
    if answers.get("preferred_start"):
        answers["preferred_start"] = answers["preferred_start"].replace(day=1)
    for name, value in answers.items():
        setattr(application, name, value)
    return list(answers)

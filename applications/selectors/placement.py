"""Reads of applications for placement (the rotations and preceptors apps): the row lock that
orders placement writes, and the applicant summary a preceptor sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django_countries.fields import Country

from ..enums import Recommendation
from ..models import Application, ApplicationSpecialty, Document, Interview


def application_for_update(*, application_id: int) -> Application:
    """The application, locked (SELECT ... FOR UPDATE) until the caller's transaction ends.

    Placement services take this lock first, before any rotation's, so that every writer
    takes locks in the same order and two preceptors confirming one applicant's rotations
    at once see each other's answer.
    """
    # of=("self",): lock the application's row only, not the applicant's user row.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application_id)
    )


@dataclass(frozen=True)
class ApplicantSummary:
    """What a preceptor learns about an applicant who asks for their rotation."""

    application_id: int
    name: str
    email: str
    country: str
    medical_school: str
    school_country: str
    graduation_year: int | None
    interests: list[str] = field(default_factory=list)
    target_specialty: str = ""
    career_goals: str = ""
    recommendation: str = ""
    program_weeks: int = 4


def applicant_summaries(*, application_ids: Iterable[int]) -> dict[int, ApplicantSummary]:
    """The summary of each application, by id, in three queries whatever their number.

    The interview recommendation is the latest one recorded (label), or "". Read as plain
    values rather than model instances: the preceptor portal builds a page of these on
    every visit.
    """
    ids = set(application_ids)
    interests: dict[int, list[str]] = {}
    for application_id, name in (
        ApplicationSpecialty.objects.filter(application_id__in=ids)
        .order_by("application_id", "rank")
        .values_list("application_id", "specialty__name")
    ):
        interests.setdefault(application_id, []).append(name)
    recommendations: dict[int, str] = {}
    for application_id, recommendation in (
        Interview.objects.filter(application_id__in=ids)
        .exclude(recommendation="")
        .order_by("application_id", "-starts_at")
        .values_list("application_id", "recommendation")
    ):
        recommendations.setdefault(application_id, recommendation)
    rows = Application.objects.filter(pk__in=ids).values_list(
        "pk",
        "applicant__first_name",
        "applicant__last_name",
        "applicant__email",
        "applicant__applicant_profile__pk",
        "applicant__applicant_profile__country",
        "applicant__applicant_profile__medical_school",
        "applicant__applicant_profile__school_country",
        "applicant__applicant_profile__graduation_year",
        "target_specialty",
        "career_goals",
        "program_weeks",
    )
    summaries = {}
    for (
        pk,
        first_name,
        last_name,
        email,
        profile,
        country,
        medical_school,
        school_country,
        graduation_year,
        target_specialty,
        career_goals,
        program_weeks,
    ) in rows:
        recommendation = recommendations.get(pk)
        summaries[pk] = ApplicantSummary(
            application_id=pk,
            # as User.display_name
            name=f"{first_name} {last_name}".strip() or email,
            email=email,
            country=Country(code=country).name if profile and country else "",
            medical_school=medical_school if profile else "",
            school_country=school_country if profile else "",
            graduation_year=graduation_year if profile else None,
            interests=interests.get(pk, []),
            target_specialty=target_specialty,
            career_goals=career_goals,
            recommendation=Recommendation(recommendation).label if recommendation else "",
            program_weeks=program_weeks,
        )
    return summaries


def placement_documents(*, application_id: int) -> list[Document]:
    """The application's documents, for a preceptor whom staff allowed to see them."""
    return list(Document.objects.filter(application_id=application_id).order_by("kind", "pk"))

"""Reads of applications for placement (the rotations and preceptors apps): the row lock that
orders placement writes, and the applicant summary a preceptor sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

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

    The interview recommendation is the latest one recorded (label), or "".
    """
    applications = (
        Application.objects.filter(pk__in=set(application_ids))
        .select_related("applicant", "applicant__applicant_profile")
        .prefetch_related(
            Prefetch(
                "ranked_specialties",
                queryset=ApplicationSpecialty.objects.select_related("specialty").order_by("rank"),
            ),
            Prefetch(
                "interviews",
                queryset=Interview.objects.exclude(recommendation="").order_by("-starts_at"),
                to_attr="recommended_interviews",
            ),
        )
    )
    summaries = {}
    for application in applications:
        user = application.applicant
        profile = getattr(user, "applicant_profile", None)
        interviews = application.recommended_interviews
        summaries[application.pk] = ApplicantSummary(
            application_id=application.pk,
            name=user.display_name,
            email=user.email,
            country=profile.country.name if profile else "",
            medical_school=profile.medical_school if profile else "",
            school_country=profile.school_country if profile else "",
            graduation_year=profile.graduation_year if profile else None,
            interests=[item.specialty.name for item in application.ranked_specialties.all()],
            target_specialty=application.target_specialty,
            career_goals=application.career_goals,
            recommendation=(
                Recommendation(interviews[0].recommendation).label if interviews else ""
            ),
            program_weeks=application.program_weeks,
        )
    return summaries


def placement_documents(*, application_id: int) -> list[Document]:
    """The application's documents, for a preceptor whom staff allowed to see them."""
    return list(Document.objects.filter(application_id=application_id).order_by("kind", "pk"))

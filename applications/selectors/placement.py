"""Reads of applications for placement (the rotations and preceptors apps): the row lock that
orders placement writes, and the applicant summary a preceptor sees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django_countries.fields import Country

from ..enums import Recommendation
from ..models import ApplicantProfile, Application, ApplicationSpecialty, Document, Interview


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


# The summaries in one statement: the application, its applicant and their profile (if
# any), the names of its specialties by rank, and the latest interview recommendation.
# Written as SQL because the ORM spends more CPU building the three statements it needs
# than the database spends answering this one, on every visit of the preceptor portal.
_SUMMARIES_SQL = """
SELECT application.id, applicant.first_name, applicant.last_name, applicant.email,
    profile.id, profile.country, profile.medical_school, profile.school_country,
    profile.graduation_year, application.target_specialty, application.career_goals,
    application.program_weeks,
    ARRAY(
        SELECT specialty.name FROM {interests} interest
        JOIN {specialties} specialty ON specialty.id = interest.specialty_id
        WHERE interest.application_id = application.id
        ORDER BY interest.rank
    ),
    (
        SELECT interview.recommendation FROM {interviews} interview
        WHERE interview.application_id = application.id AND interview.recommendation <> ''
        ORDER BY interview.starts_at DESC
        LIMIT 1
    )
FROM {applications} application
JOIN {users} applicant ON applicant.id = application.applicant_id
LEFT JOIN {profiles} profile ON profile.user_id = applicant.id
WHERE application.id = ANY(%(ids)s::bigint[])
"""


def applicant_summaries(*, application_ids: Iterable[int]) -> dict[int, ApplicantSummary]:
    """The summary of each application, by id, in one query whatever their number (none
    for no id).

    The interview recommendation is the latest one recorded (label), or "". Read as plain
    values rather than model instances: the preceptor portal builds a page of these on
    every visit.
    """
    ids = sorted(set(application_ids))
    if not ids:
        return {}
    sql = _SUMMARIES_SQL.format(
        applications=Application._meta.db_table,
        users=Application._meta.get_field("applicant").related_model._meta.db_table,
        profiles=ApplicantProfile._meta.db_table,
        interests=ApplicationSpecialty._meta.db_table,
        specialties=ApplicationSpecialty._meta.get_field("specialty").related_model._meta.db_table,
        interviews=Interview._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids})
        rows = cursor.fetchall()
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
        interests,
        recommendation,
    ) in rows:
        summaries[pk] = ApplicantSummary(
            application_id=pk,
            # as User.display_name
            name=f"{first_name} {last_name}".strip() or email,
            email=email,
            country=Country(code=country).name if profile and country else "",
            medical_school=medical_school if profile else "",
            school_country=school_country if profile else "",
            graduation_year=graduation_year if profile else None,
            interests=list(interests),
            target_specialty=target_specialty,
            career_goals=career_goals,
            recommendation=Recommendation(recommendation).label if recommendation else "",
            program_weeks=program_weeks,
        )
    return summaries


def placement_documents(*, application_id: int) -> list[Document]:
    """The application's documents, for a preceptor whom staff allowed to see them."""
    return list(Document.objects.filter(application_id=application_id).order_by("kind", "pk"))

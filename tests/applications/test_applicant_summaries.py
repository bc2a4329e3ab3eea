"""What a preceptor learns about an applicant (applications.selectors.applicant_summaries),
read in one query however many applications: name, citizenship, school, specialties of
interest in their order, and the latest interview recommendation recorded."""

import datetime

import pytest
from django.utils import timezone

from applications.models import ApplicationSpecialty
from applications.selectors import applicant_summaries
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    InterviewFactory,
    SpecialtyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_summary_says_who_the_applicant_is_and_what_they_want(django_assert_num_queries):
    application = ApplicationFactory(
        applicant__first_name="Amina",
        applicant__last_name="Yusuf",
        target_specialty="Internal Medicine",
        career_goals="Residency in Texas",
        program_weeks=8,
    )
    ApplicantProfileFactory(
        user=application.applicant,
        country="NG",
        medical_school="University of Lagos",
        school_country="Nigeria",
        graduation_year=2023,
    )
    for rank, name in ((2, "Neurology"), (1, "Cardiology"), (3, "Surgery")):
        ApplicationSpecialty.objects.create(
            application=application, specialty=SpecialtyFactory(name=name), rank=rank
        )
    now = timezone.now()
    InterviewFactory(application=application, starts_at=now, recommendation="neutral")
    InterviewFactory(
        application=application, starts_at=now + datetime.timedelta(days=1), recommendation="strong"
    )
    InterviewFactory(application=application, starts_at=now + datetime.timedelta(days=2))
    bare = ApplicationFactory(applicant=UserFactory(first_name="", last_name=""))

    with django_assert_num_queries(1):
        summaries = applicant_summaries(application_ids=[application.pk, bare.pk, bare.pk])

    amina = summaries[application.pk]
    assert (
        amina.name,
        amina.email,
        amina.country,
        amina.medical_school,
        amina.school_country,
        amina.graduation_year,
        amina.interests,
        amina.target_specialty,
        amina.career_goals,
        amina.recommendation,
        amina.program_weeks,
    ) == (
        "Amina Yusuf",
        application.applicant.email,
        "Nigeria",
        "University of Lagos",
        "Nigeria",
        2023,
        ["Cardiology", "Neurology", "Surgery"],
        "Internal Medicine",
        "Residency in Texas",
        "Strongly recommend",
        8,
    )
    nobody = summaries[bare.pk]
    assert (nobody.name, nobody.country, nobody.medical_school, nobody.graduation_year) == (
        bare.applicant.email,
        "",
        "",
        None,
    )
    assert (nobody.interests, nobody.recommendation) == ([], "")
    assert set(summaries) == {application.pk, bare.pk}


def test_no_application_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert applicant_summaries(application_ids=[]) == {}

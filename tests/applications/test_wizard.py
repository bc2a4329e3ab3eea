import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.enums import ApplicationStatus
from applications.models import ApplicantProfile, Application, StatusChange
from hmc_portal.audit.models import ActivityLog
from tests.factories import (
    CompleteApplicantFactory,
    DocumentFactory,
    PreceptorFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NEXT_MONTH = (datetime.date.today().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def applicant(client):
    user = UserFactory(first_name="", last_name="")
    client.force_login(user)
    return user


PERSONAL = {
    "first_name": "Amina",
    "last_name": "Yusuf",
    "country": "NG",  # Nigeria
    "city": "Lagos",
    "phone": "+234 803 123 4567",
    "date_of_birth": "1996-04-02",
    "timezone": "Africa/Lagos",
}
BACKGROUND = {
    "medical_school": "University of Lagos",
    "school_country": "Nigeria",
    "degree": "mbbs",
    "graduated": "on",
    "graduation_year": "2021",
    "ecfmg_status": "in_progress",
    "step1_result": "pass",
    "step1_date": "2024-05-10",
    "step2_result": "",
    "english_test": "ielts",
    "english_score": "7.5",
    "english_date": "2025-01-15",
    "clinical_experience": "House job, 2021-2022.",
}


def interests(**overrides):
    data = {
        "specialty_1": SpecialtyFactory(name="Internal Medicine").pk,
        "specialty_2": SpecialtyFactory(name="Cardiology").pk,
        "specialty_3": "",
        "preferred_start": NEXT_MONTH.strftime("%Y-%m"),
        "program_weeks": "8",
        "target_specialty": "Internal Medicine",
        "career_goals": "Match into internal medicine.",
        "personal_statement": "I want to learn how US teams care for patients.",
    }
    data.update(overrides)
    return data


def test_apply_starts_a_draft_and_opens_the_first_step(client, applicant):
    client.post("/apply/")  # "Start my application": a GET alone stores nothing

    response = client.get("/apply/")

    assert response.status_code == 302
    assert response["Location"] == "/apply/personal/"
    application = Application.objects.get(applicant=applicant)
    assert application.status == ApplicationStatus.DRAFT
    assert application.intake == "2027"


def test_anonymous_visitor_is_sent_to_log_in(client):
    for path in ("/apply/", "/apply/personal/", "/apply/review/", "/dashboard/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={path}"


def test_each_step_shows_the_progress_indicator(client, applicant):
    html = client.get("/apply/background/").content.decode()

    assert "Step 2 of 5: <strong>Medical background</strong>" in html
    assert 'aria-current="step"' in html
    assert len(re.findall(r'<a href="/apply/[a-z]+/" class="wizard-step[" ]', html)) == 5


def test_personal_step_saves_names_time_zone_and_profile(client, applicant):
    response = client.post("/apply/personal/", {**PERSONAL, "continue": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/apply/background/"
    applicant.refresh_from_db()
    assert (applicant.first_name, applicant.last_name, applicant.timezone) == (
        "Amina",
        "Yusuf",
        "Africa/Lagos",
    )
    profile = applicant.applicant_profile
    assert (profile.country.name, profile.phone, profile.city) == (
        "Nigeria",
        "+234 803 123 4567",
        "Lagos",
    )
    assert profile.date_of_birth == datetime.date(1996, 4, 2)


def test_save_draft_stays_on_the_step(client, applicant):
    response = client.post("/apply/personal/", {**PERSONAL, "stay": "1"}, follow=True)

    assert response.redirect_chain == [("/apply/personal/", 302)]
    assert "Draft saved. You can come back and continue any time." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "Enter a phone number with its country code"),
        ("timezone", "Mars/Olympus_Mons", "Select a valid choice."),
        ("first_name", "", "This field is required."),
    ],
)
def test_personal_step_refuses_bad_input_next_to_the_field(
    client, applicant, field, value, message
):
    response = client.post("/apply/personal/", {**PERSONAL, field: value, "continue": "1"})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="error_1_id_{field}"' in html
    applicant.refresh_from_db()
    assert applicant.first_name == ""


def test_background_step_saves_the_medical_background(client, applicant):
    response = client.post("/apply/background/", {**BACKGROUND, "continue": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/apply/interests/"
    profile = applicant.applicant_profile
    profile.refresh_from_db()
    assert profile.medical_school == "University of Lagos"
    assert profile.step1_result == "pass"
    assert profile.english_score == "7.5"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"step1_result": "score", "step1_score": ""}, "step1_score", "Enter the three-digit"),
        ({"english_score": ""}, "english_score", "Enter your score."),
        (
            {"graduation_year": str(datetime.date.today().year + 2)},
            "graduation_year",
            "means you have not graduated",
        ),
        ({"step1_date": "2099-01-01"}, "step1_date", "This date is in the future."),
    ],
)
def test_background_step_checks_answers_that_depend_on_each_other(
    client, applicant, changes, field, message
):
    response = client.post("/apply/background/", {**BACKGROUND, **changes, "continue": "1"})

    assert response.status_code == 400
    assert message in response.content.decode()
    applicant.applicant_profile.refresh_from_db()
    assert applicant.applicant_profile.medical_school == ""


def test_interests_step_saves_ranked_specialties_and_goals(client, applicant):
    data = interests()

    response = client.post("/apply/interests/", {**data, "continue": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/apply/documents/"
    application = Application.objects.get(applicant=applicant)
    assert [(r.rank, r.specialty.name) for r in application.ranked_specialties.all()] == [
        (1, "Internal Medicine"),
        (2, "Cardiology"),
    ]
    assert application.preferred_start == NEXT_MONTH
    assert application.program_weeks == 8


def test_interests_step_reranks_when_saved_again(client, applicant):
    data = interests()
    client.post("/apply/interests/", {**data, "continue": "1"})

    client.post(
        "/apply/interests/",
        {
            **data,
            "specialty_1": data["specialty_2"],
            "specialty_2": data["specialty_1"],
            "continue": "1",
        },
    )

    application = Application.objects.get(applicant=applicant)
    assert [r.specialty.name for r in application.ranked_specialties.all()] == [
        "Cardiology",
        "Internal Medicine",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"specialty_2": "same"}, "You chose this specialty already."),
        ({"program_weeks": "6"}, "Select a valid choice."),
        ({"preferred_start": "2020-01"}, "Choose this month or a later one."),
        ({"personal_statement": "word " * 801}, "Your statement has 801 words; the limit is 800"),
        ({"specialty_1": "999999"}, "Select a valid choice."),
    ],
)
def test_interests_step_refuses_bad_input(client, applicant, changes, message):
    data = interests()
    if changes.get("specialty_2") == "same":
        changes = {"specialty_2": data["specialty_1"]}

    response = client.post("/apply/interests/", {**data, **changes, "continue": "1"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Application.objects.get(applicant=applicant).ranked_specialties.count() == 0


def test_unknown_step_is_a_404(client, applicant):
    assert client.get("/apply/payment/").status_code == 404
    assert client.post("/apply/../admin/", {}).status_code == 404


def test_review_lists_what_is_missing(client, applicant):
    html = client.get("/apply/review/").content.decode()

    assert "Before you can submit" in html
    assert "Document: Passport bio page" in html


def test_review_shows_every_answer_of_every_step(client, applicant):
    client.post("/apply/personal/", {**PERSONAL, "continue": "1"})
    client.post("/apply/background/", {**BACKGROUND, "continue": "1"})
    client.post("/apply/interests/", {**interests(), "continue": "1"})

    html = client.get("/apply/review/").content.decode()

    for shown in (
        "Amina Yusuf",
        "Tuesday 2 April 1996",  # the date of birth
        "Nigeria",
        "Lagos",
        "+234 803 123 4567",
        "Africa/Lagos",
        "University of Lagos",
        "2021",
        "Pass",
        "10 May 2024",
        "IELTS",
        "7.5",
        "15 Jan 2025",
        "House job, 2021-2022.",
        "1. Internal Medicine",
        "2. Cardiology",
        "8 weeks",
        "Match into internal medicine.",
        "10 words written",
    ):
        assert shown in html, shown


def test_review_and_submit_a_complete_application(client, django_capture_on_commit_callbacks):
    applicant = CompleteApplicantFactory()
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/apply/review/", {"declaration": "on"}, follow=True)

    assert response.redirect_chain == [("/dashboard/", 302)]
    html = response.content.decode()
    assert "Your application was submitted." in html
    assert (
        '<span class="badge fs-6 status-badge status-submitted application-status">'
        "Submitted</span>" in html
    )
    assert Application.objects.get(applicant=applicant).status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 1


def test_submit_without_the_declaration_is_refused(client):
    applicant = CompleteApplicantFactory()
    client.force_login(applicant)

    response = client.post("/apply/review/", {})

    assert response.status_code == 400
    assert "Tick the declaration to submit your application." in response.content.decode()
    assert Application.objects.get(applicant=applicant).status == ApplicationStatus.DRAFT


def test_submit_of_an_incomplete_application_shows_the_list(client, applicant):
    response = client.post("/apply/review/", {"declaration": "on"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your application is not complete yet. See the list below." in html
    assert "Interests: at least one specialty" in html
    assert Application.objects.get(applicant=applicant).status == ApplicationStatus.DRAFT


def test_steps_of_a_submitted_application_lead_to_the_dashboard(client):
    applicant = CompleteApplicantFactory()
    client.force_login(applicant)
    client.post("/apply/review/", {"declaration": "on"})

    get = client.get("/apply/personal/")
    post = client.post("/apply/personal/", {**PERSONAL, "continue": "1"})

    assert get["Location"] == "/dashboard/"
    assert post["Location"] == "/dashboard/"
    applicant.refresh_from_db()
    assert applicant.first_name != "Amina"


def test_a_post_without_csrf_token_is_refused(applicant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)

    response = client.post("/apply/personal/", {**PERSONAL, "continue": "1"})

    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.first_name == ""


def test_staff_and_preceptors_do_not_get_an_application(client):
    for user in (StaffFactory(), PreceptorFactory().user):
        client.force_login(user)
        response = client.get("/apply/")
        assert response["Location"] == "/"
        assert not Application.objects.filter(applicant=user).exists()


@pytest.mark.parametrize("step", ["personal", "background", "interests", "review"])
def test_step_query_count_does_not_grow_with_documents_and_history(client, step):
    applicant = CompleteApplicantFactory()
    client.force_login(applicant)
    application = applicant.applications.get()
    with CaptureQueriesContext(connection) as one:
        client.get(f"/apply/{step}/")
    DocumentFactory(application=application, kind="other")
    DocumentFactory(application=application, kind="other")
    application.status_changes.create(from_status="draft", to_status="draft", note="x")
    with CaptureQueriesContext(connection) as three:
        client.get(f"/apply/{step}/")

    assert len(three.captured_queries) == len(one.captured_queries)


def counts() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        ApplicantProfile.objects.count(),
        StatusChange.objects.count(),
        ActivityLog.objects.count(),
    )


@pytest.mark.parametrize(
    "path",
    ["/apply/", "/apply/personal/", "/apply/interests/", "/apply/review/", "/apply/documents/"],
)
def test_reading_the_application_pages_stores_nothing(client, applicant, path):
    before = counts()

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert counts() == before == (0, 0, 0, 0)


def test_a_new_applicant_is_told_the_steps_and_that_nothing_is_stored_yet(client, applicant):
    response = client.get("/apply/", follow=True)

    assert response.redirect_chain == [("/apply/personal/", 302)]
    html = response.content.decode()
    assert 'id="apply-intro"' in html
    assert "Nothing is stored until you save a step." in html


def test_start_my_application_stores_the_draft_once(client, applicant):
    response = client.post("/apply/")
    client.post("/apply/")

    assert response["Location"] == "/apply/personal/"
    application = Application.objects.get(applicant=applicant)
    assert [(e.verb, e.actor) for e in ActivityLog.objects.all()] == [
        ("applications.application.started", applicant)
    ]
    assert 'id="apply-intro"' not in client.get("/apply/personal/").content.decode()
    assert application.status == ApplicationStatus.DRAFT


def test_the_first_saved_step_stores_the_draft(client, applicant):
    client.post("/apply/personal/", {**PERSONAL, "continue": "1"})

    application = Application.objects.get(applicant=applicant)
    assert StatusChange.objects.filter(application=application).count() == 1
    assert sorted(ActivityLog.objects.values_list("verb", flat=True)) == [
        "applications.application.started",
        "applications.profile.updated",
    ]


@pytest.mark.parametrize(
    "path",
    ["/apply/personal/", "/apply/background/", "/apply/interests/", "/accounts/profile/"],
)
def test_selects_say_choose_instead_of_dashes(client, applicant, path):
    page = client.get(path).content.decode()

    assert "---------" not in page
    if path != "/apply/interests/":  # its selects name their own empty choice
        assert "Choose…" in page

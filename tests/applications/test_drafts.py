"""Issue 12, item 3: nothing typed is lost. "Save draft" saves every valid field of a step
and says which were not saved and why; "Save and continue" keeps what was typed."""

import datetime
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from applications import services
from applications.models import Application
from hmc_portal.audit.models import ActivityLog
from hmc_portal.users.models import User
from tests.factories import ApplicantProfileFactory, ApplicationFactory, SpecialtyFactory

from .test_wizard import BACKGROUND, PERSONAL, interests

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser sends for the step's form as it is shown: inputs, checked boxes,
    selected options, text areas (the language switcher's form is left out)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = False
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("method", "").lower() == "post" and "action" not in attrs
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select, self.select_first = name, None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
                self.values.setdefault(self.select, value)
            if "selected" in attrs:
                self.values[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The browser drops the one newline after <textarea>.
            self.values[self.textarea] = unescape(self.values[self.textarea]).removeprefix("\n")
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def form_values(response) -> dict[str, str]:
    parser = FormValues()
    parser.feed(response.content.decode())
    return parser.values


@pytest.fixture
def applicant(client):
    """An applicant whose draft has step 1 and 2 answers saved."""
    user = User.objects.create_user(
        email="amara@example.com", password="x", first_name="Amara", last_name="Obi"
    )
    user.timezone = "Africa/Lagos"
    user.save()
    ApplicantProfileFactory(
        user=user,
        country="NG",
        phone="+234 803 000 0000",
        city="Abuja",
        date_of_birth=datetime.date(1995, 3, 1),
        degree="mbbs",
        ecfmg_status="in_progress",
        english_test="native",
    )
    ApplicationFactory(applicant=user)
    client.force_login(user)
    return user


def profile_of(user):
    user.applicant_profile.refresh_from_db()
    return user.applicant_profile


def test_save_draft_saves_the_valid_fields_and_names_the_refused_one(client, applicant):
    response = client.post(
        "/apply/personal/",
        {
            **PERSONAL,
            "date_of_birth_year": "1996",
            "date_of_birth_month": "2",
            "date_of_birth_day": "31",
            "stay": "1",
        },
    )

    html = response.content.decode()
    assert "Draft saved. Not saved: Date of birth (Enter a valid date.)" in html
    applicant.refresh_from_db()
    assert (applicant.first_name, applicant.last_name) == ("Amina", "Yusuf")
    profile = profile_of(applicant)
    assert (profile.phone, profile.city, profile.country.code) == (
        "+234 803 123 4567",
        "Lagos",
        "NG",
    )
    assert profile.date_of_birth == datetime.date(1995, 3, 1)  # the saved value stays
    # The refused date is still on the page as typed, with its error.
    assert '<option value="31" selected>' in html
    assert '<option value="2" selected>' in html


def test_save_draft_lists_every_refused_field_with_its_reason(client, applicant):
    response = client.post(
        "/apply/personal/",
        {**PERSONAL, "phone": "call me", "first_name": "", "city": "Ibadan", "stay": "1"},
    )

    assert response.status_code == 400
    assert (
        "Draft saved. Not saved: First (given) name (This field is required.); "
        "Phone (Enter a phone number with its country code, using digits, spaces and +.)"
    ) in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.first_name == "Amara"
    assert (profile_of(applicant).phone, profile_of(applicant).city) == (
        "+234 803 000 0000",
        "Ibadan",
    )


def test_save_draft_changes_nothing_else_and_logs_the_profile_change(client, applicant):
    application = Application.objects.get(applicant=applicant)
    background_before = {
        name: getattr(profile_of(applicant), name) for name in ("medical_school", "degree")
    }

    client.post("/apply/personal/", {**PERSONAL, "phone": "nope", "stay": "1"})

    application.refresh_from_db()
    assert application.career_goals == "Internal medicine residency in the United States."
    assert {
        name: getattr(profile_of(applicant), name) for name in ("medical_school", "degree")
    } == background_before
    entry = ActivityLog.objects.get(verb="applications.profile.updated")
    assert entry.data == {"fields": ["city", "date_of_birth"]}


def test_save_draft_of_background_keeps_the_valid_answers(client, applicant):
    response = client.post(
        "/apply/background/",
        {**BACKGROUND, "step1_score": "999", "step1_result": "score", "stay": "1"},
    )

    assert "Not saved: Step 1 score (USMLE scores run from 1 to 300.)" in response.content.decode()
    profile = profile_of(applicant)
    assert (profile.medical_school, profile.english_test, profile.step1_result) == (
        "University of Lagos",
        "ielts",
        "score",
    )
    assert profile.step1_score is None


def test_save_draft_keeps_the_specialty_ranking_whole(client, applicant):
    cardiology = SpecialtyFactory(name="Cardiology")
    application = Application.objects.get(applicant=applicant)
    application.ranked_specialties.create(specialty=cardiology, rank=1)
    data = interests(career_goals="Become a cardiologist.")
    data["specialty_2"] = data["specialty_1"]  # the same specialty twice

    response = client.post("/apply/interests/", {**data, "stay": "1"})

    html = response.content.decode()
    assert "Not saved: First choice (saved together with your other choices" in html
    assert "Second choice (optional) (You chose this specialty already.)" in html
    application.refresh_from_db()
    assert application.career_goals == "Become a cardiologist."
    assert [r.specialty.name for r in application.ranked_specialties.all()] == ["Cardiology"]


def test_save_draft_with_every_field_valid_says_saved_and_stays(client, applicant):
    response = client.post("/apply/interests/", {**interests(), "stay": "1"}, follow=True)

    assert response.redirect_chain == [("/apply/interests/", 302)]
    assert "Draft saved. You can come back and continue any time." in response.content.decode()
    application = Application.objects.get(applicant=applicant)
    assert application.program_weeks == 8


def test_save_draft_does_not_complain_about_fields_left_as_they_were(client, applicant):
    # No specialty was chosen yet: leaving the required first choice empty loses nothing.
    response = client.post(
        "/apply/interests/",
        {**interests(specialty_1="", specialty_2=""), "stay": "1"},
        follow=True,
    )

    assert response.redirect_chain == [("/apply/interests/", 302)]
    assert "Not saved" not in response.content.decode()


def test_save_and_continue_keeps_what_was_typed_with_the_errors(client, applicant):
    response = client.post(
        "/apply/personal/",
        {**PERSONAL, "city": "Port Harcourt", "phone": "call me", "continue": "1"},
    )

    assert response.status_code == 400
    values = form_values(response)
    assert (values["city"], values["phone"], values["first_name"]) == (
        "Port Harcourt",
        "call me",
        "Amina",
    )
    applicant.refresh_from_db()
    assert applicant.first_name == "Amara"  # nothing saved


def test_save_draft_of_a_submitted_application_changes_nothing(client, applicant):
    application = Application.objects.get(applicant=applicant)
    Application.objects.filter(pk=application.pk).update(status="submitted")

    response = client.post("/apply/personal/", {**PERSONAL, "stay": "1"})

    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.first_name == "Amara"


def test_the_drafts_service_refuses_an_answer_of_another_step(applicant):
    application = Application.objects.get(applicant=applicant)

    with pytest.raises(services.ApplicationError):
        services.save_draft_answers(
            application=application, by=applicant, step="personal", answers={"career_goals": "x"}
        )


@pytest.mark.parametrize("step", ["personal", "background", "interests"])
def test_every_step_of_the_demo_draft_saves_as_it_is(client, step):
    call_command("seed_demo")
    amina = User.objects.get(email="amina@example.com")
    client.force_login(amina)
    page = client.get(f"/apply/{step}/")
    before = (
        User.objects.filter(pk=amina.pk).values().get(),
        type(amina.applicant_profile).objects.filter(pk=amina.applicant_profile.pk).values().get(),
        list(Application.objects.filter(applicant=amina).values("career_goals", "program_weeks")),
    )

    response = client.post(f"/apply/{step}/", {**form_values(page), "stay": "1"}, follow=True)

    assert response.redirect_chain == [(f"/apply/{step}/", 302)]
    html = response.content.decode()
    assert "Draft saved. You can come back and continue any time." in html
    assert "Not saved" not in html
    after = (
        User.objects.filter(pk=amina.pk).values().get(),
        type(amina.applicant_profile).objects.filter(pk=amina.applicant_profile.pk).values().get(),
        list(Application.objects.filter(applicant=amina).values("career_goals", "program_weeks")),
    )
    assert after == before

"""The applicant's journey in the applicant's language: a Spanish-speaking applicant reads
/apply/, the dashboard and their emails in Spanish; an English-speaking one as before."""

import datetime
import re

import pytest
from django.utils import translation

from applications import services
from applications.countries import country_code
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from tests.applications.interview_support import MEETING_URL, coordinator, under_review
from tests.factories import ApplicantProfileFactory, CompleteApplicantFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ZONE = "America/Mexico_City"  # UTC-6 all year


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request of a Spanish-speaking user leaves Spanish active in this thread: the tests
    that follow expect the default language."""
    yield
    translation.deactivate()


def next_december_monday() -> datetime.datetime:
    """15:00 UTC (09:00 in Mexico City) on the first Monday of December at least two days
    away."""
    earliest = datetime.date.today() + datetime.timedelta(days=2)
    for year in (earliest.year, earliest.year + 1):
        day = max(datetime.date(year, 12, 1), earliest)
        while day.weekday() != 0:
            day += datetime.timedelta(days=1)
        if day.year == year and day.month == 12:
            return datetime.datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)
    raise AssertionError("unreachable")


def rendered(applicant, template: str) -> tuple[str, str, str]:
    notification = Notification.objects.get(recipient=applicant, template=template)
    return render_notification(notification)


def submit(language: str, capture):
    applicant = CompleteApplicantFactory(language=language, timezone=ZONE)
    application = applicant.applications.get()
    with capture(execute=True):
        services.submit_application(application=application, by=applicant)
    return rendered(applicant, "application_submitted")


def invite(language: str, capture, starts_at):
    application = under_review(language=language, timezone=ZONE)
    with capture(execute=True):
        services.schedule_interview(
            application=application,
            by=coordinator(),
            starts_at=starts_at,
            duration_minutes=30,
            meeting_url=MEETING_URL,
        )
    return rendered(application.applicant, "interview_invitation")


def offer(language: str, capture):
    application = under_review(language=language, timezone=ZONE)
    application.documents.update(status="verified")
    with capture(execute=True):
        services.change_status(application=application, to="accepted", by=coordinator())
    return rendered(application.applicant, "status_accepted")


# --- Emails -------------------------------------------------------------------------------


def test_the_submission_receipt_is_in_spanish(django_capture_on_commit_callbacks):
    subject, text, html = submit("es", django_capture_on_commit_callbacks)

    assert subject == "Recibimos su solicitud de observación clínica para 2027"
    for body in (text, html):
        assert "Estimado/a" in body
        assert "Lo que solicitó" in body
        assert "Documentos recibidos" in body
        assert "Certificado de calificaciones de la facultad de medicina" in body
        assert "Dear" not in body
        assert "What you applied for" not in body
    assert "Qué sigue:" in text
    assert "Seguir su solicitud" in html


def test_the_submission_receipt_stays_in_english(django_capture_on_commit_callbacks):
    subject, text, html = submit("en", django_capture_on_commit_callbacks)

    assert subject == "We received your observership application for 2027"
    for body in (text, html):
        assert "Dear" in body
        assert "What you applied for" in body
        assert "Medical school transcript" in body
        assert "Estimado" not in body


def test_the_interview_invitation_is_in_spanish_at_the_applicants_time(
    django_capture_on_commit_callbacks,
):
    starts_at = next_december_monday()
    subject, text, html = invite("es", django_capture_on_commit_callbacks, starts_at)

    day = starts_at.day
    assert subject == (
        f"[Acción requerida] Su entrevista de observación clínica: lun {day} dic "
        f"{starts_at.year}, 09:00 ({ZONE})"
    )
    when = f"lunes {day} de diciembre de {starts_at.year}, 09:00 ({ZONE})"
    for body in (text, html):
        assert when in body
        assert "Qué hacer ahora" in body
        assert "Monday" not in body
        assert "December" not in body
        assert "What to do next" not in body
    assert "Duración: 30 minutos" in text
    assert "Unirse a la entrevista" in html


def test_the_interview_invitation_stays_in_english(django_capture_on_commit_callbacks):
    starts_at = next_december_monday()
    subject, text, html = invite("en", django_capture_on_commit_callbacks, starts_at)

    day = starts_at.day
    assert subject == (
        f"[Action required] Your observership interview: Mon {day} Dec {starts_at.year}, "
        f"09:00 ({ZONE})"
    )
    for body in (text, html):
        assert f"Monday {day} December {starts_at.year}, 09:00 ({ZONE})" in body
        assert "What to do next" in body
        assert "lunes" not in body


def test_the_offer_is_in_spanish(django_capture_on_commit_callbacks):
    subject, text, html = offer("es", django_capture_on_commit_callbacks)

    assert subject.startswith("[Acción requerida] Su oferta de observación clínica para 2027")
    assert "responda a más tardar el" in subject
    for body in (text, html):
        assert "Felicidades" in body
        assert "acepte o rechace la oferta en su panel" in body
        assert f"({ZONE})" in body
        assert "Congratulations" not in body
    assert "Responder a la oferta" in html


def test_the_offer_stays_in_english(django_capture_on_commit_callbacks):
    subject, text, html = offer("en", django_capture_on_commit_callbacks)

    assert subject.startswith("[Action required] Your observership offer for 2027: reply by ")
    for body in (text, html):
        assert "Congratulations" in body
        assert "Felicidades" not in body
    assert "Reply to the offer" in html


# --- Pages --------------------------------------------------------------------------------


@pytest.fixture
def spanish_applicant(client):
    applicant = CompleteApplicantFactory(language="es")
    client.force_login(applicant)
    return applicant


def test_the_dashboard_is_in_spanish(client, spanish_applicant):
    html = client.get("/dashboard/").content.decode()

    for phrase in ("Su solicitud para 2027", "Qué sigue", "Borrador", "Historial", "Documentos"):
        assert phrase in html
    for phrase in ("What happens next", "Your application for", "Continue your application"):
        assert phrase not in html


@pytest.mark.parametrize(
    ("path", "spanish", "english"),
    [
        (
            "/apply/personal/",
            ["Datos personales", "País de nacionalidad", "Guardar y continuar"],
            ["Personal details", "Country of citizenship", "Save and continue"],
        ),
        (
            "/apply/background/",
            ["Formación médica", "Facultad de medicina", "Dominio del inglés"],
            ["Medical background", "English proficiency", "Save draft"],
        ),
        (
            "/apply/interests/",
            ["Intereses y metas", "Primera opción", "Duración del programa"],
            ["Interests and goals", "First choice", "Program length"],
        ),
        (
            "/apply/documents/",
            ["Archivo para Certificado ECFMG", "Obligatorios", "Página de datos del pasaporte"],
            ["File for", "Passport bio page", "Uploading your file"],
        ),
        (
            "/apply/review/",
            ["Revisar y enviar", "Nacionalidad", "Enviar mi solicitud"],
            ["Review and submit", "Citizenship", "Submit my application"],
        ),
    ],
)
def test_each_step_of_apply_is_in_spanish(client, spanish_applicant, path, spanish, english):
    response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    for phrase in spanish:
        assert phrase in html
    for phrase in english:
        assert phrase not in html


def test_the_country_select_is_in_the_readers_language_and_sorted_in_it(client):
    applicant = UserFactory(language="es")
    client.force_login(applicant)
    spanish = client.get("/apply/personal/").content.decode()
    applicant.language = "en"
    applicant.save()
    english = client.get("/apply/personal/").content.decode()

    assert '<option value="ES">España</option>' in spanish
    assert '<option value="MX">México</option>' in spanish
    assert spanish.index(">Alemania<") < spanish.index(">España<")  # Germany, after Spain
    assert '<option value="ES">Spain</option>' in english
    assert '<option value="MX">Mexico</option>' in english


@pytest.mark.parametrize(("language", "month"), [("es", "abril"), ("en", "April")])
def test_the_date_of_birth_is_a_day_a_month_by_name_and_a_year(client, language, month):
    """Never a numeric mm/dd/yyyy: the month is named in the reader's language, each part
    has its own label, and the day comes first in Spanish."""
    applicant = UserFactory(language=language)
    ApplicantProfileFactory(user=applicant, date_of_birth=datetime.date(1996, 4, 2))
    client.force_login(applicant)

    html = client.get("/apply/personal/").content.decode()

    assert re.search(rf'<option value="4" selected>{month}</option>', html)
    assert '<option value="1996" selected>1996</option>' in html
    assert 'type="date"' not in html
    labels = re.findall(r'<select name="date_of_birth_(\w+)"[^>]*aria-label="([^"]+)"', html)
    assert len(labels) == 3
    if language == "es":
        assert [part for part, _label in labels] == ["day", "month", "year"]


def test_the_date_of_birth_is_saved_from_its_three_parts(client):
    applicant = CompleteApplicantFactory(language="es")
    client.force_login(applicant)
    profile = applicant.applicant_profile
    data = {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "country": "MX",
        "phone": "+52 33 1234 5678",
        "timezone": "America/Mexico_City",
        "date_of_birth_day": "2",
        "date_of_birth_month": "4",
        "date_of_birth_year": "1996",
        "continue": "1",
    }

    client.post("/apply/personal/", data)

    profile.refresh_from_db()
    assert profile.date_of_birth == datetime.date(1996, 4, 2)


def test_the_review_shows_the_country_by_its_name_in_the_readers_language(client):
    applicant = CompleteApplicantFactory(language="es")  # India
    client.force_login(applicant)

    assert "India" in client.get("/apply/review/").content.decode()
    applicant.applicant_profile.country = "MX"
    applicant.applicant_profile.save()
    assert "México" in client.get("/apply/review/").content.decode()


# --- The conversion of the old free-text countries ------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nigeria", "NG"),
        ("india", "IN"),
        ("  United   States ", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("UK", "GB"),
        ("United Kingdom", "GB"),
        ("Mexico", "MX"),
        ("Viet Nam", "VN"),
        ("Côte d'Ivoire", "CI"),
        ("IN", "IN"),
        ("Atlantis", ""),
        ("Lagos, Nigeria", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_old_country_names_become_iso_codes(text, code):
    assert country_code(text) == code

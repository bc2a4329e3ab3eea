"""Rotations in Spanish: each email in its recipient's language, whoever's request queued it;
the catalogue, the choices and the preceptor's pages in the reader's language."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation

from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import services
from rotations.links import request_link_url
from rotations.models import RotationRequest
from rotations.selectors import date_range
from tests.factories import (
    ApplicationFactory,
    RotationFactory,
    RotationRequestFactory,
    next_monday,
)

pytestmark = pytest.mark.django_db


def block(weeks_ahead: int, **kwargs):
    monday = next_monday(weeks_ahead)
    return RotationFactory(
        start_date=monday, end_date=monday + datetime.timedelta(days=25), **kwargs
    )


@pytest.fixture
def spanish_application():
    return ApplicationFactory(status="confirmed", applicant__language="es")


def rendered(template: str, to) -> tuple[str, str, str]:
    notification = Notification.objects.get(template=template, recipient=to)
    return render_notification(notification)


def test_the_spanish_applicant_reads_spanish_and_the_english_preceptor_english(
    client, spanish_application
):
    rotation = block(4, specialty__name="Cardiology", capacity=2)
    preceptor_user = rotation.preceptor.user
    applicant = spanish_application.applicant
    client.force_login(applicant)

    # The applicant's own request, in Spanish, queues the preceptor's email.
    client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    response = client.post("/dashboard/rotations/", {"action": "send"})
    assert response.status_code == 302
    rotation_request = RotationRequest.objects.get()
    # The preceptor answers in English and queues the applicant's email.
    with translation.override("en"):
        services.confirm_rotation_request(rotation_request=rotation_request, by=preceptor_user)

    subject, text, html = rendered("rotation_request_preceptor", preceptor_user)
    assert subject.startswith(f"{applicant.display_name} asks to observe with you: Cardiology")
    assert "Dear " in text and "Confirm or decline in one click" in text
    assert "Confirm or decline" in html
    assert "Mon " in subject and "Fri " in subject
    assert "Estimado" not in text and "lun " not in subject

    subject, text, html = rendered("rotation_request_confirmed", applicant)
    notification = Notification.objects.get(template="rotation_request_confirmed")
    assert notification.language == "es"
    start, end = rotation.start_date, rotation.end_date
    months = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
    assert notification.context["first_day"].startswith(f"lunes {start.day} de ")
    assert notification.context["dates"].startswith(f"lun {start.day} {months[start.month - 1]}")
    assert f"vie {end.day} {months[end.month - 1]}" in notification.context["dates"]
    assert subject.startswith("Confirmada: Cardiology con ")
    assert notification.context["dates"] in subject
    assert "Estimado/a" in text and "confirmó su lugar" in text
    assert "Sus rotaciones:" in text and notification.context["dates"] in text
    assert "confirmó su lugar" in html and "Ver sus rotaciones" in html
    assert "Confirmed:" not in subject and "Dear " not in text and "See your rotations" not in html


def test_the_start_reminder_writes_the_first_day_in_spanish(spanish_application):
    rotation = block(1)
    RotationRequestFactory(application=spanish_application, rotation=rotation, status="confirmed")

    services.send_start_reminders()

    subject, text, html = rendered("rotation_start_reminder", spanish_application.applicant)
    assert "lunes" in subject and "lunes" in text and "lunes" in html
    assert "Su rotación de" in text and "Presentarse a las: " in text
    assert "Monday" not in text and "Report at" not in html


def test_english_dates_are_as_before():
    rotation = block(4)
    start, end = rotation.start_date, rotation.end_date
    with translation.override("en"):
        assert date_range(rotation) == (
            f"Mon {start.day} {start:%b} – Fri {end.day} {end:%b %Y}"
            if start.year == end.year
            else f"Mon {start.day} {start:%b %Y} – Fri {end.day} {end:%b %Y}"
        )


def test_the_anonymous_catalogue_in_spanish(client):
    rotation = block(4, capacity=2)

    html = client.get("/rotations/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    detail = client.get(f"/rotations/{rotation.pk}/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Bloques de cuatro semanas, de lunes a viernes" in html
    assert "1 rotación." in html and "Mostrar rotaciones" in html
    assert "2 de 2 lugares libres" in html
    assert "Four-week blocks" not in html and "places free" not in html
    assert "Dónde y con quién" in detail and "presentarse a las" in detail
    assert "Where and with whom" not in detail and "report at" not in detail


def test_the_choose_page_and_a_placement_error_in_spanish(client, spanish_application):
    first, overlapping = block(4), block(4)
    client.force_login(spanish_application.applicant)

    page = client.get("/dashboard/rotations/").content.decode()
    for rotation in (first, overlapping):
        client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    planned = client.get("/dashboard/rotations/").content.decode()
    refused = client.post("/dashboard/rotations/", {"action": "send"}, follow=True)

    assert "Sus rotaciones" in page and "Su plan" in page and "Añadir a mi plan" in page
    assert "Mostrar todas las rotaciones abiertas" in page
    assert "Your rotations" not in page and "Add to my plan" not in page
    assert "Enviar mis solicitudes a los preceptores" in planned
    assert "se superpone con" in planned and "Subir" in planned and "Quitar" in planned
    assert "overlaps with" not in planned and "Move up" not in planned
    body = refused.content.decode()
    assert "se superponen: elija bloques en fechas distintas" in body
    assert "overlap: choose" not in body and "overlaps with" not in body


def test_a_placement_error_from_the_service_speaks_the_applicants_language(spanish_application):
    rotation = block(4)
    services.choose_rotations(
        application=spanish_application, rotations=[rotation], by=spanish_application.applicant
    )
    with translation.override("es"), pytest.raises(services.PlacementError) as error:
        services.choose_rotations(
            application=spanish_application,
            rotations=[rotation],
            by=spanish_application.applicant,
        )
    assert str(error.value).startswith("Usted ya eligió ")


def test_the_availability_words_come_from_the_page_in_its_language(client, settings):
    full = block(4, capacity=1)
    full.confirmed_count = 1
    full.save()
    block(8, capacity=2)

    spanish = client.get("/rotations/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get("/rotations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    script = (settings.BASE_DIR / "static" / "js" / "rotation-availability.js").read_text()

    assert 'data-label-full="Completa: lista de espera"' in spanish
    assert 'data-label-free="{free} de 2 lugares libres"' in spanish
    assert 'data-label-free="{free} de 1 lugar libre"' in spanish
    assert 'data-label-full="Full: waiting list"' in english
    assert 'data-label-free="{free} of 2 places free"' in english
    assert 'data-label-free="{free} of 1 place free"' in english
    code = re.sub(r"//[^\n]*|/\*.*?\*/", "", script, flags=re.S)  # no comments
    code = code.replace("data-free-places", "")  # the attribute naming the badge
    for english_word in ("Full", "waiting list", " of ", " place", "places free"):
        assert english_word not in code, english_word


def test_the_preceptor_portal_and_the_one_click_page_in_spanish(client):
    rotation_request = RotationRequestFactory(rotation=block(4))
    preceptor_user = rotation_request.rotation.preceptor.user
    preceptor_user.language = "es"
    preceptor_user.save()

    link = request_link_url(rotation_request=rotation_request)
    respond = client.get(urlsplit(link).path, HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(preceptor_user)
    portal = client.get("/preceptor/").content.decode()

    assert "Solicitudes por responder" in portal and "Requests to answer" not in portal
    body = respond.content.decode()
    assert "pide hacer la observación con usted" in body
    assert "Confirmar a este observador" in body and "Confirm this observer" not in body

"""The emails that say what happens next say the dashboard's next step: the same sentence,
written at queue time in the applicant's language and time zone, in both parts."""

import html as html_lib
import re
import zoneinfo

import pytest
from django.core import mail

from applications import services
from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import InterviewSlot
from tests.applications.interview_support import (
    MEETING_URL,
    coordinator,
    future,
    under_review,
)

pytestmark = pytest.mark.django_db

ZONE = "Asia/Kolkata"


def dashboard_sentence(client, applicant) -> str:
    client.force_login(applicant)
    page = client.get("/dashboard/").content.decode()
    match = re.search(r'<p class="next-step">(.*?)</p>', page, re.S)
    return html_lib.unescape(match.group(1)).strip()


def parts(message) -> tuple[str, str]:
    html = html_lib.unescape(re.sub(r"\s+", " ", message.alternatives[0][0]))
    return re.sub(r"\s+", " ", message.body), html


def offer_two_times(application):
    return services.offer_interview_slots(
        application=application,
        by=coordinator(),
        slots=[
            services.SlotTime(starts_at=future(days=3, hour=9), meeting_url=MEETING_URL),
            services.SlotTime(starts_at=future(days=4, hour=9), meeting_url=MEETING_URL),
        ],
    )


def test_the_times_offered_email_asks_to_pick_one_as_the_dashboard_does(
    client, django_capture_on_commit_callbacks
):
    application = under_review(timezone=ZONE)

    with django_capture_on_commit_callbacks(execute=True):
        offer_two_times(application)

    (message,) = mail.outbox
    text, html = parts(message)
    sentence = (
        "Pick your interview time: 2 times are on offer, shown on your dashboard in your time "
        f"zone, {ZONE}. Once you pick one, we email you the link to join."
    )
    assert f"What to do next: {sentence}" in text
    assert sentence in html
    assert dashboard_sentence(client, application.applicant) == sentence


def test_the_invitation_gives_the_booked_time_in_the_applicants_zone(
    client, django_capture_on_commit_callbacks
):
    application = under_review(timezone=ZONE)
    offer_two_times(application)
    slot = InterviewSlot.objects.filter(application=application).order_by("starts_at").first()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.pick_interview_slot(slot=slot, by=application.applicant)

    (message,) = mail.outbox
    text, html = parts(message)
    local = slot.starts_at.astimezone(zoneinfo.ZoneInfo(ZONE))
    when = f"{local:%A} {local.day} {local:%B %Y, %H:%M} ({ZONE})"
    sentence = dashboard_sentence(client, application.applicant)
    assert sentence.startswith(f"Your interview is booked for {when}. Join it with the link")
    assert f"What to do next: {sentence}" in text
    assert sentence in html
    assert "appears here as soon as it is scheduled" not in text


def test_the_interview_email_without_times_yet_says_there_is_nothing_to_do(
    django_capture_on_commit_callbacks,
):
    application = under_review(timezone=ZONE)

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            application=application, to=ApplicationStatus.INTERVIEW, by=coordinator()
        )

    (message,) = mail.outbox
    text, html = parts(message)
    sentence = (
        "The program office would like to interview you and will offer you times soon, by "
        "email and on your dashboard. You do not need to do anything yet."
    )
    assert f"What to do next: {sentence}" in text
    assert sentence in html
    assert "if we scheduled the interview already" not in text
    assert (
        message.subject == f"An interview for your observership application ({application.intake})"
    )


def test_the_interview_email_asks_for_action_when_a_document_must_be_replaced(
    django_capture_on_commit_callbacks,
):
    application = under_review(timezone=ZONE)
    application.documents.filter(pk=application.documents.first().pk).update(
        status=DocumentStatus.REJECTED, rejection_reason="The scan is cut off."
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(
            application=application, to=ApplicationStatus.INTERVIEW, by=coordinator()
        )

    (message,) = mail.outbox
    assert message.subject.startswith("[Action required] An interview for your observership")
    assert (
        "What to do next: The program office asked you to replace a document" in parts(message)[0]
    )


def test_a_spanish_speaker_reads_the_next_step_in_spanish(django_capture_on_commit_callbacks):
    application = under_review(timezone=ZONE, language="es")

    with django_capture_on_commit_callbacks(execute=True):
        offer_two_times(application)

    (message,) = mail.outbox
    text, html = parts(message)
    sentence = (
        "Elija el horario de su entrevista: hay 2 horarios disponibles, que se muestran en su "
        f"panel en su zona horaria, {ZONE}."
    )
    assert sentence in text
    assert sentence in html
    assert "Pick your interview time" not in text

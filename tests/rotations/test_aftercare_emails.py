"""The feedback invitation and the certificate's email, rendered as the worker sends them,
in the applicant's language; and the dashboard's feedback panel costs the same queries
whatever the number of blocks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.services import transition_application
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations.aftercare.feedback_services import send_feedback_invitations
from tests.factories import CoordinatorFactory, RotationRequestFactory
from tests.rotations.aftercare_support import block, completed_blocks, observer
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "invitation_subject", "certificate_subject", "certificate_words"),
    [
        (
            "en",
            "How was your Internal Medicine rotation?",
            "Your certificate of completion CERT-",
            "Congratulations on completing your observership.",
        ),
        (
            "es",
            "¿Cómo le fue en su rotación de Internal Medicine?",
            "Su certificado de finalización CERT-",
            "Felicitaciones por completar su observación clínica.",
        ),
    ],
)
def test_the_invitation_and_the_certificate_email_speak_the_applicants_language(
    tmp_path, settings, language, invitation_subject, certificate_subject, certificate_words
):
    isolated_private_storage(tmp_path, settings)
    application, (first, _second) = completed_blocks()
    application.applicant.language = language
    application.applicant.save(update_fields=["language"])

    send_feedback_invitations()
    transition_application(application=application, to="completed", by=CoordinatorFactory())

    subject, text, html = render_notification(
        Notification.objects.get(dedupe_key=f"rotation_request:{first.pk}:feedback")
    )
    assert subject == invitation_subject
    assert reverse("rotations:feedback", args=[first.pk]) in text
    assert reverse("rotations:feedback", args=[first.pk]) in html
    subject, text, html = render_notification(
        Notification.objects.get(template="certificate_issued")
    )
    assert subject.startswith(certificate_subject)
    assert certificate_words in text
    assert certificate_words in html
    assert "/verify/" in text


def test_the_dashboard_with_blocks_awaiting_feedback_costs_the_same_queries(client):
    first = block(weeks_ahead=-8, specialty="Specialty 0")
    application, _requests = observer(rotations=[first])
    client.force_login(application.applicant)
    url = reverse("applications:dashboard")
    client.get(url)  # the session and the caches warmed

    with CaptureQueriesContext(connection) as one:
        one_block = client.get(url).content.decode()
    for index in (1, 2):
        rotation = block(weeks_ahead=-8 - 4 * index, specialty=f"Specialty {index}")
        RotationRequestFactory(
            application=application, rotation=rotation, rank=index + 1, status="confirmed"
        )
    with CaptureQueriesContext(connection) as three:
        three_blocks = client.get(url).content.decode()

    assert one_block.count("feedback-row") == 1
    assert three_blocks.count("feedback-row") == 3
    assert len(three) == len(one)

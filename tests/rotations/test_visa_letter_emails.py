"""The visa letter emails, rendered as the worker sends them, in the applicant's language."""

import pytest

from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import services as rotation_services
from rotations.arrival import visa_services as services
from rotations.models import RotationRequest
from tests.factories import CoordinatorFactory
from tests.rotations.visa_support import details, eligible_application
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "issued_subject", "revoked_words"),
    [
        ("en", "Your visa invitation letter VL-", "is no longer valid"),
        ("es", "Su carta de invitación para la visa VL-", "ya no es válida"),
    ],
)
def test_the_letter_is_emailed_and_its_revocation_told(
    tmp_path, settings, language, issued_subject, revoked_words
):
    isolated_private_storage(tmp_path, settings)
    application = eligible_application(blocks=1)
    application.applicant.language = language
    application.applicant.save(update_fields=["language"])
    visa_request = services.request_visa_letter(
        application=application, details=details(), by=application.applicant
    )
    services.approve_visa_letter_request(visa_request=visa_request, by=CoordinatorFactory())
    rotation_services.cancel_rotation_request(
        rotation_request=RotationRequest.objects.get(application=application),
        by=application.applicant,
        reason="Plans changed.",
    )

    subject, text, html = render_notification(
        Notification.objects.get(template="visa_letter_issued")
    )
    assert subject.startswith(issued_subject)
    assert "/dashboard/support/" in text
    _subject, revoked_text, revoked_html = render_notification(
        Notification.objects.get(template="visa_letter_revoked")
    )
    assert revoked_words in revoked_text
    assert revoked_words in revoked_html

"""Every placement email renders (subject, text, HTML) from the context its service stores."""

import datetime

import pytest
from django.utils import timezone

from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    RotationFactory,
    RotationRequestFactory,
)

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "rotation_request_preceptor",
    "rotation_request_confirmed",
    "rotation_request_waitlisted",
    "rotation_request_declined",
    "rotation_request_promoted",
    "rotation_request_cancelled",
    "rotation_request_nudge",
    "rotation_start_reminder",
}

NAME_THE_HOSPITAL = {
    "rotation_request_preceptor",
    "rotation_request_confirmed",
    "rotation_start_reminder",
}


def test_every_rotation_email_renders_with_its_details():
    rotation = RotationFactory(capacity=1, specialty__name="Cardiology")
    preceptor_user = rotation.preceptor.user
    application = ApplicationFactory(
        status="confirmed", applicant__first_name="Siobhan", applicant__last_name="O'Brien"
    )
    services.choose_rotations(
        application=application, rotations=[rotation], by=application.applicant
    )
    chosen = RotationRequest.objects.get()
    services.confirm_rotation_request(rotation_request=chosen, by=preceptor_user)
    waiting = RotationRequestFactory(rotation=rotation)
    services.confirm_rotation_request(rotation_request=waiting, by=preceptor_user)
    services.cancel_rotation_request(
        rotation_request=chosen, by=CoordinatorFactory(), reason="Visa refused."
    )
    declined = RotationRequestFactory(rotation=RotationFactory())
    services.decline_rotation_request(
        rotation_request=declined, by=declined.rotation.preceptor.user, reason="Away that month."
    )
    nudged = RotationRequestFactory()
    services.send_preceptor_nudges(now=nudged.created_at + datetime.timedelta(days=4))
    soon = timezone.localdate() + datetime.timedelta(days=6)
    RotationRequestFactory(
        rotation=RotationFactory(start_date=soon, end_date=soon + datetime.timedelta(days=25)),
        status=RequestStatus.CONFIRMED,
    )
    services.send_start_reminders()

    notifications = list(Notification.objects.filter(template__in=TEMPLATES))
    assert {n.template for n in notifications} == TEMPLATES
    for notification in notifications:
        subject, text, html = render_notification(notification)
        assert subject and "{" not in subject, notification.template
        assert "{{" not in text and "{%" not in text, notification.template
        assert "<html" in html, notification.template
        assert notification.context["specialty"] in text
        if notification.template in NAME_THE_HOSPITAL:
            # The hospital, not the program (whose name every email has as `site_name`).
            assert f"{notification.context['hospital']}, " in text, notification.template
            assert f"{notification.context['hospital']}" in html, notification.template
    preceptor_email = Notification.objects.get(template="rotation_request_preceptor")
    subject, text, _html = render_notification(preceptor_email)
    assert subject.startswith("Siobhan O'Brien asks to observe with you: Cardiology")
    assert preceptor_email.context["link_url"] in text

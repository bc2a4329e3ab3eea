"""Our admin pages pass axe (no serious or critical violation) in a real chromium at
1280 px: the application list and page with its inlines, the interview forms (their date and
time inputs labelled), offered slots, documents, rotations, preceptors, the outbox and the
audit log. Text links are underlined, not told apart by colour alone."""

import datetime

import pytest
from django.utils import timezone

from applications.services import change_status
from tests.factories import (
    InterviewFactory,
    InterviewSlotFactory,
    NotificationFactory,
    ReviewableApplicationFactory,
    RotationFactory,
    RotationRequestFactory,
    StaffFactory,
)
from tests.support.browser import assert_admin_pages_accessible
from tests.support.otp import totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_our_admin_pages_have_no_serious_accessibility_violation(browser, live_server):
    admin = StaffFactory(email="admin@hmc.test", is_superuser=True)
    totp_device(admin)
    application = ReviewableApplicationFactory(status="under_review")
    change_status(application=application, to="interview", by=admin, note="")
    interview = InterviewFactory(
        application=application, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    slot = InterviewSlotFactory(application=application)
    rotation = RotationFactory()
    request = RotationRequestFactory(rotation=rotation)
    NotificationFactory(recipient=application.applicant)
    document = application.documents.first()
    pages = [
        "/admin/",
        "/admin/applications/application/",
        f"/admin/applications/application/{application.pk}/change/",
        f"/admin/applications/application/{application.pk}/move/waitlisted/",
        "/admin/applications/document/",
        f"/admin/applications/document/{document.pk}/change/",
        f"/admin/applications/document/{document.pk}/reject/",
        "/admin/applications/interview/",
        f"/admin/applications/interview/add/?application={application.pk}",
        f"/admin/applications/interview/{interview.pk}/change/",
        f"/admin/applications/interview/{interview.pk}/cancel/",
        f"/admin/applications/interview/offer-slots/?application={application.pk}",
        "/admin/applications/interviewslot/",
        f"/admin/applications/interviewslot/{slot.pk}/change/",
        "/admin/applications/applicantprofile/",
        f"/admin/applications/applicantprofile/{application.applicant.applicant_profile.pk}/change/",
        "/admin/rotations/rotation/",
        f"/admin/rotations/rotation/{rotation.pk}/change/",
        # An empty autocomplete box (the preceptor) is named by its field's label.
        "/admin/rotations/rotation/add/",
        "/admin/rotations/rotation/series/",
        "/admin/rotations/rotationrequest/",
        f"/admin/rotations/rotationrequest/{request.pk}/change/",
        "/admin/rotations/specialty/",
        f"/admin/rotations/specialty/{rotation.specialty.pk}/change/",
        "/admin/rotations/site/",
        f"/admin/rotations/site/{rotation.site.pk}/change/",
        "/admin/preceptors/preceptor/",
        f"/admin/preceptors/preceptor/{rotation.preceptor.pk}/change/",
        "/admin/notifications/notification/",
        "/admin/audit/activitylog/",
    ]
    assert_admin_pages_accessible(browser, live_server, admin, pages)

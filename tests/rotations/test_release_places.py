"""The program office releases every place of an application that stays in the program:
for non-payment, or after a visa refusal when the applicant postpones. One email to the
applicant, one to each preceptor, the waiting lists promoted, the cause on every request."""

import pytest

from applications.enums import ApplicationStatus
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import services
from rotations.enums import CancelCause, RequestStatus
from rotations.models import ReplacementAllowance, RotationRequest
from rotations.signals import rotation_request_cancelled
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    ReviewerFactory,
    RotationRequestFactory,
)

from .replacement_support import block, confirmed_block, recording, waitlisted_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled_two_blocks():
    """An enrolled application with two confirmed blocks; someone else waits for the first."""
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    first = confirmed_block(application)
    second = confirmed_block(application, rank=2)
    first.rotation.capacity = 1
    first.rotation.save()
    waiting = waitlisted_for(first.rotation, application=ApplicationFactory(status="confirmed"))
    return application, first, second, waiting


def statuses():
    return dict(RotationRequest.objects.values_list("pk", "status"))


def test_releasing_for_non_payment_cancels_every_block_and_promotes_the_waiting_list(
    enrolled_two_blocks,
):
    application, first, second, waiting = enrolled_two_blocks
    coordinator = CoordinatorFactory()

    with recording(rotation_request_cancelled) as sent:
        released = services.release_places(
            application=application,
            by=coordinator,
            cause=CancelCause.NON_PAYMENT,
            reason="The balance invoice is 30 days overdue.",
        )

    assert [r.pk for r in released] == [first.pk, second.pk]
    assert statuses() == {
        first.pk: RequestStatus.CANCELLED,
        second.pk: RequestStatus.CANCELLED,
        waiting.pk: RequestStatus.CONFIRMED,
    }
    assert set(
        RotationRequest.objects.filter(pk__in=[first.pk, second.pk]).values_list(
            "cancel_cause", flat=True
        )
    ) == {CancelCause.NON_PAYMENT}
    assert [(kwargs["rotation_request"].pk, kwargs["cause"], kwargs["by"]) for kwargs in sent] == [
        (first.pk, CancelCause.NON_PAYMENT, coordinator),
        (second.pk, CancelCause.NON_PAYMENT, coordinator),
    ]
    assert {kwargs["from_status"] for kwargs in sent} == {RequestStatus.CONFIRMED}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENROLLED
    logged = ActivityLog.objects.filter(verb="rotations.request.released").order_by("pk")
    assert [entry.data["cause"] for entry in logged] == ["non_payment", "non_payment"]
    assert ReplacementAllowance.objects.count() == 0


def test_the_applicant_gets_one_email_listing_the_blocks_and_each_preceptor_one(
    enrolled_two_blocks,
):
    application, first, second, _waiting = enrolled_two_blocks

    services.release_places(
        application=application,
        by=CoordinatorFactory(),
        cause=CancelCause.NON_PAYMENT,
        reason="Unpaid.",
    )

    to_applicant = Notification.objects.filter(recipient=application.applicant)
    assert list(to_applicant.values_list("template", flat=True)) == [
        "rotation_places_released_non_payment"
    ]
    subject, text, html = render_notification(to_applicant.get())
    assert "payment was not received" in subject
    for rotation_request in (first, second):
        assert rotation_request.rotation.specialty.name in text
        assert rotation_request.rotation.specialty.name in html
    assert "Once the payment is received, you may choose your rotations again." in text
    assert "Reason: Unpaid." in text
    for rotation_request in (first, second):
        preceptor = rotation_request.rotation.preceptor.user
        told = Notification.objects.filter(
            recipient=preceptor, template="rotation_request_cancelled"
        )
        assert told.count() == 1


def test_releasing_after_a_visa_refusal_says_the_payment_is_kept_and_grants_replacements():
    application = ApplicationFactory(status=ApplicationStatus.CONFIRMED)
    confirmed = confirmed_block(application)
    asked = RotationRequestFactory(application=application, rotation=block(), rank=2)

    services.release_places(
        application=application,
        by=CoordinatorFactory(),
        cause=CancelCause.VISA_POSTPONED,
        reason="",
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    allowance = ReplacementAllowance.objects.get()
    assert (allowance.replaces_id, allowance.cause, allowance.status) == (
        confirmed.pk,
        CancelCause.VISA_POSTPONED,
        "open",
    )
    assert not ReplacementAllowance.objects.filter(replaces=asked).exists()
    emails = Notification.objects.filter(recipient=application.applicant)
    assert list(emails.values_list("template", flat=True)) == [
        "rotation_places_released_visa_postponed"
    ]
    _subject, text, _html = render_notification(emails.get())
    assert "your payment is kept" in text
    assert "choose later blocks" in text


@pytest.mark.parametrize("cause", [CancelCause.PROGRAM, CancelCause.APPLICANT, "left_program"])
def test_only_non_payment_and_visa_causes_release(enrolled_two_blocks, cause):
    application, first, second, waiting = enrolled_two_blocks
    before = statuses()

    with pytest.raises(services.PlacementError, match="only for non-payment"):
        services.release_places(
            application=application, by=CoordinatorFactory(), cause=cause, reason=""
        )

    assert statuses() == before


def test_a_reviewer_or_the_applicant_cannot_release(enrolled_two_blocks):
    application, *_ = enrolled_two_blocks
    before = statuses()

    for someone in (ReviewerFactory(), application.applicant):
        with pytest.raises(services.PlacementError, match="Only the program office"):
            services.release_places(
                application=application, by=someone, cause=CancelCause.NON_PAYMENT, reason=""
            )

    assert statuses() == before
    assert Notification.objects.count() == 0


def test_nothing_to_release_is_refused_and_sends_nothing():
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    done = confirmed_block(application)
    services.cancel_rotation_request(rotation_request=done, by=CoordinatorFactory())
    sent_before = Notification.objects.count()

    with pytest.raises(services.PlacementError, match="no rotation places to release"):
        services.release_places(
            application=application,
            by=CoordinatorFactory(),
            cause=CancelCause.NON_PAYMENT,
            reason="",
        )

    assert Notification.objects.count() == sent_before
    assert not ActivityLog.objects.filter(verb="rotations.request.released").exists()


def test_a_reason_too_long_is_refused(enrolled_two_blocks):
    application, *_ = enrolled_two_blocks
    before = statuses()

    with pytest.raises(services.PlacementError, match="too long"):
        services.release_places(
            application=application,
            by=CoordinatorFactory(),
            cause=CancelCause.NON_PAYMENT,
            reason="x" * 1001,
        )

    assert statuses() == before

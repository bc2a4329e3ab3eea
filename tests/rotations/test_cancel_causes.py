"""Every cancelled request keeps why (CancelCause): the applicant, the program office, the
application leaving, a rotation the program cannot run; the signals carry it and the data
migration gives the existing rows theirs."""

import importlib

import pytest
from django.apps import apps

from hmc_portal.audit.models import ActivityLog
from rotations import services
from rotations.enums import CancelCause, RequestStatus
from rotations.models import RotationRequest
from rotations.signals import rotation_cancelled, rotation_request_cancelled
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    ReviewerFactory,
    RotationRequestFactory,
)

from .replacement_support import confirmed_block, recording

pytestmark = pytest.mark.django_db


def cause_of(rotation_request) -> str:
    rotation_request.refresh_from_db()
    return rotation_request.cancel_cause


def test_the_applicant_cancelling_is_the_applicants_cause_and_the_signal_says_so():
    rotation_request = confirmed_block()
    applicant = rotation_request.application.applicant

    with recording(rotation_request_cancelled) as sent:
        services.cancel_rotation_request(rotation_request=rotation_request, by=applicant)

    assert cause_of(rotation_request) == CancelCause.APPLICANT
    assert len(sent) == 1
    assert sent[0]["cause"] == CancelCause.APPLICANT
    assert (sent[0]["from_status"], sent[0]["by"]) == (RequestStatus.CONFIRMED, applicant)
    assert sent[0]["rotation_request"].pk == rotation_request.pk
    entry = ActivityLog.objects.get(verb="rotations.request.cancelled")
    assert entry.data["cause"] == "applicant"


def test_staff_cancelling_is_the_programs_cause_by_default():
    rotation_request = confirmed_block()

    with recording(rotation_request_cancelled) as sent:
        services.cancel_rotation_request(
            rotation_request=rotation_request, by=CoordinatorFactory(), reason="No preceptor."
        )

    assert cause_of(rotation_request) == CancelCause.PROGRAM
    assert [kwargs["cause"] for kwargs in sent] == [CancelCause.PROGRAM]


@pytest.mark.parametrize(
    "cause",
    [
        CancelCause.APPLICANT,
        CancelCause.PROGRAM,
        CancelCause.NON_PAYMENT,
        CancelCause.VISA_POSTPONED,
    ],
)
def test_staff_may_say_why(cause):
    rotation_request = confirmed_block()

    with recording(rotation_request_cancelled) as sent:
        services.cancel_rotation_request(
            rotation_request=rotation_request, by=CoordinatorFactory(), cause=cause
        )

    assert cause_of(rotation_request) == cause
    assert [kwargs["cause"] for kwargs in sent] == [cause]


@pytest.mark.parametrize(
    "cause",
    [
        CancelCause.PROGRAM,
        CancelCause.NON_PAYMENT,
        CancelCause.VISA_POSTPONED,
        CancelCause.LEFT_PROGRAM,
        "made-up",
    ],
)
def test_the_applicant_gives_no_other_cause_than_their_own(cause):
    rotation_request = confirmed_block()

    with pytest.raises(services.PlacementError, match="for that cause"):
        services.cancel_rotation_request(
            rotation_request=rotation_request,
            by=rotation_request.application.applicant,
            cause=cause,
        )

    rotation_request.refresh_from_db()
    assert (rotation_request.status, rotation_request.cancel_cause) == (
        RequestStatus.CONFIRMED,
        "",
    )


def test_staff_do_not_cancel_one_request_as_leaving_the_program():
    rotation_request = confirmed_block()

    with pytest.raises(services.PlacementError, match="for that cause"):
        services.cancel_rotation_request(
            rotation_request=rotation_request,
            by=CoordinatorFactory(),
            cause=CancelCause.LEFT_PROGRAM,
        )

    assert cause_of(rotation_request) == ""


def test_a_reviewer_cannot_release_for_non_payment():
    rotation_request = confirmed_block()

    with pytest.raises(services.PlacementError, match="Only the applicant or the program"):
        services.cancel_rotation_request(
            rotation_request=rotation_request,
            by=ReviewerFactory(),
            cause=CancelCause.NON_PAYMENT,
        )

    assert cause_of(rotation_request) == ""


def test_leaving_the_program_releases_with_its_cause_and_sends_no_request_signal():
    rotation_request = confirmed_block()

    with recording(rotation_request_cancelled) as sent:
        services.release_requests_for_application(application=rotation_request.application, by=None)

    assert cause_of(rotation_request) == CancelCause.LEFT_PROGRAM
    assert sent == []


def test_a_rotation_the_program_cancels_is_the_programs_cause_and_the_signal_says_so():
    rotation_request = confirmed_block()

    with recording(rotation_cancelled) as sent:
        services.cancel_rotation(
            rotation=rotation_request.rotation, reason="Closed ward.", by=CoordinatorFactory()
        )

    assert cause_of(rotation_request) == CancelCause.PROGRAM
    assert len(sent) == 1
    assert sent[0]["cause"] == CancelCause.PROGRAM
    assert [r.pk for r in sent[0]["rotation_requests"]] == [rotation_request.pk]


def test_the_migration_gives_existing_cancelled_requests_their_cause():
    migration = importlib.import_module("rotations.migrations.0004_request_cancel_cause")
    by_applicant = RotationRequestFactory(status=RequestStatus.CANCELLED)
    by_applicant.cancelled_by = by_applicant.application.applicant
    by_applicant.save()
    released = RotationRequestFactory(
        status=RequestStatus.CANCELLED,
        cancelled_by=CoordinatorFactory(),
        cancel_reason=migration.RELEASED_REASON,
    )
    by_staff = RotationRequestFactory(
        status=RequestStatus.CANCELLED, cancelled_by=CoordinatorFactory(), cancel_reason="Ill."
    )
    by_nobody = RotationRequestFactory(
        status=RequestStatus.CANCELLED, application=ApplicationFactory(status="confirmed")
    )
    still_active = RotationRequestFactory()

    migration.fill_causes(apps, None)

    assert dict(RotationRequest.objects.values_list("pk", "cancel_cause")) == {
        by_applicant.pk: "applicant",
        released.pk: "left_program",
        by_staff.pk: "program",
        by_nobody.pk: "program",
        still_active.pk: "",
    }
    assert migration.RELEASED_REASON == services.placement.cancelling.RELEASED_REASON

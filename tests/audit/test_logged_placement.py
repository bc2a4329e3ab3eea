"""Every service of rotations and preceptors that changes something writes exactly one
activity log entry, with its verb, actor, object and the person it concerns; a refused call
writes none. (See test_logged_applications for how a case reads.)"""

import datetime

import pytest
from django.utils import timezone

from applications.services import withdraw_application
from preceptors import services as preceptor_services
from preceptors.errors import PreceptorError
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from tests.applications.interview_support import coordinator
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    CoordinatorFactory,
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
    next_monday,
)

from .support import (
    Logged,
    assert_logged_once,
    assert_refused_without_a_log,
    entries_written_by,
    entry_ref,
)

pytestmark = pytest.mark.django_db

STATUS_CHANGED = "applications.application.status_changed"


def requested_twice_for(application):
    """A second request of `application`, for a later block."""
    return RotationRequestFactory(
        application=application, rank=2, rotation=RotationFactory(start_date=next_monday(8))
    )


def requested_twice():
    """A request waiting for its preceptor, beside another of the same application (so that
    answering one does not complete the placement)."""
    rotation_request = RotationRequestFactory()
    requested_twice_for(rotation_request.application)
    return rotation_request


def waitlisted(rotation, **kwargs):
    rotation_request = RotationRequestFactory(rotation=rotation, **kwargs)
    RotationRequest.objects.filter(pk=rotation_request.pk).update(
        status=RequestStatus.WAITLISTED, waitlisted_at=timezone.now()
    )
    return rotation_request


def confirmed(rotation, **kwargs):
    rotation_request = RotationRequestFactory(rotation=rotation, **kwargs)
    services.confirm_rotation_request(rotation_request=rotation_request, by=rotation.preceptor.user)
    return rotation_request


# --- placement ------------------------------------------------------------------------------


def choose_rotations():
    application = ApplicationFactory(status="confirmed")
    first, second = RotationFactory(), RotationFactory(start_date=next_monday(8))
    applicant = application.applicant
    return (
        lambda: services.choose_rotations(
            application=application, rotations=[first, second], by=applicant
        ),
        Logged(
            "rotations.request.chosen",
            by=applicant,
            target=application,
            person=applicant,
            data={"rotations": [first.pk, second.pk]},
        ),
    )


def choose_rotations_refused():
    application = ApplicationFactory(status="confirmed")
    return (
        lambda: services.choose_rotations(
            application=application,
            rotations=[RotationFactory(published=False)],
            by=application.applicant,
        ),
        services.PlacementError,
    )


def confirm_rotation_request():
    rotation_request = requested_twice()
    preceptor_user = rotation_request.rotation.preceptor.user
    return (
        lambda: services.confirm_rotation_request(
            rotation_request=rotation_request, by=preceptor_user
        ),
        Logged(
            "rotations.request.confirmed",
            by=preceptor_user,
            target=rotation_request,
            person=rotation_request.application.applicant,
            data={"rotation": rotation_request.rotation_id},
        ),
    )


def confirm_rotation_request_completing_the_placement():
    rotation_request = RotationRequestFactory()
    preceptor_user = rotation_request.rotation.preceptor.user
    return (
        lambda: services.confirm_rotation_request(
            rotation_request=rotation_request, by=preceptor_user
        ),
        Logged(
            "rotations.request.confirmed",
            by=preceptor_user,
            target=rotation_request,
            person=rotation_request.application.applicant,
            also=(STATUS_CHANGED,),  # confirmed -> enrolled
        ),
    )


def confirm_rotation_request_when_full():
    rotation = RotationFactory(capacity=1)
    confirmed(rotation)
    rotation_request = RotationRequestFactory(rotation=rotation)
    preceptor_user = rotation.preceptor.user
    return (
        lambda: services.confirm_rotation_request(
            rotation_request=rotation_request, by=preceptor_user
        ),
        Logged(
            "rotations.request.waitlisted",
            by=preceptor_user,
            target=rotation_request,
            person=rotation_request.application.applicant,
        ),
    )


def confirm_rotation_request_refused():
    rotation_request = RotationRequestFactory()
    RotationRequest.objects.filter(pk=rotation_request.pk).update(status=RequestStatus.CANCELLED)
    return (
        lambda: services.confirm_rotation_request(
            rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
        ),
        services.PlacementError,
    )


def decline_rotation_request():
    rotation_request = requested_twice()
    preceptor_user = rotation_request.rotation.preceptor.user
    return (
        lambda: services.decline_rotation_request(
            rotation_request=rotation_request, by=preceptor_user, reason="Away that month."
        ),
        Logged(
            "rotations.request.declined",
            by=preceptor_user,
            target=rotation_request,
            person=rotation_request.application.applicant,
            data={"reason": "Away that month.", "was_confirmed": False},
        ),
    )


def decline_rotation_request_refused():
    rotation_request = RotationRequestFactory()
    return (
        lambda: services.decline_rotation_request(
            rotation_request=rotation_request,
            by=rotation_request.rotation.preceptor.user,
            reason=" ",
        ),
        services.PlacementError,
    )


def cancel_rotation_request():
    rotation_request = requested_twice()
    applicant = rotation_request.application.applicant
    return (
        lambda: services.cancel_rotation_request(
            rotation_request=rotation_request, by=applicant, reason="Visa delayed."
        ),
        Logged(
            "rotations.request.cancelled",
            by=applicant,
            target=rotation_request,
            person=applicant,
            data={"reason": "Visa delayed.", "from": "requested"},
        ),
    )


def cancel_rotation_request_by_staff_promoting_the_waiting_list():
    rotation = RotationFactory(capacity=1)
    place = confirmed(rotation, application=requested_twice().application, rank=3)
    waitlisted(rotation)
    staff = CoordinatorFactory()
    return (
        lambda: services.cancel_rotation_request(
            rotation_request=place, by=staff, reason="Site closed."
        ),
        Logged(
            "rotations.request.cancelled",
            by=staff,
            target=place,
            person=place.application.applicant,
            # The place goes to the waiting list, which completes that applicant's placement.
            also=("rotations.request.promoted", STATUS_CHANGED),
            data={"from": "confirmed"},
        ),
    )


def cancel_rotation_request_refused():
    rotation_request = RotationRequestFactory()
    return (
        lambda: services.cancel_rotation_request(
            rotation_request=rotation_request, by=UserFactory()
        ),
        services.PlacementError,
    )


def finish_placement():
    rotation_request = RotationRequestFactory()
    services.confirm_rotation_request(
        rotation_request=requested_twice_for(rotation_request.application), by=None
    )
    application = rotation_request.application
    services.decline_rotation_request(
        rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user, reason="No."
    )
    applicant = application.applicant
    return (
        lambda: services.finish_placement(application=application, by=applicant),
        Logged(
            "rotations.placement.finished",
            by=applicant,
            target=application,
            person=applicant,
            also=(STATUS_CHANGED,),  # confirmed -> enrolled
        ),
    )


def finish_placement_refused():
    rotation_request = RotationRequestFactory()  # still waiting for its preceptor
    return (
        lambda: services.finish_placement(
            application=rotation_request.application, by=rotation_request.application.applicant
        ),
        services.PlacementError,
    )


# --- the catalogue ------------------------------------------------------------------------------


def save_rotation():
    rotation = RotationFactory(capacity=2)
    rotation.capacity = 3
    staff = coordinator()
    return (
        lambda: services.save_rotation(rotation=rotation, by=staff),
        Logged(
            "rotations.rotation.updated",
            by=staff,
            target=rotation,
            person=None,
            data={"changed": {"capacity": [2, 3]}},
        ),
    )


def save_rotation_refused():
    rotation = RotationFactory(capacity=1)
    confirmed(rotation)
    rotation.refresh_from_db()
    rotation.capacity = 0
    return (
        lambda: services.save_rotation(rotation=rotation, by=coordinator()),
        services.PlacementError,
    )


def create_rotation():
    preceptor = PreceptorFactory()
    staff = coordinator()
    return (
        lambda: services.create_rotation(
            specialty=SpecialtyFactory(),
            preceptor=preceptor,
            site=SiteFactory(),
            start_date=next_monday(6),
            capacity=2,
            published=False,
            by=staff,
        ),
        Logged(
            "rotations.rotation.created",
            by=staff,
            target=lambda rotation: rotation,
            person=None,
            data={"capacity": 2, "published": False},
        ),
    )


def create_rotation_refused():
    return (
        lambda: services.create_rotation(
            specialty=SpecialtyFactory(),
            preceptor=PreceptorFactory(),
            site=SiteFactory(),
            start_date=next_monday(6) + datetime.timedelta(days=1),  # a Tuesday
            capacity=2,
            published=False,
            by=coordinator(),
        ),
        services.PlacementError,
    )


def set_published():
    rotation = RotationFactory(published=False)
    staff = coordinator()
    return (
        lambda: services.set_published(
            rotations=[rotation, RotationFactory(published=True)], published=True, by=staff
        ),
        Logged(
            "rotations.rotation.published",
            by=staff,
            target=rotation,
            person=None,
            data={"published": True},
        ),
    )


def set_unpublished():
    rotation = RotationFactory(published=True)
    staff = coordinator()
    return (
        lambda: services.set_published(rotations=[rotation], published=False, by=staff),
        Logged("rotations.rotation.unpublished", by=staff, target=rotation, person=None),
    )


def set_published_refused():
    rotation = RotationFactory(published=False)
    return (
        lambda: services.set_published(rotations=[rotation], published=True, by=StaffFactory()),
        services.PlacementError,
    )


# --- preceptors ---------------------------------------------------------------------------------


def save_preceptor_created():
    user = UserFactory()
    staff = coordinator()
    preceptor = PreceptorFactory.build(user=user)
    return (
        lambda: preceptor_services.save_preceptor(
            preceptor=preceptor, by=staff, changed_fields=["user", "title"]
        ),
        Logged(
            "preceptors.preceptor.created",
            by=staff,
            target=preceptor,
            person=user,
            data={"fields": ["title", "user"]},
        ),
    )


def save_preceptor_updated():
    preceptor = PreceptorFactory()
    preceptor.title = "MD, FACP"
    staff = coordinator()
    return (
        lambda: preceptor_services.save_preceptor(
            preceptor=preceptor, by=staff, changed_fields=["title"]
        ),
        Logged(
            "preceptors.preceptor.updated",
            by=staff,
            target=preceptor,
            person=preceptor.user,
            data={"fields": ["title"]},
        ),
    )


def save_preceptor_granting_documents():
    preceptor = PreceptorFactory()
    preceptor.may_view_documents = True
    staff = coordinator()
    return (
        lambda: preceptor_services.save_preceptor(
            preceptor=preceptor, by=staff, changed_fields=["may_view_documents"]
        ),
        Logged(
            "preceptors.preceptor.documents_access_granted",
            by=staff,
            target=preceptor,
            person=preceptor.user,
            also=("preceptors.preceptor.updated",),
        ),
    )


def save_preceptor_revoking_documents():
    preceptor = PreceptorFactory(may_view_documents=True)
    preceptor.may_view_documents = False
    staff = coordinator()
    return (
        lambda: preceptor_services.save_preceptor(
            preceptor=preceptor, by=staff, changed_fields=["may_view_documents"]
        ),
        Logged(
            "preceptors.preceptor.documents_access_revoked",
            by=staff,
            target=preceptor,
            person=preceptor.user,
            also=("preceptors.preceptor.updated",),
        ),
    )


def save_preceptor_refused():
    applicant = ApplicantProfileFactory().user
    return (
        lambda: preceptor_services.save_preceptor(
            preceptor=PreceptorFactory.build(user=applicant),
            by=coordinator(),
            changed_fields=["user"],
        ),
        PreceptorError,
    )


def update_preceptor_profile():
    preceptor = PreceptorFactory()
    return (
        lambda: preceptor_services.update_preceptor_profile(
            preceptor=preceptor,
            by=preceptor.user,
            title="MD, PhD",
            affiliation=preceptor.affiliation,
            bio=preceptor.bio,
        ),
        Logged(
            "preceptors.preceptor.updated",
            by=preceptor.user,
            target=preceptor,
            person=preceptor.user,
            data={"fields": ["title"]},
        ),
    )


def update_preceptor_profile_refused():
    preceptor = PreceptorFactory()
    return (
        lambda: preceptor_services.update_preceptor_profile(
            preceptor=preceptor, by=UserFactory(), title="MD", affiliation="X", bio=""
        ),
        PreceptorError,
    )


SUCCEEDS = [
    choose_rotations,
    confirm_rotation_request,
    confirm_rotation_request_completing_the_placement,
    confirm_rotation_request_when_full,
    decline_rotation_request,
    cancel_rotation_request,
    cancel_rotation_request_by_staff_promoting_the_waiting_list,
    finish_placement,
    save_rotation,
    create_rotation,
    set_published,
    set_unpublished,
    save_preceptor_created,
    save_preceptor_updated,
    save_preceptor_granting_documents,
    save_preceptor_revoking_documents,
    update_preceptor_profile,
]

FAILS = [
    choose_rotations_refused,
    confirm_rotation_request_refused,
    decline_rotation_request_refused,
    cancel_rotation_request_refused,
    finish_placement_refused,
    save_rotation_refused,
    create_rotation_refused,
    set_published_refused,
    save_preceptor_refused,
    update_preceptor_profile_refused,
]


@pytest.mark.parametrize("case", SUCCEEDS, ids=lambda case: case.__name__)
def test_a_service_that_changes_something_logs_it_once(case):
    assert_logged_once(case)


@pytest.mark.parametrize("case", FAILS, ids=lambda case: case.__name__)
def test_a_service_that_refuses_logs_nothing(case):
    assert_refused_without_a_log(case)


def test_a_promotion_is_logged_against_the_promoted_request_by_whoever_freed_the_place():
    rotation = RotationFactory(capacity=1)
    place = confirmed(rotation)
    waiting = waitlisted(rotation)
    preceptor_user = rotation.preceptor.user

    _, written = entries_written_by(
        lambda: services.decline_rotation_request(
            rotation_request=place, by=preceptor_user, reason="Family emergency."
        )
    )

    promoted = next(e for e in written if e.verb == "rotations.request.promoted")
    assert (promoted.actor, entry_ref(promoted), promoted.person) == (
        preceptor_user,
        (RotationRequest, waiting.pk),
        waiting.application.applicant,
    )


def test_leaving_the_program_logs_each_request_released():
    rotation_request = requested_twice()
    application = rotation_request.application
    applicant = application.applicant
    _, written = entries_written_by(
        lambda: withdraw_application(application=application, by=applicant, reason="Other plans.")
    )

    released = [e for e in written if e.verb == "rotations.request.released"]
    assert sorted(entry_ref(e)[1] for e in released) == sorted(
        application.rotation_requests.values_list("pk", flat=True)
    )
    assert {(e.actor, e.person) for e in released} == {(applicant, applicant)}
    assert [e.verb for e in written if e not in released] == [STATUS_CHANGED]


def test_publishing_what_is_published_changes_and_logs_nothing():
    rotation = RotationFactory(published=True)

    count, written = entries_written_by(
        lambda: services.set_published(rotations=[rotation], published=True, by=coordinator())
    )

    assert (count, written) == (0, [])

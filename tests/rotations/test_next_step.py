"""The next step in the states rotations owns, as applications' next_step answers them
through the provider rotations registers (hmc_portal.next_steps): rotations to choose,
preceptors' answers pending, a rotation's waiting list, enrolled with the first day."""

import datetime

import pytest
from django.utils import timezone, translation

from applications.enums import ApplicationStatus
from applications.models import Application
from applications.selectors.next_step import next_step
from hmc_portal.dates import written
from hmc_portal.notifications.models import Notification
from rotations import services
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from tests.factories import RotationRequestFactory

pytestmark = pytest.mark.django_db


def step(application, **kwargs):
    with translation.override("en"):
        return next_step(application=application, **kwargs)


def test_rotations_registers_its_provider():
    from hmc_portal.next_steps import next_steps

    assert "rotations" in [p.name for p in next_steps.providers]


def test_after_accepting_the_offer_the_applicant_chooses_rotations(confirmed_application):
    answer = step(confirmed_application)

    assert answer.state == "rotations_to_choose"
    assert answer.sentence == (
        "You accepted your offer. Choose your rotations, in order of preference, from the "
        "live catalogue; each preceptor then confirms your place."
    )
    assert answer.badge == "Action needed: choose your rotations"
    assert answer.needs_action is True
    assert (answer.action_label, answer.action_url) == (
        "Choose your rotations",
        "/dashboard/rotations/",
    )


def test_chosen_rotations_wait_for_their_preceptors(confirmed_application, itinerary_rotations):
    services.choose_rotations(
        application=confirmed_application,
        rotations=list(itinerary_rotations),
        by=confirmed_application.applicant,
    )

    answer = step(confirmed_application)

    assert answer.state == "preceptors_pending"
    assert answer.sentence == (
        "2 of your rotations are waiting for their preceptors' answers; we email you as soon "
        "as each one answers. Once every rotation you chose is confirmed, you are enrolled."
    )
    assert answer.badge == "Waiting for preceptors"
    assert answer.needs_action is False


def test_a_rotations_waiting_list_is_said_as_such(confirmed_application):
    RotationRequestFactory(application=confirmed_application, status=RequestStatus.WAITLISTED)

    answer = step(confirmed_application)

    assert answer.state == "rotations_waitlisted"
    assert answer.badge == "On a rotation's waiting list"


def test_once_enrolled_the_first_day_is_the_next_step_and_the_enrolment_email_says_it(
    confirmed_application, itinerary_rotations
):
    first, second = itinerary_rotations
    first.preceptor.user.last_name = "Rivera"
    first.preceptor.user.first_name = "Ana"
    first.preceptor.user.save()
    services.choose_rotations(
        application=confirmed_application,
        rotations=[second, first],
        by=confirmed_application.applicant,
    )
    for rotation_request in RotationRequest.objects.all():
        services.confirm_rotation_request(
            rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
        )
    application = Application.objects.get(pk=confirmed_application.pk)
    assert application.status == ApplicationStatus.ENROLLED

    answer = step(application)

    with translation.override("en"):
        day = written(first.start_date, "date")
    assert answer.state == "enrolled_first_day"
    assert answer.sentence == (
        f"You are enrolled. Your first day is {day}: Internal Medicine with Dr. Ana Rivera "
        "at Ben Taub Hospital. Prepare your visa and travel now; we remind you a week before."
    )
    assert answer.when == first.start_date
    enrolment = Notification.objects.get(template="status_enrolled")
    assert enrolment.context["next_step"] == answer.sentence


def test_after_the_first_day_the_observership_is_under_way(confirmed_application):
    request = RotationRequestFactory(
        application=confirmed_application, status=RequestStatus.CONFIRMED
    )
    Application.objects.filter(pk=confirmed_application.pk).update(
        status=ApplicationStatus.ENROLLED
    )
    confirmed_application.refresh_from_db()
    later = timezone.now() + datetime.timedelta(
        days=(request.rotation.start_date - timezone.localdate()).days + 1
    )

    assert step(confirmed_application, now=later).state == "observership_under_way"


def test_other_states_are_left_to_applications(confirmed_application):
    Application.objects.filter(pk=confirmed_application.pk).update(
        status=ApplicationStatus.WAITLISTED
    )
    confirmed_application.refresh_from_db()

    assert step(confirmed_application).state == "waitlisted"


def test_an_enrolled_applicant_not_yet_cleared_is_sent_to_the_checklist():
    from tests.rotations.compliance_support import EvidenceFactory, RequirementFactory, placed

    rotation_request = placed(weeks_ahead=6)
    site = rotation_request.rotation.site
    signed = RequirementFactory(site=site, name="Confidentiality agreement")
    RequirementFactory(site=site, kind="hipaa", name="HIPAA training")
    application = rotation_request.application

    answer = step(application)

    assert answer.state == "enrolled_not_cleared"
    assert answer.needs_action is True
    assert answer.action_url == "/dashboard/compliance/"
    assert "the site needs 2 more things from you" in answer.sentence
    assert answer.when == rotation_request.rotation.start_date

    EvidenceFactory(application=application, requirement=signed)
    assert "the site needs one more thing from you" in step(application).sentence

    EvidenceFactory(application=application, requirement=site.requirements.get(kind="hipaa"))
    assert step(application).state == "enrolled_first_day"


def test_an_enrolled_applicant_whose_every_block_was_cancelled_is_not_told_it_is_under_way():
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    RotationRequestFactory(application=application, status="cancelled")

    answer = step(application)

    assert answer.state == "no_block_left"
    assert answer.sentence.startswith("No block of your plan is left: each one was cancelled.")


def test_after_the_last_block_the_applicant_is_told_what_follows():
    from tests.factories import ApplicationFactory, RotationFactory

    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=today.weekday(), weeks=6)
    RotationRequestFactory(
        application=application,
        status="confirmed",
        rotation=RotationFactory(start_date=start, end_date=start + datetime.timedelta(days=25)),
    )

    answer = step(application)

    assert answer.state == "blocks_over"
    assert "Your preceptors now confirm your attendance and write your evaluations" in (
        answer.sentence
    )

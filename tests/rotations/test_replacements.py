"""Replacement blocks: granted for a confirmed block the program cancelled (or released
after a visa refusal), chosen by the applicant even once enrolled, used when its preceptor
confirms (rotations.signals.replacement_confirmed, once), open again after a decline."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from applications.enums import ApplicationStatus
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import selectors, services
from rotations.enums import AllowanceStatus, CancelCause, RequestStatus
from rotations.models import ReplacementAllowance
from rotations.signals import replacement_confirmed
from tests.factories import (
    ApplicationFactory,
    CoordinatorFactory,
    ReviewerFactory,
    RotationRequestFactory,
    UserFactory,
)

from .replacement_support import block, confirmed_block, recording, waitlisted_for

pytestmark = pytest.mark.django_db


def program_cancelled(application=None, **kwargs):
    """A confirmed block of an enrolled application, cancelled by the program office."""
    application = application or ApplicationFactory(status=ApplicationStatus.ENROLLED)
    rotation_request = confirmed_block(application, **kwargs)
    services.cancel_rotation_request(
        rotation_request=rotation_request, by=CoordinatorFactory(), reason="Ward closed."
    )
    rotation_request.refresh_from_db()
    return rotation_request


def granted(application=None, **kwargs) -> ReplacementAllowance:
    return services.grant_replacement(
        rotation_request=program_cancelled(application, **kwargs), by=CoordinatorFactory()
    )


def confirm(rotation_request):
    return services.confirm_rotation_request(
        rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
    )


# --- granting ------------------------------------------------------------------------------


def test_granting_opens_an_allowance_logs_it_and_emails_the_link():
    cancelled = program_cancelled()
    coordinator = CoordinatorFactory()

    allowance = services.grant_replacement(rotation_request=cancelled, by=coordinator)

    assert (allowance.application_id, allowance.replaces_id) == (
        cancelled.application_id,
        cancelled.pk,
    )
    assert (allowance.cause, allowance.status, allowance.granted_by) == (
        CancelCause.PROGRAM,
        AllowanceStatus.OPEN,
        coordinator,
    )
    assert ActivityLog.objects.filter(verb="rotations.replacement.granted").count() == 1
    email = Notification.objects.get(template="rotation_replacement_granted")
    subject, text, html = render_notification(email)
    assert subject == "Choose your replacement block"
    assert "/dashboard/rotations/" in text
    assert "/dashboard/rotations/" in html
    assert cancelled.rotation.specialty.name in text


def test_granting_twice_returns_the_same_allowance_and_emails_once():
    cancelled = program_cancelled()

    first = services.grant_replacement(rotation_request=cancelled, by=CoordinatorFactory())
    second = services.grant_replacement(rotation_request=cancelled, by=CoordinatorFactory())

    assert first.pk == second.pk
    assert ReplacementAllowance.objects.count() == 1
    assert Notification.objects.filter(template="rotation_replacement_granted").count() == 1
    assert ActivityLog.objects.filter(verb="rotations.replacement.granted").count() == 1


def test_the_applicant_may_take_the_replacement_themselves():
    cancelled = program_cancelled()

    allowance = services.grant_replacement(
        rotation_request=cancelled, by=cancelled.application.applicant
    )

    assert allowance.status == AllowanceStatus.OPEN


def refused_grant(rotation_request, by=None, match="Only a confirmed block"):
    with pytest.raises(services.PlacementError, match=match):
        services.grant_replacement(rotation_request=rotation_request, by=by or CoordinatorFactory())
    assert ReplacementAllowance.objects.count() == 0
    assert not Notification.objects.filter(template="rotation_replacement_granted").exists()


def test_a_block_the_applicant_cancelled_gets_no_replacement():
    rotation_request = confirmed_block(ApplicationFactory(status=ApplicationStatus.CONFIRMED))
    services.cancel_rotation_request(
        rotation_request=rotation_request, by=rotation_request.application.applicant
    )

    refused_grant(rotation_request)


@pytest.mark.parametrize("cause", [CancelCause.NON_PAYMENT, CancelCause.APPLICANT])
def test_a_block_released_for_another_cause_gets_no_replacement(cause):
    rotation_request = confirmed_block(ApplicationFactory(status=ApplicationStatus.ENROLLED))
    services.cancel_rotation_request(
        rotation_request=rotation_request, by=CoordinatorFactory(), cause=cause
    )

    refused_grant(rotation_request)


def test_a_request_never_confirmed_or_still_active_gets_no_replacement():
    waiting = RotationRequestFactory(rotation=block())
    refused_grant(waiting)
    services.cancel_rotation_request(rotation_request=waiting, by=CoordinatorFactory())
    refused_grant(waiting)


def test_an_application_that_left_gets_no_replacement():
    cancelled = program_cancelled()
    cancelled.application.__class__.objects.filter(pk=cancelled.application_id).update(
        status=ApplicationStatus.WITHDRAWN
    )

    refused_grant(cancelled, match="no longer in the program")


@pytest.mark.parametrize("someone", [ReviewerFactory, UserFactory])
def test_nobody_else_grants(someone):
    refused_grant(program_cancelled(), by=someone(), match="Only the program office")


# --- choosing ------------------------------------------------------------------------------


def test_an_enrolled_applicant_chooses_as_many_replacements_as_allowances():
    allowance = granted()
    application = allowance.application
    first, second = block(), block()

    with pytest.raises(services.PlacementError, match="You can choose 1 replacement block."):
        services.choose_rotations(
            application=application, rotations=[first, second], by=application.applicant
        )
    [chosen] = services.choose_rotations(
        application=application, rotations=[first], by=application.applicant
    )

    assert chosen.replacement_for_id == allowance.pk
    assert selectors.replacement_slots(application_id=application.pk) == 0
    with pytest.raises(services.PlacementError, match="You are enrolled"):
        services.choose_rotations(
            application=application, rotations=[second], by=application.applicant
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ENROLLED


def test_an_enrolled_applicant_without_an_allowance_cannot_choose():
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    confirmed_block(application)

    with pytest.raises(services.PlacementError, match="You are enrolled"):
        services.choose_rotations(
            application=application, rotations=[block()], by=application.applicant
        )


def test_a_replacement_follows_the_catalogue_rules():
    allowance = granted()
    application = allowance.application
    unpublished = block(published=False)
    started = block()
    started.start_date = timezone.localdate()
    started.save()

    for rotation in (unpublished, started):
        with pytest.raises(services.PlacementError, match="not open for requests"):
            services.choose_rotations(
                application=application, rotations=[rotation], by=application.applicant
            )

    assert not application.rotation_requests.filter(replacement_for__isnull=False).exists()


def test_a_replacement_may_not_overlap_a_block_still_held():
    application = ApplicationFactory(status=ApplicationStatus.ENROLLED)
    kept = confirmed_block(application)
    granted(application, rank=2)
    overlapping = block()
    overlapping.start_date = kept.rotation.start_date
    overlapping.end_date = kept.rotation.end_date
    overlapping.save()

    with pytest.raises(services.PlacementError, match="overlap"):
        services.choose_rotations(
            application=application, rotations=[overlapping], by=application.applicant
        )


def test_a_confirmed_application_marks_its_first_choices_as_replacements():
    application = ApplicationFactory(status=ApplicationStatus.CONFIRMED)
    allowance = granted(application)
    first, second = block(), block()

    created = services.choose_rotations(
        application=application, rotations=[first, second], by=application.applicant
    )

    assert [r.replacement_for_id for r in created] == [allowance.pk, None]
    entry = ActivityLog.objects.get(verb="rotations.request.chosen")
    assert entry.data["replacements"] == [allowance.pk]


# --- using ---------------------------------------------------------------------------------


def chosen_replacement():
    allowance = granted()
    application = allowance.application
    [chosen] = services.choose_rotations(
        application=application, rotations=[block()], by=application.applicant
    )
    return allowance, chosen


def test_the_preceptor_confirming_uses_the_allowance_and_says_so_once():
    allowance, chosen = chosen_replacement()

    with recording(replacement_confirmed) as sent:
        confirm(chosen)

    allowance.refresh_from_db()
    assert (allowance.status, allowance.used_by_id) == (AllowanceStatus.USED, chosen.pk)
    assert allowance.used_at is not None
    assert len(sent) == 1
    assert sent[0]["rotation_request"].pk == chosen.pk
    assert sent[0]["allowance"].pk == allowance.pk
    assert sent[0]["by"] == chosen.rotation.preceptor.user
    assert ActivityLog.objects.filter(verb="rotations.replacement.used").count() == 1
    allowance.application.refresh_from_db()
    assert allowance.application.status == ApplicationStatus.ENROLLED


def test_a_replacement_promoted_from_the_waiting_list_uses_the_allowance():
    allowance = granted()
    full = block(capacity=1, confirmed_count=1)
    holder = RotationRequestFactory(
        rotation=full, status=RequestStatus.CONFIRMED, confirmed_at=timezone.now()
    )
    waiting = waitlisted_for(full, application=allowance.application, replacement_for=allowance)

    with recording(replacement_confirmed) as sent:
        services.cancel_rotation_request(rotation_request=holder, by=holder.application.applicant)

    waiting.refresh_from_db()
    allowance.refresh_from_db()
    assert waiting.status == RequestStatus.CONFIRMED
    assert (allowance.status, allowance.used_by_id) == (AllowanceStatus.USED, waiting.pk)
    assert [kwargs["rotation_request"].pk for kwargs in sent] == [waiting.pk]


def test_a_confirmed_request_that_is_no_replacement_sends_nothing():
    rotation_request = RotationRequestFactory(rotation=block())

    with recording(replacement_confirmed) as sent:
        confirm(rotation_request)

    assert sent == []


def test_a_declined_replacement_leaves_the_allowance_open_to_choose_again():
    allowance, chosen = chosen_replacement()
    application = allowance.application

    services.decline_rotation_request(
        rotation_request=chosen, by=chosen.rotation.preceptor.user, reason="On leave."
    )

    allowance.refresh_from_db()
    assert allowance.status == AllowanceStatus.OPEN
    assert selectors.replacement_slots(application_id=application.pk) == 1
    [again] = services.choose_rotations(
        application=application, rotations=[block()], by=application.applicant
    )
    assert again.replacement_for_id == allowance.pk


def test_a_cancelled_replacement_leaves_the_allowance_open():
    allowance, chosen = chosen_replacement()

    services.cancel_rotation_request(rotation_request=chosen, by=CoordinatorFactory())

    allowance.refresh_from_db()
    assert allowance.status == AllowanceStatus.OPEN
    assert selectors.replacement_slots(application_id=allowance.application_id) == 1


# --- withdrawing ---------------------------------------------------------------------------


def test_staff_withdraw_an_open_allowance_and_the_applicant_is_told():
    allowance = granted()

    services.withdraw_replacement(allowance=allowance, by=CoordinatorFactory())

    allowance.refresh_from_db()
    assert allowance.status == AllowanceStatus.WITHDRAWN
    assert selectors.replacement_slots(application_id=allowance.application_id) == 0
    assert Notification.objects.filter(template="rotation_replacement_withdrawn").count() == 1
    assert ActivityLog.objects.filter(verb="rotations.replacement.withdrawn").count() == 1
    with pytest.raises(services.PlacementError, match="withdrawn already"):
        services.withdraw_replacement(allowance=allowance, by=CoordinatorFactory())


def test_withdrawing_is_refused_while_a_replacement_waits_or_to_others():
    allowance, _chosen = chosen_replacement()

    with pytest.raises(services.PlacementError, match="cancel that request first"):
        services.withdraw_replacement(allowance=allowance, by=CoordinatorFactory())
    for someone in (ReviewerFactory(), allowance.application.applicant):
        with pytest.raises(services.PlacementError, match="Only the program office"):
            services.withdraw_replacement(allowance=allowance, by=someone)

    allowance.refresh_from_db()
    assert allowance.status == AllowanceStatus.OPEN


def test_the_database_refuses_a_used_allowance_without_its_request():
    allowance = granted()
    allowance.status = AllowanceStatus.USED
    with pytest.raises(IntegrityError):
        allowance.save()

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import StatusChange
from hmc_portal.notifications.delivery import render_notification
from hmc_portal.notifications.models import Notification
from rotations import selectors, services
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import (
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
from tests.support.lifecycle import allowed_actor

pytestmark = pytest.mark.django_db


def keys() -> list[str]:
    return sorted(Notification.objects.values_list("dedupe_key", flat=True))


def confirm(rotation_request):
    return services.confirm_rotation_request(
        rotation_request=rotation_request, by=rotation_request.rotation.preceptor.user
    )


def waitlisted_request(rotation, **kwargs):
    rotation_request = RotationRequestFactory(rotation=rotation, **kwargs)
    rotation_request.status = RequestStatus.WAITLISTED
    rotation_request.waitlisted_at = timezone.now()
    rotation_request.save()
    return rotation_request


# --- choosing ------------------------------------------------------------------------------


def test_choose_rotations_creates_ranked_requests_and_emails_each_preceptor_a_link(
    confirmed_application, itinerary_rotations
):
    first, second = itinerary_rotations
    applicant = confirmed_application.applicant

    created = services.choose_rotations(
        application=confirmed_application, rotations=[second, first], by=applicant
    )

    assert [(r.rotation, r.rank, r.status) for r in created] == [
        (second, 1, RequestStatus.REQUESTED),
        (first, 2, RequestStatus.REQUESTED),
    ]
    emails = Notification.objects.filter(template="rotation_request_preceptor").order_by("pk")
    assert [n.to_email for n in emails] == [
        second.preceptor.user.email,
        first.preceptor.user.email,
    ]
    assert "/preceptor/respond/" in emails[0].context["link_url"]
    assert emails[0].context["applicant_name"] == applicant.display_name


def test_choices_after_the_first_are_ranked_after_them(confirmed_application, itinerary_rotations):
    first, second = itinerary_rotations
    applicant = confirmed_application.applicant
    services.choose_rotations(application=confirmed_application, rotations=[first], by=applicant)

    [later] = services.choose_rotations(
        application=confirmed_application, rotations=[second], by=applicant
    )

    assert later.rank == 2


def test_overlapping_dates_are_refused(confirmed_application):
    monday = next_monday(4)
    one = RotationFactory(start_date=monday, end_date=monday + datetime.timedelta(days=25))
    other = RotationFactory(
        start_date=monday + datetime.timedelta(days=14),
        end_date=monday + datetime.timedelta(days=39),
    )

    with pytest.raises(services.PlacementError, match="overlap"):
        services.choose_rotations(
            application=confirmed_application,
            rotations=[one, other],
            by=confirmed_application.applicant,
        )

    assert RotationRequest.objects.count() == 0


def test_overlap_with_an_earlier_choice_is_refused(confirmed_application):
    monday = next_monday(4)
    one = RotationFactory(start_date=monday, end_date=monday + datetime.timedelta(days=25))
    same_dates = RotationFactory(start_date=monday, end_date=monday + datetime.timedelta(days=25))
    applicant = confirmed_application.applicant
    services.choose_rotations(application=confirmed_application, rotations=[one], by=applicant)

    with pytest.raises(services.PlacementError, match="overlap"):
        services.choose_rotations(
            application=confirmed_application, rotations=[same_dates], by=applicant
        )


def test_more_choices_than_the_setting_allows_are_refused(confirmed_application, settings):
    settings.MAX_ROTATION_CHOICES = 2
    rotations = [
        RotationFactory(
            start_date=next_monday(4 * i + 4),
            end_date=next_monday(4 * i + 4) + datetime.timedelta(days=25),
        )
        for i in range(3)
    ]

    with pytest.raises(services.PlacementError, match="up to 2 rotations"):
        services.choose_rotations(
            application=confirmed_application,
            rotations=rotations,
            by=confirmed_application.applicant,
        )


@pytest.mark.parametrize("status", ["accepted", "withdrawn", "submitted"])
def test_only_an_application_that_took_its_offer_chooses(status):
    application = ApplicationFactory(status=status)

    with pytest.raises(services.PlacementError, match="accepted your offer"):
        services.choose_rotations(
            application=application, rotations=[RotationFactory()], by=application.applicant
        )


def test_unpublished_and_started_rotations_cannot_be_chosen(confirmed_application):
    unpublished = RotationFactory(published=False)
    started = RotationFactory(
        start_date=next_monday(-1), end_date=next_monday(-1) + datetime.timedelta(days=25)
    )

    for rotation in (unpublished, started):
        with pytest.raises(services.PlacementError, match="not open for requests"):
            services.choose_rotations(
                application=confirmed_application,
                rotations=[rotation],
                by=confirmed_application.applicant,
            )


def test_someone_else_cannot_choose_for_the_applicant(confirmed_application):
    with pytest.raises(services.PlacementError, match="Only the applicant"):
        services.choose_rotations(
            application=confirmed_application, rotations=[RotationFactory()], by=UserFactory()
        )


def test_the_same_rotation_twice_is_refused(confirmed_application):
    rotation = RotationFactory()
    applicant = confirmed_application.applicant
    services.choose_rotations(application=confirmed_application, rotations=[rotation], by=applicant)

    with pytest.raises(services.PlacementError, match="already"):
        services.choose_rotations(
            application=confirmed_application, rotations=[rotation], by=applicant
        )


# --- confirming and the waiting list --------------------------------------------------------


def test_confirm_takes_a_free_place_and_emails_the_applicant():
    rotation_request = RotationRequestFactory(rotation=RotationFactory(capacity=1))

    result = confirm(rotation_request)

    rotation_request.refresh_from_db()
    assert (
        rotation_request.status,
        rotation_request.responded_by,
        rotation_request.link_nonce,
    ) == (
        RequestStatus.CONFIRMED,
        rotation_request.rotation.preceptor.user,
        "",
    )
    assert Rotation.objects.get().confirmed_count == 1
    assert result.status == RequestStatus.CONFIRMED
    assert f"rotation_request:{rotation_request.pk}:confirmed" in keys()


def test_confirm_on_a_full_rotation_waitlists_and_says_so():
    rotation = RotationFactory(capacity=1)
    confirm(RotationRequestFactory(rotation=rotation))
    second = RotationRequestFactory(rotation=rotation)

    result = confirm(second)

    assert result.status == RequestStatus.WAITLISTED
    assert Rotation.objects.get().confirmed_count == 1
    waitlisted = Notification.objects.get(dedupe_key=f"rotation_request:{second.pk}:waitlisted")
    assert waitlisted.template == "rotation_request_waitlisted"
    assert waitlisted.to_email == second.application.applicant.email


def test_a_request_is_answered_once():
    rotation_request = RotationRequestFactory()
    confirm(rotation_request)

    with pytest.raises(services.PlacementError, match="confirmed already"):
        confirm(rotation_request)


def test_enrolment_when_every_choice_is_confirmed(confirmed_application, itinerary_rotations):
    first, second = itinerary_rotations
    applicant = confirmed_application.applicant
    one, two = services.choose_rotations(
        application=confirmed_application, rotations=[first, second], by=applicant
    )

    confirm(one)
    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.CONFIRMED

    confirm(two)

    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.ENROLLED
    change = StatusChange.objects.get(application=confirmed_application, to_status="enrolled")
    assert change.from_status == "confirmed"
    assert change.by == second.preceptor.user
    email = Notification.objects.get(template="status_enrolled")
    assert email.to_email == applicant.email
    assert email.context["itinerary"] == [
        f"Internal Medicine: {selectors.date_range(first)}, with {first.preceptor} "
        "at Ben Taub Hospital, 1504 Ben Taub Loop",
        f"Cardiology: {selectors.date_range(second)}, with {second.preceptor} "
        f"at {second.site.name}, {second.site.address}",
    ]
    _subject, text, _html = render_notification(email)
    assert email.context["itinerary"][0] in text


def test_no_enrolment_while_a_choice_is_waitlisted(confirmed_application, itinerary_rotations):
    first, second = itinerary_rotations
    second.capacity = 1
    second.save()
    confirm(RotationRequestFactory(rotation=second))
    one, two = services.choose_rotations(
        application=confirmed_application,
        rotations=[first, second],
        by=confirmed_application.applicant,
    )

    confirm(one)
    confirm(two)

    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.CONFIRMED
    assert RotationRequest.objects.get(pk=two.pk).status == RequestStatus.WAITLISTED


# --- declining ------------------------------------------------------------------------------


def test_decline_needs_a_reason_and_emails_it_to_the_applicant():
    rotation_request = RotationRequestFactory()
    preceptor_user = rotation_request.rotation.preceptor.user

    with pytest.raises(services.PlacementError, match="reason"):
        services.decline_rotation_request(
            rotation_request=rotation_request, by=preceptor_user, reason="  "
        )
    services.decline_rotation_request(
        rotation_request=rotation_request, by=preceptor_user, reason="Away in May."
    )

    rotation_request.refresh_from_db()
    assert (rotation_request.status, rotation_request.decline_reason) == (
        RequestStatus.DECLINED,
        "Away in May.",
    )
    email = Notification.objects.get(dedupe_key=f"rotation_request:{rotation_request.pk}:declined")
    assert email.context["decline_reason"] == "Away in May."


def test_declining_a_confirmed_observer_promotes_the_first_waitlisted():
    rotation = RotationFactory(capacity=1)
    confirmed = RotationRequestFactory(rotation=rotation)
    confirm(confirmed)
    first_in_line = waitlisted_request(rotation)
    waitlisted_request(rotation)

    services.decline_rotation_request(
        rotation_request=confirmed, by=rotation.preceptor.user, reason="Family emergency."
    )

    statuses = dict(RotationRequest.objects.values_list("pk", "status"))
    assert statuses[confirmed.pk] == RequestStatus.DECLINED
    assert statuses[first_in_line.pk] == RequestStatus.CONFIRMED
    assert sorted(statuses.values()) == ["confirmed", "declined", "waitlisted"]
    assert Rotation.objects.get().confirmed_count == 1
    assert f"rotation_request:{first_in_line.pk}:promoted" in keys()
    assert f"rotation_request:{first_in_line.pk}:promoted:preceptor" in keys()


# --- cancelling -----------------------------------------------------------------------------


def test_cancel_frees_the_place_for_the_first_waitlisted_and_emails_both_sides():
    rotation = RotationFactory(capacity=1)
    confirmed = RotationRequestFactory(rotation=rotation)
    confirm(confirmed)
    later = waitlisted_request(rotation)
    earlier = waitlisted_request(rotation)
    RotationRequest.objects.filter(pk=earlier.pk).update(
        waitlisted_at=later.waitlisted_at - datetime.timedelta(hours=1)
    )
    applicant = confirmed.application.applicant

    services.cancel_rotation_request(
        rotation_request=confirmed, by=applicant, reason="Visa delayed."
    )

    statuses = dict(RotationRequest.objects.values_list("pk", "status"))
    assert statuses == {
        confirmed.pk: RequestStatus.CANCELLED,
        earlier.pk: RequestStatus.CONFIRMED,
        later.pk: RequestStatus.WAITLISTED,
    }
    assert Rotation.objects.get().confirmed_count == 1
    to_preceptor = Notification.objects.get(dedupe_key=f"rotation_request:{confirmed.pk}:cancelled")
    assert to_preceptor.to_email == rotation.preceptor.user.email
    assert to_preceptor.context["promoted_name"] == earlier.application.applicant.display_name
    promoted = Notification.objects.get(dedupe_key=f"rotation_request:{earlier.pk}:promoted")
    assert promoted.to_email == earlier.application.applicant.email
    # The applicant cancelled herself: no email tells her what she did.
    assert f"rotation_request:{confirmed.pk}:cancelled:applicant" not in keys()


def test_promotion_enrols_the_promoted_applicant_when_it_was_their_last_choice():
    rotation = RotationFactory(capacity=1)
    confirmed = RotationRequestFactory(rotation=rotation)
    confirm(confirmed)
    waiting = waitlisted_request(rotation)

    services.cancel_rotation_request(rotation_request=confirmed, by=CoordinatorFactory())

    waiting.application.refresh_from_db()
    assert waiting.application.status == ApplicationStatus.ENROLLED


def test_staff_cancel_tells_the_applicant_too():
    rotation_request = RotationRequestFactory()

    services.cancel_rotation_request(
        rotation_request=rotation_request, by=CoordinatorFactory(), reason="Site closed."
    )

    email = Notification.objects.get(
        dedupe_key=f"rotation_request:{rotation_request.pk}:cancelled:applicant"
    )
    assert email.to_email == rotation_request.application.applicant.email
    assert email.context["reason"] == "Site closed."


def test_cancelling_the_last_pending_choice_enrols_with_the_confirmed_ones(
    confirmed_application, itinerary_rotations
):
    first, second = itinerary_rotations
    applicant = confirmed_application.applicant
    one, two = services.choose_rotations(
        application=confirmed_application, rotations=[first, second], by=applicant
    )
    confirm(one)

    services.cancel_rotation_request(rotation_request=two, by=applicant)

    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.ENROLLED


def test_someone_else_cannot_cancel():
    rotation_request = RotationRequestFactory()

    with pytest.raises(services.PlacementError, match="Only the applicant"):
        services.cancel_rotation_request(rotation_request=rotation_request, by=UserFactory())


def test_release_cancels_every_active_request_and_promotes_waitlists():
    rotation = RotationFactory(capacity=1)
    leaving = RotationRequestFactory(rotation=rotation)
    confirm(leaving)
    other = RotationRequestFactory(application=leaving.application, rank=2)
    waiting = waitlisted_request(rotation)

    count = services.release_requests_for_application(application=leaving.application, by=None)

    assert count == 2
    statuses = dict(RotationRequest.objects.values_list("pk", "status"))
    assert statuses == {
        leaving.pk: RequestStatus.CANCELLED,
        other.pk: RequestStatus.CANCELLED,
        waiting.pk: RequestStatus.CONFIRMED,
    }
    assert f"rotation_request:{other.pk}:cancelled" in keys()
    assert f"rotation_request:{leaving.pk}:cancelled:applicant" not in keys()


def test_finish_placement_enrols_with_the_confirmed_rotations_after_a_decline(
    confirmed_application, itinerary_rotations
):
    first, second = itinerary_rotations
    applicant = confirmed_application.applicant
    one, two = services.choose_rotations(
        application=confirmed_application, rotations=[first, second], by=applicant
    )
    confirm(one)
    services.decline_rotation_request(
        rotation_request=two, by=second.preceptor.user, reason="Full."
    )
    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.CONFIRMED

    services.finish_placement(application=confirmed_application, by=applicant)

    confirmed_application.refresh_from_db()
    assert confirmed_application.status == ApplicationStatus.ENROLLED


def test_finish_placement_is_refused_while_a_choice_waits(confirmed_application):
    services.choose_rotations(
        application=confirmed_application,
        rotations=[RotationFactory()],
        by=confirmed_application.applicant,
    )

    with pytest.raises(services.PlacementError, match="at least one rotation is confirmed"):
        services.finish_placement(
            application=confirmed_application, by=confirmed_application.applicant
        )


# --- the catalogue --------------------------------------------------------------------------


def test_the_database_refuses_more_confirmed_than_places():
    rotation = RotationFactory(capacity=3)

    with pytest.raises(IntegrityError, match="rotation_not_overbooked"):
        Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=4)


def test_a_rotation_series_is_consecutive_4_week_blocks_and_can_be_run_twice():
    preceptor = PreceptorFactory()
    specialty, site = SpecialtyFactory(), SiteFactory()
    first_day = datetime.date(2031, 3, 5)  # a Wednesday

    created = services.create_rotation_series(
        preceptor=preceptor,
        specialty=specialty,
        site=site,
        first_day=first_day,
        last_day=datetime.date(2031, 6, 30),
        capacity=3,
        published=True,
    )
    again = services.create_rotation_series(
        preceptor=preceptor,
        specialty=specialty,
        site=site,
        first_day=first_day,
        last_day=datetime.date(2031, 6, 30),
        capacity=3,
        published=True,
    )

    assert [(r.start_date, r.end_date) for r in created] == [
        (datetime.date(2031, 3, 10), datetime.date(2031, 4, 4)),
        (datetime.date(2031, 4, 7), datetime.date(2031, 5, 2)),
        (datetime.date(2031, 5, 5), datetime.date(2031, 5, 30)),
        (datetime.date(2031, 6, 2), datetime.date(2031, 6, 27)),
    ]
    assert all(r.start_date.weekday() == 0 and r.end_date.weekday() == 4 for r in created)
    assert again == []
    assert Rotation.objects.count() == 4


def test_raising_the_places_promotes_the_waiting_list():
    rotation = RotationFactory(capacity=1)
    confirm(RotationRequestFactory(rotation=rotation))
    waiting = waitlisted_request(rotation)
    rotation = Rotation.objects.get()

    rotation.capacity = 2
    services.save_rotation(rotation=rotation, by=StaffFactory())

    assert RotationRequest.objects.get(pk=waiting.pk).status == RequestStatus.CONFIRMED
    assert Rotation.objects.get().confirmed_count == 2


def test_lowering_the_places_below_the_confirmed_count_is_refused():
    rotation = RotationFactory(capacity=2)
    confirm(RotationRequestFactory(rotation=rotation))
    confirm(RotationRequestFactory(rotation=rotation))
    rotation = Rotation.objects.get()

    rotation.capacity = 1
    with pytest.raises(services.PlacementError, match="2 observers are confirmed"):
        services.save_rotation(rotation=rotation, by=StaffFactory())

    assert Rotation.objects.get().capacity == 2


def test_a_request_of_an_application_that_left_the_program_is_not_confirmed():
    rotation_request = RotationRequestFactory(application__status="withdrawn")

    with pytest.raises(services.PlacementError, match="no longer in the program"):
        confirm(rotation_request)

    assert RotationRequest.objects.get().status == RequestStatus.REQUESTED
    assert Rotation.objects.get().confirmed_count == 0


def test_promotion_skips_an_application_that_left_the_program():
    rotation = RotationFactory(capacity=1)
    confirmed = RotationRequestFactory(rotation=rotation)
    confirm(confirmed)
    gone = waitlisted_request(rotation, application__status="withdrawn")
    staying = waitlisted_request(rotation)

    services.cancel_rotation_request(rotation_request=confirmed, by=CoordinatorFactory())

    statuses = dict(RotationRequest.objects.values_list("pk", "status"))
    assert (statuses[gone.pk], statuses[staying.pk]) == (
        RequestStatus.WAITLISTED,
        RequestStatus.CONFIRMED,
    )


def test_withdrawing_gives_back_the_place_and_promotes_the_waiting_list():
    from applications.services import withdraw_application

    rotation = RotationFactory(capacity=1)
    leaving = RotationRequestFactory(rotation=rotation)
    unanswered = RotationRequestFactory(application=leaving.application, rank=2)
    confirm(leaving)  # one of two answered: still `confirmed`, not yet enrolled
    waiting = waitlisted_request(rotation)

    withdraw_application(
        application=leaving.application,
        by=leaving.application.applicant,
        reason="I matched early.",
    )

    statuses = dict(RotationRequest.objects.values_list("pk", "status"))
    assert statuses == {
        leaving.pk: RequestStatus.CANCELLED,
        unanswered.pk: RequestStatus.CANCELLED,
        waiting.pk: RequestStatus.CONFIRMED,
    }
    assert f"rotation_request:{waiting.pk}:promoted" in keys()


@pytest.mark.parametrize("to", [ApplicationStatus.WITHDRAWN, ApplicationStatus.ENROLLED])
def test_only_leaving_the_program_releases_requests(to):
    from applications.services import transition_application

    rotation_request = RotationRequestFactory()
    RotationRequestFactory(application=rotation_request.application, rank=2)
    confirm(rotation_request)

    application = rotation_request.application
    transition_application(
        application=application, to=to, by=None, actor=allowed_actor(application, to), note="x"
    )

    rotation_request.refresh_from_db()
    expected = (
        RequestStatus.CANCELLED if to == ApplicationStatus.WITHDRAWN else RequestStatus.CONFIRMED
    )
    assert rotation_request.status == expected

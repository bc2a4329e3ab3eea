"""Staff see who is late: the block follow-up list with its "late" filter, and the
evaluations; both read-only. A coordinator may reopen a completion made in error."""

import pytest

from applications import services as application_services
from applications.models import StatusChange
from hmc_portal.notifications.models import Notification
from tests.factories import CoordinatorFactory, UserFactory
from tests.rotations.attendance_support import attend, block, evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_late_filter_lists_ended_blocks_missing_attendance_or_final_evaluation(admin_client):
    no_evaluation = block(weeks_ago=6)
    attend(no_evaluation)
    no_attendance = block(weeks_ago=7)
    evaluate(no_attendance)
    done = block(weeks_ago=8)
    attend(done)
    evaluate(done)
    running = block(weeks_ago=1)
    block(weeks_ago=-2)  # not started: not followed up yet

    late = admin_client.get("/admin/rotations/blockfollowup/?late=yes")
    on_time = admin_client.get("/admin/rotations/blockfollowup/?late=no")

    assert {r.pk for r in late.context["cl"].result_list} == {no_evaluation.pk, no_attendance.pk}
    assert {r.pk for r in on_time.context["cl"].result_list} == {done.pk, running.pk}
    page = late.content.decode()
    assert "not confirmed" in page  # the attendance column of the one without


def test_the_follow_up_list_has_a_bounded_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for weeks in range(3):
        attend(block(weeks_ago=5 + 5 * weeks))

    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/rotations/blockfollowup/")

    assert len(response.context["cl"].result_list) == 3


def test_evaluations_are_listed_and_shown_read_only(admin_client):
    ended = block(weeks_ago=6)
    evaluation = evaluate(ended)

    listing = admin_client.get("/admin/rotations/evaluation/")
    page = admin_client.get(f"/admin/rotations/evaluation/{evaluation.pk}/change/")

    assert [e.pk for e in listing.context["cl"].result_list] == [evaluation.pk]
    assert "Present cases more concisely." in page.content.decode()
    assert 'name="_save"' not in page.content.decode()


def test_a_coordinator_reopens_a_completion_without_an_email():
    ended = block(weeks_ago=6)
    attend(ended)
    evaluate(ended)
    application = ended.application
    application.refresh_from_db()
    assert application.status == "completed"
    emails_before = Notification.objects.count()

    application_services.change_status(
        application=application, to="enrolled", by=CoordinatorFactory(), note="In error."
    )

    application.refresh_from_db()
    assert application.status == "enrolled"
    change = StatusChange.objects.filter(application=application).latest()
    assert (change.from_status, change.to_status) == ("completed", "enrolled")
    assert Notification.objects.count() == emails_before


def test_the_completed_applications_page_offers_reopen_completion(admin_client):
    ended = block(weeks_ago=6)
    attend(ended)
    evaluate(ended)
    url = f"/admin/applications/application/{ended.application_id}/"

    page = admin_client.get(url + "change/").content.decode()
    confirm = admin_client.get(url + "move/enrolled/").content.decode()

    assert "Reopen completion" in page
    assert ">Enrol<" not in page
    assert "Reopen completion" in confirm

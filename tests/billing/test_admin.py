"""The fee schedule in admin: coordinators edit a future version, nobody edits one in force,
reviewers only look, and "Copy as a new version" starts the next version."""

import datetime

import pytest
from django.utils import timezone

from billing.models import FeeBlockPrice, FeeDiscount, FeeSchedule
from hmc_portal.audit.models import ActivityLog
from tests.audit.support import admin_form_data
from tests.factories import CoordinatorFactory, ReviewerFactory, SpecialtyFactory, UserFactory

from .factories import FeeBlockPriceFactory, FeeDiscountFactory, FeeScheduleFactory

pytestmark = pytest.mark.django_db

# What the list of schedules reads, however many rows it shows.
QUERIES = 8


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def coordinator_client(client):
    client.force_login(CoordinatorFactory())
    return client


def change_url(schedule):
    return f"/admin/billing/feeschedule/{schedule.pk}/change/"


def test_a_schedule_in_force_is_shown_read_only_with_the_way_forward(coordinator_client):
    schedule = FeeScheduleFactory(valid_from=days_from_today(0), block_price=150000)
    FeeBlockPriceFactory(schedule=schedule, specialty=SpecialtyFactory(name="Surgery"))

    response = coordinator_client.get(change_url(schedule))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="block_price"' not in html
    assert 'name="_save"' not in html
    assert "Make a new version from a later date" in html
    assert "Surgery" in html
    assert f"/admin/billing/feeschedule/{schedule.pk}/copy/" in html


def test_posting_to_a_schedule_in_force_changes_nothing(coordinator_client):
    future = FeeScheduleFactory(valid_from=days_from_today(10), block_price=150000)
    data = admin_form_data(coordinator_client.get(change_url(future)), block_price="1")
    schedule = FeeScheduleFactory(valid_from=days_from_today(-1), block_price=150000)

    response = coordinator_client.post(change_url(schedule), data)

    assert response.status_code == 403
    schedule.refresh_from_db()
    assert schedule.block_price == 150000
    assert ActivityLog.objects.count() == 0


def test_a_coordinator_edits_a_future_schedule_with_its_prices_and_discounts(coordinator_client):
    schedule = FeeScheduleFactory(valid_from=days_from_today(30), block_price=150000)
    discount = FeeDiscountFactory(schedule=schedule, from_block=2, value=10)
    specialty = SpecialtyFactory(name="Surgery")
    data = admin_form_data(
        coordinator_client.get(change_url(schedule)),
        block_price="160000",
        **{
            "discounts-0-value": "12",
            "block_prices-TOTAL_FORMS": "1",
            "block_prices-0-specialty": str(specialty.pk),
            "block_prices-0-price": "190000",
            "block_prices-0-schedule": str(schedule.pk),
        },
    )

    response = coordinator_client.post(change_url(schedule), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    schedule.refresh_from_db()
    discount.refresh_from_db()
    assert schedule.block_price == 160000
    assert discount.value == 12
    assert list(FeeBlockPrice.objects.values_list("specialty", "price")) == [(specialty.pk, 190000)]
    assert set(ActivityLog.objects.values_list("verb", flat=True)) == {
        "billing.feeschedule.updated"
    }


def test_moving_a_future_schedule_to_today_is_a_form_error(coordinator_client):
    schedule = FeeScheduleFactory(valid_from=days_from_today(30))
    data = admin_form_data(
        coordinator_client.get(change_url(schedule)), valid_from=days_from_today(0).isoformat()
    )

    response = coordinator_client.post(change_url(schedule), data)

    assert response.status_code == 200
    assert "from tomorrow at the earliest" in str(response.context["adminform"].form.errors)
    schedule.refresh_from_db()
    assert schedule.valid_from == days_from_today(30)


def test_a_reviewer_sees_schedules_but_cannot_change_or_copy_them(client):
    client.force_login(ReviewerFactory())
    schedule = FeeScheduleFactory(valid_from=days_from_today(30))

    page = client.get(change_url(schedule))
    copy = client.get(f"/admin/billing/feeschedule/{schedule.pk}/copy/")

    assert page.status_code == 200
    assert 'name="block_price"' not in page.content.decode()
    assert copy.status_code == 403


def test_the_list_says_which_version_is_in_force(coordinator_client):
    FeeScheduleFactory(name="Old", valid_from=days_from_today(-400))
    FeeScheduleFactory(name="Current", valid_from=days_from_today(-10))
    FeeScheduleFactory(name="Next", valid_from=days_from_today(50))

    response = coordinator_client.get("/admin/billing/feeschedule/")

    rows = [
        (row.name, response.context["cl"].model_admin.state(row))
        for row in response.context["cl"].result_list
    ]
    assert rows == [
        ("Next", "Future: can be edited"),
        ("Current", "In force"),
        ("Old", "Past"),
    ]


def test_copy_action_then_form_makes_the_next_version(coordinator_client):
    source = FeeScheduleFactory(name="2027", valid_from=days_from_today(-10))
    FeeDiscountFactory(schedule=source, from_block=3, value=15)

    action = coordinator_client.post(
        "/admin/billing/feeschedule/",
        {"action": "copy_as_new_version", "_selected_action": [source.pk]},
    )
    assert action.status_code == 302
    assert action["Location"] == f"/admin/billing/feeschedule/{source.pk}/copy/"
    form = coordinator_client.get(action["Location"])
    assert form.context["form"]["valid_from"].value() == days_from_today(1)

    start = days_from_today(60)
    response = coordinator_client.post(action["Location"], {"valid_from": start.isoformat()})

    copy = FeeSchedule.objects.get(valid_from=start)
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert list(FeeDiscount.objects.filter(schedule=copy).values_list("from_block", "value")) == [
        (3, 15)
    ]
    assert list(ActivityLog.objects.values_list("verb", flat=True)) == [
        "billing.feeschedule.copied"
    ]


def test_copy_to_a_past_date_is_a_form_error(coordinator_client):
    source = FeeScheduleFactory(valid_from=days_from_today(-10))

    response = coordinator_client.post(
        f"/admin/billing/feeschedule/{source.pk}/copy/",
        {"valid_from": days_from_today(0).isoformat()},
    )

    assert response.status_code == 200
    assert "from tomorrow at the earliest" in str(response.context["form"].errors)
    assert FeeSchedule.objects.count() == 1


def test_the_copy_action_needs_exactly_one_schedule(coordinator_client):
    schedules = [FeeScheduleFactory(), FeeScheduleFactory()]

    response = coordinator_client.post(
        "/admin/billing/feeschedule/",
        {"action": "copy_as_new_version", "_selected_action": [s.pk for s in schedules]},
        follow=True,
    )

    assert "Choose one schedule to copy." in response.content.decode()
    assert FeeSchedule.objects.count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_reads_the_same_number_of_queries_for_1_or_3_schedules(
    coordinator_client, count, django_assert_num_queries
):
    for days in range(count):
        FeeScheduleFactory(valid_from=days_from_today(-10 * days))
    coordinator_client.get("/admin/billing/feeschedule/")

    with django_assert_num_queries(QUERIES):
        response = coordinator_client.get("/admin/billing/feeschedule/")

    assert len(response.context["cl"].result_list) == count


def test_a_superuser_deletes_a_future_version_but_not_one_in_force(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    in_force = FeeScheduleFactory(valid_from=days_from_today(0))
    future = FeeScheduleFactory(valid_from=days_from_today(5))

    refused = client.post(f"/admin/billing/feeschedule/{in_force.pk}/delete/", {"post": "yes"})
    deleted = client.post(f"/admin/billing/feeschedule/{future.pk}/delete/", {"post": "yes"})
    changelist = client.get("/admin/billing/feeschedule/")

    assert (refused.status_code, deleted.status_code) == (403, 302)
    assert list(FeeSchedule.objects.all()) == [in_force]
    assert list(ActivityLog.objects.values_list("verb", flat=True)) == [
        "billing.feeschedule.deleted"
    ]
    assert "delete_selected" not in changelist.content.decode()

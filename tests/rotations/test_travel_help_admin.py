"""Staff answer travel and housing requests in admin (the service logs and emails); the
list puts the soonest arrival first; reviewers see, never change; the housing list's prices
are typed in dollars and kept in cents."""

import datetime

import pytest
from django.utils import timezone

from hmc_portal.notifications.models import Notification
from rotations.enums import SupportKind, SupportStatus
from rotations.models import HousingOption, SupportRequest
from tests.factories import CoordinatorFactory, ReviewerFactory, SiteFactory
from tests.rotations.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db


def _change(support_request) -> str:
    return f"/admin/rotations/supportrequest/{support_request.pk}/change/"


def test_a_coordinator_answers_in_the_change_form_and_the_applicant_is_emailed(client):
    support_request = SupportRequestFactory()
    client.force_login(CoordinatorFactory())

    response = client.post(
        _change(support_request),
        {
            "status": "in_progress",
            "staff_reply": "We are calling the bus company.",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    support_request.refresh_from_db()
    assert (support_request.status, support_request.staff_reply) == (
        SupportStatus.IN_PROGRESS,
        "We are calling the bus company.",
    )
    assert Notification.objects.get().template == "support_request_answered"


def test_done_without_a_reply_is_a_form_error_and_changes_nothing(client):
    support_request = SupportRequestFactory()
    client.force_login(CoordinatorFactory())

    response = client.post(
        _change(support_request), {"status": "done", "staff_reply": "", "_save": "Save"}
    )

    assert response.status_code == 200
    assert "before marking the request done" in response.content.decode()
    support_request.refresh_from_db()
    assert support_request.status == SupportStatus.NEW
    assert Notification.objects.count() == 0


def test_a_reviewer_sees_the_request_but_may_not_answer(client):
    support_request = SupportRequestFactory(message="Where do I park?")
    client.force_login(ReviewerFactory())

    page = client.get(_change(support_request))
    posted = client.post(_change(support_request), {"status": "done", "staff_reply": "Lot B."})

    assert "Where do I park?" in page.content.decode()
    assert 'name="staff_reply"' not in page.content.decode()
    assert posted.status_code == 403
    assert SupportRequest.objects.get().status == SupportStatus.NEW


def test_the_list_puts_the_soonest_arrival_first(client):
    now = timezone.now()
    later = SupportRequestFactory(
        kind=SupportKind.AIRPORT_PICKUP, arrival_at=now + datetime.timedelta(days=20)
    )
    question = SupportRequestFactory()
    sooner = SupportRequestFactory(
        kind=SupportKind.AIRPORT_PICKUP, arrival_at=now + datetime.timedelta(days=3)
    )
    client.force_login(CoordinatorFactory())

    response = client.get("/admin/rotations/supportrequest/")

    assert list(response.context["cl"].result_list) == [sooner, later, question]


def test_housing_prices_are_typed_in_dollars_and_kept_in_cents(client):
    site = SiteFactory()
    client.force_login(CoordinatorFactory())

    response = client.post(
        "/admin/rotations/housingoption/add/",
        {
            "name": "Rice Village Rooms",
            "area": "Rice Village",
            "price_from": "850",
            "price_to": "1100.50",
            "price_period": "month",
            "link": "https://example.com/rooms",
            "contact": "rooms@example.com",
            "notes": "",
            "active": "on",
            "distances-TOTAL_FORMS": "1",
            "distances-INITIAL_FORMS": "0",
            "distances-MIN_NUM_FORMS": "0",
            "distances-MAX_NUM_FORMS": "1000",
            "distances-0-site": str(site.pk),
            "distances-0-km": "3.2",
            "distances-0-minutes_by_car": "9",
        },
    )

    assert response.status_code == 302
    option = HousingOption.objects.get()
    assert (option.price_min, option.price_max) == (85000, 110050)
    assert option.distances.get().site == site

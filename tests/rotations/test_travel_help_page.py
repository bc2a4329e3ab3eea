"""/dashboard/support/: the travel help and housing panels (only with a confirmed
placement), the kind chooser without JavaScript, asking, refusals, and the housing list
filtered by the applicant's sites."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rotations.arrival.selectors import housing_near
from rotations.enums import SupportKind, SupportStatus
from rotations.models import SupportRequest
from tests.factories import RotationRequestFactory, SiteFactory
from tests.rotations.factories import (
    HousingDistanceFactory,
    SupportRequestFactory,
    placed_application,
)

pytestmark = pytest.mark.django_db

HOUSTON = zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE)
SUPPORT = "/dashboard/support/"
ASK = "/dashboard/support/travel/"
# session, user, application, sites (each panel), requests, options, distances, and the
# visa letter panel beside them (its request, the eligibility gates: 7)
QUERIES = 15


def _day(days: int) -> str:
    return (timezone.localdate(timezone=HOUSTON) + datetime.timedelta(days=days)).isoformat()


def test_the_urls_are_the_issues():
    assert reverse("rotations:support") == SUPPORT
    assert reverse("rotations:support_request") == ASK


def test_without_a_confirmed_placement_the_panel_says_when_help_opens(client):
    waiting = RotationRequestFactory()  # the preceptor has not answered
    RotationRequestFactory(application=waiting.application, status="confirmed", rank=2)
    client.force_login(waiting.application.applicant)

    page = client.get(SUPPORT).content.decode()

    assert "opens once your placement is confirmed: every rotation of your plan" in page
    assert "What do you need help with?" not in page
    assert "Places to stay near your sites" not in page
    # The visa letter's panel lists what is missing; the travel panels wait for a placement.
    assert "Visa invitation letter" in page


def test_with_a_confirmed_placement_both_panels_show_and_the_kind_comes_first(client):
    application = placed_application()
    client.force_login(application.applicant)

    response = client.get(SUPPORT)

    page = response.content.decode()
    assert [panel.name for panel in response.context["panels"]][-2:] == ["travel_help", "housing"]
    assert "What do you need help with?" in page
    assert 'name="flight_number"' not in page  # no kind chosen yet: no kind's fields


def test_a_chosen_kind_shows_only_its_fields_without_javascript(client):
    application = placed_application()
    client.force_login(application.applicant)

    page = client.get(SUPPORT, {"kind": "airport_pickup"}).content.decode()

    assert 'name="flight_number"' in page
    assert "Landing time (Houston time)" in page
    assert 'name="housing_from"' not in page
    assert 'name="message"' not in page


def test_asking_for_a_pickup_stores_it_in_houston_time_and_lists_it(client):
    application = placed_application()
    client.force_login(application.applicant)

    response = client.post(
        ASK,
        {
            "kind": "airport_pickup",
            "flight_number": "QR 713",
            "arrival_date": _day(12),
            "arrival_time": "15:40",
        },
    )

    assert response.status_code == 302
    stored = SupportRequest.objects.get()
    assert stored.arrival_at.astimezone(HOUSTON).time() == datetime.time(15, 40)
    page = client.get(SUPPORT).content.decode()
    assert "Flight QR 713, landing" in page
    assert "15:40 (Houston time)" in page
    assert "New" in page


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            {
                "kind": "airport_pickup",
                "flight_number": "QR 713",
                "arrival_date": _day(-1),
                "arrival_time": "09:00",
            },
            "The arrival time is in the past",
        ),
        (
            {"kind": "housing", "housing_from": _day(20), "housing_to": _day(5), "room": "either"},
            "The last day must come after the first day.",
        ),
        (
            {
                "kind": "housing",
                "housing_from": _day(5),
                "housing_to": _day(20),
                "room": "either",
                "budget_min": "lots",
                "budget_max": "900",
            },
            "Enter an amount of US dollars, e.g. 900 or 900.50.",
        ),
    ],
)
def test_bad_input_shows_the_reason_and_stores_nothing(client, data, reason):
    application = placed_application()
    client.force_login(application.applicant)

    response = client.post(ASK, data)

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert SupportRequest.objects.count() == 0


def test_budget_in_dollars_is_kept_in_cents(client):
    application = placed_application()
    client.force_login(application.applicant)

    client.post(
        ASK,
        {
            "kind": "housing",
            "housing_from": _day(5),
            "housing_to": _day(35),
            "room": "shared",
            "budget_min": "850.50",
            "budget_max": "1200",
        },
    )

    stored = SupportRequest.objects.get()
    assert (stored.budget_min, stored.budget_max) == (85050, 120000)


def test_someone_without_a_confirmed_placement_is_told_why_and_nothing_is_stored(client):
    waiting = RotationRequestFactory()
    client.force_login(waiting.application.applicant)

    response = client.post(ASK, {"kind": "other", "message": "Hello"}, follow=True)

    page = response.content.decode()
    assert "once your placement is confirmed: every rotation of your plan" in page
    # The page says so where the form would be, once, besides the error message.
    assert page.count('class="alert alert-info mb-0 travel-help-not-yet"') == 1
    assert 'name="kind"' not in page
    assert SupportRequest.objects.count() == 0


def test_the_page_shows_only_the_applicants_own_requests_with_staffs_reply(client):
    application = placed_application()
    mine = SupportRequestFactory(
        application=application,
        status=SupportStatus.DONE,
        staff_reply="Take the 402 bus.",
        replied_at=timezone.now(),
    )
    SupportRequestFactory(message="Someone else's question about parking")
    client.force_login(application.applicant)

    page = client.get(SUPPORT).content.decode()

    assert mine.message in page
    assert "Take the 402 bus." in page
    assert "Someone else&#x27;s question about parking" not in page


def test_housing_list_is_filtered_by_the_sites_of_confirmed_rotations(client):
    mine, elsewhere = SiteFactory(name="Ben Taub Hospital"), SiteFactory(name="Far Clinic")
    application = placed_application(site=mine)
    near = HousingDistanceFactory(site=mine, km=Decimal("1.5"), option__name="Near Suites")
    HousingDistanceFactory(option=near.option, site=elsewhere, km=Decimal("30"))
    HousingDistanceFactory(site=elsewhere, option__name="Far Lodge")
    HousingDistanceFactory(site=mine, option__name="Closed Inn", option__active=False)
    HousingDistanceFactory(site=mine, km=Decimal("0.5"), option__name="Nearest Rooms")
    client.force_login(application.applicant)

    page = client.get(SUPPORT).content.decode()

    assert [option.name for option in housing_near(sites=[mine])] == [
        "Nearest Rooms",
        "Near Suites",
    ]
    assert "Near Suites" in page
    assert "1.5 km to Ben Taub Hospital" in page
    assert "Far Clinic" not in page
    assert "Far Lodge" not in page
    assert "Closed Inn" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_panels_query_count_does_not_grow_with_their_items(
    client, django_assert_num_queries, count
):
    site = SiteFactory()
    application = placed_application(site=site)
    for index in range(count):
        SupportRequestFactory(application=application, kind=SupportKind.TRANSPORT)
        HousingDistanceFactory(site=site, option__name=f"Place {index}")
    client.force_login(application.applicant)
    client.get(SUPPORT)  # sessions, caches

    with django_assert_num_queries(QUERIES):
        response = client.get(SUPPORT)

    assert len(response.context["support_requests"]) == count
    assert len(response.context["housing_options"]) == count

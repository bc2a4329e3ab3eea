"""The open rotations of the choice page come a page at a time (ROTATION_CHOICES_PER_PAGE):
the page says which of how many it shows, its links keep "show all", a change of the plan
comes back to the page it was made on, and the page costs the same queries and about the
same bytes however many rotations are open."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rotations import selectors
from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import (
    PreceptorFactory,
    RotationFactory,
    RotationRequestFactory,
    SiteFactory,
    next_monday,
)

pytestmark = pytest.mark.django_db

CHOOSE = "/dashboard/rotations/"


def blocks(count: int) -> list[Rotation]:
    """`count` open blocks, a week apart, each with its own preceptor."""
    rotations = []
    for index in range(count):
        monday = next_monday(4 + index)
        rotations.append(
            RotationFactory(
                start_date=monday,
                end_date=monday + datetime.timedelta(days=25),
                preceptor=PreceptorFactory(),
                site=SiteFactory(),
            )
        )
    return rotations


def cards(response) -> list[str]:
    return re.findall(r'<article class="card h-100 rotation-card"', response.content.decode())


@pytest.fixture
def per_page(settings):
    settings.ROTATION_CHOICES_PER_PAGE = 3
    return 3


def test_the_open_rotations_come_a_page_at_a_time(client, confirmed_application, per_page):
    rotations = blocks(7)
    client.force_login(confirmed_application.applicant)

    first = client.get(CHOOSE + "?all=1")
    last = client.get(CHOOSE + "?all=1&page=3")

    assert first.context["cards"] == rotations[:3]
    assert last.context["cards"] == rotations[6:]
    assert len(cards(first)) == 3
    html = first.content.decode()
    assert "Showing 1–3 of 7 open rotations." in html
    assert "Page 1 of 3" in html
    assert 'aria-label="Pages of open rotations"' in html
    assert 'href="?all=1&amp;page=2#rotations"' in html  # the pages keep "show all"
    assert "Showing 7–7 of 7 open rotations." in last.content.decode()
    links = re.findall(r'<h3 class="h6 mb-1" id="rotation-\d+-title"><a href="([^"]+)"', html)
    assert links == [reverse("rotations:detail", args=[rotation.pk]) for rotation in rotations[:3]]


def test_one_open_rotation_is_said_in_the_singular_without_pages(client, confirmed_application):
    blocks(1)
    client.force_login(confirmed_application.applicant)

    html = client.get(CHOOSE).content.decode()

    assert "Showing 1–1 of 1 open rotation." in html
    assert "Pages of open rotations" not in html


@pytest.mark.parametrize(("asked", "shown"), [("abc", 1), ("0", 1), ("99", 3)])
def test_a_page_that_is_not_one_shows_the_first_or_the_last(
    client, confirmed_application, per_page, asked, shown
):
    blocks(7)
    client.force_login(confirmed_application.applicant)

    response = client.get(f"{CHOOSE}?all=1&page={asked}")

    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_the_plans_forms_come_back_to_the_page_they_were_sent_from(
    client, confirmed_application, per_page
):
    rotations = blocks(7)
    client.force_login(confirmed_application.applicant)
    page = client.get(CHOOSE + "?all=1&page=2").content.decode()
    assert '<input type="hidden" name="page" value="2">' in page

    added = client.post(CHOOSE, {"action": "add", "rotation": rotations[4].pk, "page": "2"})
    added_all = client.post(
        CHOOSE, {"action": "add", "rotation": rotations[5].pk, "all": "1", "page": "2"}
    )
    moved = client.post(CHOOSE, {"action": "up", "rotation": rotations[5].pk, "page": "2"})
    back = client.get(added_all["Location"])

    assert added["Location"] == "/dashboard/rotations/?page=2#plan"
    assert added_all["Location"] == "/dashboard/rotations/?all=1&page=2#plan"
    assert moved["Location"] == "/dashboard/rotations/?page=2#plan"
    # the plan is the applicant's whatever the page: both rotations, in their new order
    assert back.context["planned"] == [rotations[5], rotations[4]]
    assert back.context["cards"] == rotations[3:6]
    assert back.content.decode().count("In your plan") == 2


def test_the_first_page_sends_no_page_back(client, confirmed_application, per_page):
    rotations = blocks(2)
    client.force_login(confirmed_application.applicant)

    html = client.get(CHOOSE).content.decode()
    added = client.post(CHOOSE, {"action": "add", "rotation": rotations[0].pk})

    assert 'name="page"' not in html
    assert added["Location"] == "/dashboard/rotations/#plan"


@pytest.mark.parametrize("count", [1, 40])
def test_the_page_costs_the_same_whatever_the_number_of_open_rotations(
    client, confirmed_application, count, django_assert_num_queries, settings
):
    settings.ROTATION_CHOICES_PER_PAGE = 12
    blocks(count)
    client.force_login(confirmed_application.applicant)
    client.get(CHOOSE)

    # session, user (with their preceptor profile, for the navigation), application,
    # requests, specialties, profile, the page of cards with their count
    with django_assert_num_queries(7):
        response = client.get(CHOOSE)

    assert len(cards(response)) == min(count, 12)
    # a dozen cards at most, whatever is open: the page stays under 30 KB
    assert len(response.content) < 30_000


def test_the_requests_come_active_first_by_preference_then_the_finished_newest_first(
    client, confirmed_application, django_assert_num_queries
):
    rotations = blocks(4)
    now = timezone.now()
    made = {}
    for name, rotation, status, rank, days_ago in (
        ("second", rotations[0], RequestStatus.CONFIRMED, 2, 9),
        ("first", rotations[1], RequestStatus.REQUESTED, 1, 1),
        ("older", rotations[2], RequestStatus.CANCELLED, 1, 5),
        ("newer", rotations[3], RequestStatus.DECLINED, 1, 2),
    ):
        made[name] = RotationRequestFactory(
            application=confirmed_application,
            rotation=rotation,
            status=status,
            rank=rank,
            decline_reason="Away that month" if status == RequestStatus.DECLINED else "",
        )
        RotationRequest.objects.filter(pk=made[name].pk).update(
            updated_at=now - datetime.timedelta(days=days_ago)
        )

    with django_assert_num_queries(2):  # the requests, and their rotations joined
        requests = selectors.requests_of(confirmed_application)

    assert requests == [made["first"], made["second"], made["newer"], made["older"]]
    assert [r.rotation.specialty.name for r in requests] == [
        rotations[1].specialty.name,
        rotations[0].specialty.name,
        rotations[3].specialty.name,
        rotations[2].specialty.name,
    ]
    assert all(r.application is confirmed_application for r in requests)


def test_an_application_without_requests_reads_them_in_one_query(
    confirmed_application, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert selectors.requests_of(confirmed_application) == []

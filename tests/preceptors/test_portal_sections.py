"""The preceptor portal's sections page on their own: each has its page in the URL, its
count, its order, and a query count that does not grow with the number of requests."""

import datetime
import re

import pytest
from django.utils import timezone

from rotations.aftercare import selectors as aftercare
from rotations.aftercare.panels import preceptor_followup_panel
from rotations.arrival import compliance_selectors as compliance
from rotations.arrival.compliance_panels import preceptor_clearance_panel
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from tests.factories import PreceptorFactory, RotationFactory, RotationRequestFactory, next_monday

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_per_page(settings):
    settings.PRECEPTOR_PORTAL_PER_PAGE = 2


def block(preceptor, weeks_ahead: int):
    monday = next_monday(weeks_ahead)
    return RotationFactory(
        preceptor=preceptor, start_date=monday, end_date=monday + datetime.timedelta(days=25)
    )


def add_requests(preceptor, section: str, count: int) -> list[RotationRequest]:
    """`count` requests of the preceptor that the portal shows in `section`, from applicants
    named <Section>1 X, <Section>2 X, ... in the order the section lists them."""
    made = []
    for n in range(1, count + 1):
        kwargs = {"application__applicant__first_name": f"{section.title()}{n}"}
        if section == "pending":  # by first day
            kwargs.update(rotation=block(preceptor, 4 + n))
        elif section == "waiting":  # in the order they joined, whatever the dates
            kwargs.update(
                rotation=block(preceptor, 40 - n),
                status=RequestStatus.WAITLISTED,
                waitlisted_at=timezone.now() + datetime.timedelta(minutes=n),
            )
        elif section == "upcoming":  # by first day
            kwargs.update(rotation=block(preceptor, 12 + n), status=RequestStatus.CONFIRMED)
        else:  # past: the latest first
            kwargs.update(rotation=block(preceptor, -6 - n), status=RequestStatus.CONFIRMED)
        made.append(RotationRequestFactory(application__applicant__last_name="X", **kwargs))
    return made


def names(items) -> list[str]:
    return [item.summary.name for item in items]


SECTIONS = ["pending", "waiting", "upcoming", "past"]
QUERIES = {"pending": 8, "waiting": 8, "upcoming": 13, "past": 9}


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize("count", [1, 5])
def test_a_portal_section_costs_the_same_queries_for_one_request_or_many(
    client, section, count, django_assert_num_queries
):
    preceptor = PreceptorFactory()
    add_requests(preceptor, section, count)
    client.force_login(preceptor.user)

    # session, user, preceptor; the sections' counts and the rows shown (one), their
    # applicants' summaries (one); the second-step card; the panels: letters, feedback,
    # mentoring, and where the portal counted confirmed observers the follow-up (upcoming
    # and past) and the pre-arrival clearance (upcoming), with the clearance's itineraries,
    # requirements and evidence (upcoming) and the follow-up's evaluations (past, in the
    # weeks after a block)
    with django_assert_num_queries(QUERIES[section]):
        response = client.get(f"/preceptor/?{section}=2")

    shown = response.context["portal"].sections[section]
    assert (shown.count, shown.number, len(shown.items)) == (
        count,
        min(2, shown.num_pages),
        1 if count == 1 else 2,
    )


@pytest.mark.parametrize("section", SECTIONS)
def test_each_section_lists_its_own_page_in_its_own_order(client, section):
    preceptor = PreceptorFactory()
    add_requests(preceptor, section, 5)
    client.force_login(preceptor.user)
    title = section.title()

    pages = [client.get(f"/preceptor/?{section}={n}").context["portal"] for n in (1, 2, 3)]

    assert [names(page.sections[section].items) for page in pages] == [
        [f"{title}1 X", f"{title}2 X"],
        [f"{title}3 X", f"{title}4 X"],
        [f"{title}5 X"],
    ]
    assert [page.sections[section].count for page in pages] == [5, 5, 5]
    assert {key: len(s.items) for key, s in pages[0].sections.items() if key != section} == {
        key: 0 for key in SECTIONS if key != section
    }


@pytest.mark.parametrize(
    ("asked", "shown"), [("9", 3), ("abc", 1), ("0", 1), ("-2", 1), ("99999999999999", 3)]
)
def test_a_page_that_is_not_one_shows_the_first_or_the_last(client, asked, shown):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "pending", 5)
    client.force_login(preceptor.user)

    response = client.get("/preceptor/", {"pending": asked})

    assert response.status_code == 200
    assert response.context["portal"].sections["pending"].number == shown


def test_the_sections_page_apart_and_their_links_keep_the_others_pages(client):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "pending", 3)
    add_requests(preceptor, "upcoming", 5)
    client.force_login(preceptor.user)

    response = client.get("/preceptor/?upcoming=2&pending=2")
    html = response.content.decode()
    portal = response.context["portal"]

    assert names(portal.pending) == ["Pending3 X"]
    assert names(portal.upcoming) == ["Upcoming3 X", "Upcoming4 X"]
    assert 'aria-label="Pages of requests to answer"' in html
    assert 'aria-label="Pages of upcoming observers"' in html
    assert "Page 2 of 2" in html  # the requests
    assert "Page 2 of 3" in html  # the upcoming observers
    # the requests' Previous keeps the upcoming page; the upcoming links keep the requests'
    assert 'href="?upcoming=2&amp;pending=1#pending-title"' in html
    assert 'href="?pending=2&amp;upcoming=1#upcoming-title"' in html
    assert 'href="?pending=2&amp;upcoming=3#upcoming-title"' in html
    # the count beside each title is the section's, not the page's
    assert re.search(r'Requests to answer <span class="badge[^"]*">3</span>', html)
    assert re.search(r'Upcoming observers <span class="badge[^"]*">5</span>', html)


def test_a_section_on_one_page_has_no_page_links(client):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "pending", 2)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/").content.decode()

    assert "Pages of requests to answer" not in html
    assert "Page 1 of" not in html


def test_the_waiting_list_numbers_continue_on_its_next_page(client):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "waiting", 3)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/?waiting=2").content.decode()

    assert '<ol class="mb-0" start="3">' in html
    assert "Waiting3 X" in html
    assert "Waiting1 X" not in html


def test_the_portal_in_spanish_pages_in_spanish(client):
    preceptor = PreceptorFactory(user__language="es")
    add_requests(preceptor, "past", 3)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/", headers={"accept-language": "es"}).content.decode()

    assert "Página 1 de 2" in html
    assert 'aria-label="Páginas de observadores anteriores"' in html


def test_another_preceptors_requests_are_in_no_section(client):
    preceptor = PreceptorFactory()
    add_requests(PreceptorFactory(), "pending", 3)
    add_requests(preceptor, "pending", 1)
    client.force_login(preceptor.user)

    portal = client.get("/preceptor/").context["portal"]

    assert names(portal.pending) == ["Pending1 X"]
    assert portal.sections["pending"].count == 1


def test_the_clearance_panel_shows_the_next_observers_only_and_says_more_start_later(client):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "upcoming", 3)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/").content.decode()
    panel = html[html.index('class="card mt-4 preceptor-clearance"') :]
    panel = panel[: panel.index("</section>")]

    assert re.findall(r"<strong>(Upcoming\d) X</strong>", panel) == ["Upcoming1", "Upcoming2"]
    assert "More observers start later" in panel


def test_the_clearance_panel_with_every_observer_shown_says_nothing_more(client):
    preceptor = PreceptorFactory()
    add_requests(preceptor, "upcoming", 2)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/").content.decode()

    assert re.findall(r"<strong>(Upcoming\d) X</strong>", html) == ["Upcoming1", "Upcoming2"]
    assert "More observers start later" not in html


@pytest.mark.parametrize(
    ("section", "followed", "cleared"),
    [("pending", False, False), ("upcoming", True, True), ("past", True, False)],
)
def test_the_placement_panels_ask_only_when_the_portal_counted_confirmed_observers(
    rf, section, followed, cleared, django_assert_max_num_queries
):
    preceptor = PreceptorFactory()
    add_requests(preceptor, section, 1)
    counts = {
        "upcoming_observers": int(section == "upcoming"),
        "past_observers": int(section == "past"),
    }
    request = rf.get("/preceptor/")

    with django_assert_max_num_queries(0 if not followed else 10) as followup_queries:
        preceptor_followup_panel(request=request, preceptor=preceptor, **counts)
    with django_assert_max_num_queries(0 if not cleared else 10) as clearance_queries:
        preceptor_clearance_panel(request=request, preceptor=preceptor, **counts)

    assert (len(followup_queries) > 0, len(clearance_queries) > 0) == (followed, cleared)
    # where a panel asked nothing, its own reading would have found nothing either
    found = (
        followed or bool(aftercare.blocks_for_preceptor(preceptor_id=preceptor.pk)),
        cleared or bool(compliance.clearance_for_preceptor(preceptor_id=preceptor.pk)),
    )
    assert found == (followed, cleared)

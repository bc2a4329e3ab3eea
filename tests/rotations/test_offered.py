"""The choice page's page of open rotations (rotations.offered) is read by its own statement:
it answers what selectors.offered_rotations answers, in the same order, a page at a time,
with the count; a page number that is no page is the first, one past the last the last."""

import pytest

from applications.models import ApplicationSpecialty
from hmc_portal.users.models import User
from preceptors.models import Preceptor
from rotations import selectors
from rotations.enums import RequestStatus
from rotations.models import Rotation, Specialty
from rotations.offered import offered_page
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    PreceptorFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
    next_monday,
)
from tests.factories import (
    four_week_block as block,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Blocks of two specialties over half a year, some of which no applicant may choose."""
    cardiology = SpecialtyFactory(name="Cardiology")
    surgery = SpecialtyFactory(name="Surgery")
    site = SiteFactory()
    for weeks in range(1, 26, 2):
        block(weeks, specialty=cardiology, preceptor=PreceptorFactory(), site=site)
        block(weeks, specialty=surgery, preceptor=PreceptorFactory(), site=site)
    block(30, specialty=cardiology, published=False)
    block(30, specialty=SpecialtyFactory(name="Closed", active=False))
    block(30, specialty=cardiology, preceptor=PreceptorFactory(active=False))
    inactive = PreceptorFactory()
    User.objects.filter(pk=inactive.user_id).update(is_active=False)
    block(30, specialty=cardiology, preceptor=inactive)
    block(-2, specialty=cardiology)  # started
    return cardiology, surgery


def applicant(country: str, **application):
    application = ApplicationFactory(status="confirmed", **application)
    ApplicantProfileFactory(user=application.applicant, country=country)
    return application


def every_page(application, *, show_all: bool, per_page: int = 4) -> list[Rotation]:
    first = offered_page(application=application, number=1, per_page=per_page, show_all=show_all)
    rotations = list(first.object_list)
    for number in range(2, first.paginator.num_pages + 1):
        page = offered_page(
            application=application, number=number, per_page=per_page, show_all=show_all
        )
        assert page.number == number
        rotations += page.object_list
    assert first.paginator.count == len(rotations)
    return rotations


@pytest.mark.parametrize("show_all", [False, True])
@pytest.mark.parametrize("country", ["US", "IN"])
def test_the_pages_hold_the_offered_rotations_in_their_order(
    catalogue, country, show_all, settings
):
    settings.MIN_WEEKS_BEFORE_START = 8
    cardiology, _surgery = catalogue
    application = applicant(
        country, preferred_start=next_monday(9).replace(day=1), program_weeks=12
    )
    ApplicationSpecialty.objects.create(application=application, specialty=cardiology, rank=1)
    chosen = Rotation.objects.filter(specialty__name="Surgery").order_by("start_date")[3]
    RotationRequestFactory(application=application, rotation=chosen, status=RequestStatus.REQUESTED)
    RotationRequestFactory(
        application=application,
        rotation=Rotation.objects.filter(specialty__name="Surgery").order_by("start_date")[6],
        status=RequestStatus.CANCELLED,
    )

    expected = list(selectors.offered_rotations(application=application, show_all=show_all))

    assert every_page(application, show_all=show_all) == expected
    assert len(expected) > 4  # more than one page


def test_an_application_without_specialties_or_months_is_offered_every_specialty(catalogue):
    application = applicant("US", preferred_start=None)

    expected = list(selectors.offered_rotations(application=application))

    assert every_page(application, show_all=False) == expected
    assert {rotation.specialty.name for rotation in expected} == {"Cardiology", "Surgery"}


def test_a_card_has_what_it_shows_loaded(catalogue):
    application = applicant("US")

    rotation = offered_page(application=application, number=1, per_page=1, show_all=True)[0]
    stored = Rotation.objects.select_related("specialty", "site", "preceptor__user").get(
        pk=rotation.pk
    )

    assert (
        rotation.start_date,
        rotation.end_date,
        rotation.capacity,
        rotation.free_places,
        rotation.specialty.name,
        rotation.site.name,
        str(rotation.preceptor),
    ) == (
        stored.start_date,
        stored.end_date,
        stored.capacity,
        stored.free_places,
        stored.specialty.name,
        stored.site.name,
        str(stored.preceptor),
    )
    assert isinstance(rotation.preceptor, Preceptor)
    assert isinstance(rotation.specialty, Specialty)


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("-3", 1), ("abc", 1), (None, 1)])
def test_anything_but_a_page_number_is_the_first_page(catalogue, asked, shown):
    application = applicant("US")

    page = offered_page(application=application, number=asked, per_page=4, show_all=True)

    assert page.number == shown
    assert len(page.object_list) == 4


@pytest.mark.parametrize("asked", ["99", "99999999999999999999"])
def test_a_page_past_the_last_is_the_last(catalogue, asked):
    application = applicant("US")
    offered = list(selectors.offered_rotations(application=application, show_all=True))

    page = offered_page(application=application, number=asked, per_page=4, show_all=True)

    last = -(-len(offered) // 4)
    assert (page.number, page.paginator.count) == (last, len(offered))
    assert list(page.object_list) == offered[(last - 1) * 4 :]


def test_nothing_offered_is_one_empty_page_in_one_query(django_assert_num_queries):
    application = applicant("US")

    selectors.earliest_start(application)  # reads the profile (the page has it already)
    with django_assert_num_queries(1):
        page = offered_page(application=application, number=1, per_page=4, show_all=True)

    assert (page.number, page.paginator.count, list(page.object_list)) == (1, 0, [])

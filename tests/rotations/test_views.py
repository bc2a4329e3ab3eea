import datetime

import pytest

from rotations.enums import RequestStatus
from rotations.models import Rotation, RotationRequest
from tests.factories import (
    ApplicationFactory,
    PreceptorFactory,
    RotationRequestFactory,
    SiteFactory,
    SpecialtyFactory,
    StaffFactory,
    UserFactory,
)
from tests.factories import (
    four_week_block as block,
)

pytestmark = pytest.mark.django_db


# --- the catalogue ----------------------------------------------------------------------------


def test_catalogue_lists_upcoming_published_rotations_with_free_places(client):
    shown = block(4, specialty=SpecialtyFactory(name="Cardiology"), capacity=3)
    Rotation.objects.filter(pk=shown.pk).update(confirmed_count=1)
    block(8, published=False)
    block(-2)  # started already

    response = client.get("/rotations/")
    html = response.content.decode()

    assert response.status_code == 200
    assert list(response.context["rotations"]) == [shown]
    assert "Cardiology" in html
    assert "2 of 3 places free" in html
    assert f'data-free-places="{shown.pk}"' in html
    assert "<h1" in html and html.count("<h1") == 1


def test_catalogue_filters_by_specialty_month_site_and_free_places(client):
    cardiology = SpecialtyFactory(name="Cardiology")
    site = SiteFactory(name="Ben Taub Hospital")
    first = block(4, specialty=cardiology, site=site)
    second = block(8, specialty=cardiology)
    full = block(12, capacity=1)
    Rotation.objects.filter(pk=full.pk).update(confirmed_count=1)

    def listed(query):
        return list(client.get(f"/rotations/?{query}").context["rotations"])

    assert listed("specialty=cardiology") == [first, second]
    assert listed(f"month={second.start_date:%Y-%m}") == [
        r
        for r in (first, second, full)
        if r.start_date.month == second.start_date.month
        and r.start_date.year == second.start_date.year
    ]
    assert listed(f"site={site.pk}") == [first]
    assert listed("free=on") == [first, second]
    assert listed("specialty=unknown") == [first, second, full]  # an invalid filter is ignored


def test_catalogue_is_paginated(client, settings):
    settings.ROTATIONS_PER_PAGE = 2
    rotations = [block(4 * i + 4) for i in range(3)]

    first = client.get("/rotations/")
    second = client.get("/rotations/?page=2")

    assert list(first.context["rotations"]) == rotations[:2]
    assert list(second.context["rotations"]) == rotations[2:]
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_catalogue_query_count_does_not_grow_with_rotations(
    client, count, django_assert_num_queries
):
    for i in range(count):
        block(4 * i + 4, preceptor=PreceptorFactory(), site=SiteFactory())

    with django_assert_num_queries(5):  # months, count, page, specialties, sites
        response = client.get("/rotations/")

    assert len(response.context["rotations"]) == count


def test_rotation_detail_shows_preceptor_site_and_first_day(client):
    rotation = block(
        4,
        site=SiteFactory(name="Houston Methodist Hospital", address="6565 Fannin St"),
        reporting_time=datetime.time(8, 0),
    )

    response = client.get(f"/rotations/{rotation.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert str(rotation.preceptor) in html
    assert "6565 Fannin St" in html
    assert "report at 08:00" in html
    assert "Ask for this rotation" not in html


def test_an_applicant_who_took_the_offer_can_add_a_rotation_to_the_plan_from_its_page(
    client, confirmed_application
):
    rotation = block(4)
    client.force_login(confirmed_application.applicant)

    html = client.get(f"/rotations/{rotation.pk}/").content.decode()
    response = client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})

    assert 'action="/dashboard/rotations/"' in html
    assert f'name="rotation" value="{rotation.pk}"' in html
    assert "Add to my plan" in html
    assert response.status_code == 302
    assert client.get("/dashboard/rotations/").context["planned"] == [rotation]


def test_an_unpublished_rotation_is_a_404(client):
    rotation = block(4, published=False)

    assert client.get(f"/rotations/{rotation.pk}/").status_code == 404


def test_availability_gives_free_places_of_public_rotations(client):
    open_one = block(4, capacity=3)
    hidden = block(8, published=False)

    response = client.get(f"/rotations/availability.json?ids={open_one.pk},{hidden.pk},x")

    assert response.json() == {"free_places": {str(open_one.pk): 3}}


# --- choosing ---------------------------------------------------------------------------------


def test_choosing_needs_a_login(client):
    response = client.get("/dashboard/rotations/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/rotations/"


def test_an_applicant_who_took_the_offer_chooses_two_rotations(client, confirmed_application):
    first, second = block(4), block(8)
    client.force_login(confirmed_application.applicant)

    for rotation in (first, second):
        client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    response = client.post("/dashboard/rotations/", {"action": "send"})

    assert response.status_code == 302
    assert list(
        RotationRequest.objects.order_by("rank").values_list("rotation", "rank", "status")
    ) == [(first.pk, 1, "requested"), (second.pk, 2, "requested")]
    listed = client.get("/dashboard/rotations/").content.decode()
    assert listed.count("Waiting for the preceptor") == 2


def test_overlapping_choices_are_refused_with_the_reason(client, confirmed_application):
    first = block(4)
    overlapping = block(4)
    client.force_login(confirmed_application.applicant)
    for rotation in (first, overlapping):
        client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})

    response = client.post("/dashboard/rotations/", {"action": "send"}, follow=True)

    assert "overlap: choose blocks on different dates" in response.content.decode()
    assert RotationRequest.objects.count() == 0
    assert response.context["planned"] == [first, overlapping]  # the plan stays to be fixed


def test_an_applicant_without_an_accepted_offer_sees_no_cards_and_cannot_post(client):
    application = ApplicationFactory(status="accepted")
    rotation = block(4)
    client.force_login(application.applicant)

    page = client.get("/dashboard/rotations/")
    posted = client.post("/dashboard/rotations/", {"action": "add", "rotation": rotation.pk})
    sent = client.post("/dashboard/rotations/", {"action": "send"})

    assert page.context["choosing"] is False
    assert "Add to my plan" not in page.content.decode()
    assert "once you have accepted your offer" in page.content.decode()
    assert (posted.status_code, sent.status_code) == (302, 302)
    assert posted["Location"] == "/dashboard/"
    assert RotationRequest.objects.count() == 0


def test_cancel_needs_a_login(client):
    rotation_request = RotationRequestFactory()

    response = client.get(f"/dashboard/rotations/{rotation_request.pk}/cancel/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_applicants_request_is_a_404(client):
    rotation_request = RotationRequestFactory()
    client.force_login(ApplicationFactory(status="confirmed").applicant)

    assert client.get(f"/dashboard/rotations/{rotation_request.pk}/cancel/").status_code == 404
    assert client.post(f"/dashboard/rotations/{rotation_request.pk}/cancel/").status_code == 404
    assert RotationRequest.objects.get().status == RequestStatus.REQUESTED


def test_the_applicant_cancels_a_choice(client):
    rotation_request = RotationRequestFactory()
    client.force_login(rotation_request.application.applicant)

    page = client.get(f"/dashboard/rotations/{rotation_request.pk}/cancel/")
    response = client.post(
        f"/dashboard/rotations/{rotation_request.pk}/cancel/", {"reason": "Visa."}
    )

    assert page.status_code == 200
    assert response.status_code == 302
    rotation_request.refresh_from_db()
    assert (rotation_request.status, rotation_request.cancel_reason) == (
        RequestStatus.CANCELLED,
        "Visa.",
    )


def test_finish_enrols_with_the_confirmed_rotations(client):
    rotation_request = RotationRequestFactory(status=RequestStatus.CONFIRMED)
    RotationRequestFactory(
        application=rotation_request.application,
        rank=2,
        status=RequestStatus.DECLINED,
        decline_reason="Away.",
    )
    client.force_login(rotation_request.application.applicant)

    page = client.get("/dashboard/rotations/")
    response = client.post("/dashboard/rotations/finish/")

    assert "Enrol with my confirmed rotations" in page.content.decode()
    assert response["Location"] == "/dashboard/"
    rotation_request.application.refresh_from_db()
    assert rotation_request.application.status == "enrolled"


def test_staff_are_sent_to_the_admin(client):
    client.force_login(StaffFactory())

    assert client.get("/dashboard/rotations/")["Location"] == "/admin/rotations/rotation/"


# --- the dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_rotations_and_the_way_to_choose(client, confirmed_application):
    rotation = block(4, specialty=SpecialtyFactory(name="Neurology"))
    RotationRequestFactory(
        application=confirmed_application, rotation=rotation, status=RequestStatus.CONFIRMED
    )
    client.force_login(confirmed_application.applicant)

    html = client.get("/dashboard/").content.decode()

    assert "Your rotations" in html
    assert "Neurology" in html
    assert "request-status-confirmed" in html
    assert 'href="/dashboard/rotations/"' in html


def test_the_dashboard_has_no_rotations_card_before_the_offer_is_accepted(client):
    application = ApplicationFactory(status="submitted")
    client.force_login(application.applicant)

    assert "Your rotations" not in client.get("/dashboard/").content.decode()


def test_a_preceptor_is_sent_from_the_dashboard_to_the_portal(client):
    client.force_login(PreceptorFactory().user)

    assert client.get("/dashboard/")["Location"] == "/preceptor/"


def test_the_navigation_links_the_catalogue_and_the_directory(client):
    html = client.get("/").content.decode()

    assert 'href="/rotations/"' in html
    assert 'href="/preceptors/"' in html


def test_someone_without_an_application_is_sent_to_the_dashboard(client):
    client.force_login(UserFactory())

    assert client.get("/dashboard/rotations/")["Location"] == "/dashboard/"


def test_the_open_rotations_leave_out_chosen_and_overlapping_blocks(client, confirmed_application):
    chosen = block(4)
    same_dates = block(4)
    later = block(8)
    RotationRequestFactory(application=confirmed_application, rotation=chosen)
    client.force_login(confirmed_application.applicant)

    response = client.get("/dashboard/rotations/")

    assert response.context["cards"] == [later]
    assert same_dates.pk != later.pk

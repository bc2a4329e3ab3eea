"""Choosing rotations as cards and a plan (issue 12, item 7): the cards match the
application (specialties, preferred months) unless "Show all"; rotations too soon for a visa
are not offered to applicants who need one; the plan is added to, reordered and sent through
choose_rotations in its order; its timeline says overlaps and gaps in words."""

import pytest

from applications.models import ApplicationSpecialty
from hmc_portal.audit.models import ActivityLog
from hmc_portal.notifications.models import Notification
from rotations import selectors
from rotations.models import Rotation, RotationRequest
from rotations.plan import TimelineBlock, TimelineGap, timeline
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    PreceptorFactory,
    SiteFactory,
    SpecialtyFactory,
)
from tests.factories import (
    four_week_block as block,
)

pytestmark = pytest.mark.django_db

CHOOSE = "/dashboard/rotations/"
# What the choosing page reads, however many cards it shows: session, user (with their
# preceptor profile, for the navigation), application, its requests, its specialties, the
# applicant's profile (citizenship), a page of cards with their count.
QUERIES = 7


def applicant_from(country: str, **application):
    """A confirmed application whose applicant is a citizen of `country` ("" for unknown)."""
    application = ApplicationFactory(status="confirmed", **application)
    ApplicantProfileFactory(user=application.applicant, country=country)
    return application


def interested_in(application, *specialties) -> None:
    for rank, specialty in enumerate(specialties, start=1):
        ApplicationSpecialty.objects.create(application=application, specialty=specialty, rank=rank)


def add(client, rotation, **extra):
    return client.post(CHOOSE, {"action": "add", "rotation": rotation.pk, **extra})


# --- who needs a visa, and the lead time ----------------------------------------------------


@pytest.mark.parametrize(
    ("country", "needs"), [("IN", True), ("NG", True), ("US", False), ("", False)]
)
def test_needs_visa_follows_the_country_of_citizenship(country, needs):
    assert selectors.needs_visa(applicant_from(country)) is needs


def test_an_applicant_without_a_profile_is_not_taken_to_need_a_visa():
    assert selectors.needs_visa(ApplicationFactory(status="confirmed")) is False


def test_rotations_sooner_than_the_lead_time_are_not_offered_to_a_visa_applicant(settings):
    settings.MIN_WEEKS_BEFORE_START = 8
    soon, later = block(4), block(9)

    offered = selectors.offered_rotations(application=applicant_from("IN"), show_all=True)

    assert list(offered) == [later]
    assert soon.pk != later.pk


def test_rotations_sooner_than_the_lead_time_are_offered_to_a_us_citizen(settings):
    settings.MIN_WEEKS_BEFORE_START = 8
    soon, later = block(4), block(9)

    offered = selectors.offered_rotations(application=applicant_from("US"), show_all=True)

    assert list(offered) == [soon, later]


def test_the_lead_time_is_a_setting(settings):
    settings.MIN_WEEKS_BEFORE_START = 2
    soon = block(4)

    offered = selectors.offered_rotations(application=applicant_from("IN"), show_all=True)

    assert list(offered) == [soon]


# --- the cards: matching the application, or all ---------------------------------------------


def test_the_cards_match_the_applications_specialties_and_months():
    cardiology, neurology = SpecialtyFactory(name="Cardiology"), SpecialtyFactory(name="Neurology")
    wanted = block(12, specialty=cardiology)
    other_specialty = block(12, specialty=neurology)
    first_day = wanted.start_date.replace(day=1)
    too_late = block(12 + 12, specialty=cardiology)  # three blocks later: past 4 weeks' stay
    application = applicant_from("US", preferred_start=first_day, program_weeks=4)
    interested_in(application, cardiology)

    matching = selectors.offered_rotations(application=application)
    everything = selectors.offered_rotations(application=application, show_all=True)

    assert list(matching) == [wanted]
    assert list(everything) == [wanted, other_specialty, too_late]


def test_show_all_still_leaves_out_rotations_too_soon_for_a_visa(client, settings):
    settings.MIN_WEEKS_BEFORE_START = 8
    cardiology = SpecialtyFactory(name="Cardiology")
    block(4, specialty=cardiology)
    later = block(10, specialty=SpecialtyFactory(name="Surgery"))
    application = applicant_from("IN")
    interested_in(application, cardiology)
    client.force_login(application.applicant)

    matching = client.get(CHOOSE)
    everything = client.get(CHOOSE + "?all=1")

    assert matching.context["cards"] == []
    assert everything.context["cards"] == [later]
    html = matching.content.decode()
    assert "No open rotation matches your specialties and preferred months." in html
    assert 'href="/dashboard/rotations/?all=1#rotations"' in html
    assert "As a citizen of India you need a visa" in html
    assert "at least 8 weeks ahead" in html


def test_a_us_citizen_reads_no_visa_note(client):
    block(4)
    application = applicant_from("US")
    client.force_login(application.applicant)

    html = client.get(CHOOSE).content.decode()

    assert "you need a visa" not in html
    assert "Add to my plan" in html


def test_a_card_shows_dates_preceptor_site_and_free_places(client, confirmed_application):
    rotation = block(
        6,
        specialty=SpecialtyFactory(name="Cardiology"),
        site=SiteFactory(name="Houston Methodist Hospital"),
        capacity=3,
    )
    Rotation.objects.filter(pk=rotation.pk).update(confirmed_count=1)
    client.force_login(confirmed_application.applicant)

    html = client.get(CHOOSE).content.decode()

    card = html[html.index('class="card h-100 rotation-card"') :]
    card = card[: card.index("</article>")]
    assert "Cardiology" in card
    assert f'<time datetime="{rotation.start_date.isoformat()}">' in card
    assert str(rotation.preceptor) in card
    assert "Houston Methodist Hospital" in card
    assert "2 of 3 places free" in card
    assert "Add to my plan" in card


def test_a_full_rotation_shows_as_full_and_can_still_be_planned(client, confirmed_application):
    full = block(6, capacity=1)
    Rotation.objects.filter(pk=full.pk).update(confirmed_count=1)
    client.force_login(confirmed_application.applicant)

    html = client.get(CHOOSE).content.decode()
    add(client, full)
    client.post(CHOOSE, {"action": "send"})

    assert "Full: waiting list" in html
    assert "Full: you would join the waiting list." in html
    assert RotationRequest.objects.get().rotation == full  # asked for as today


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_reads_the_same_number_of_queries_for_1_or_3_cards(
    client, confirmed_application, count, django_assert_num_queries
):
    for index in range(count):
        block(4 * index + 4, preceptor=PreceptorFactory(), site=SiteFactory())
    client.force_login(confirmed_application.applicant)
    client.get(CHOOSE)

    with django_assert_num_queries(QUERIES):
        response = client.get(CHOOSE)

    assert len(response.context["cards"]) == count


# --- the plan: add, remove, reorder ----------------------------------------------------------


def test_add_remove_and_reorder_the_plan(client, confirmed_application):
    first, second, third = block(4), block(8), block(12)
    client.force_login(confirmed_application.applicant)

    for rotation in (first, second, third):
        response = add(client, rotation)
        assert response.status_code == 302
    client.post(CHOOSE, {"action": "up", "rotation": third.pk})
    moved = client.get(CHOOSE)
    client.post(CHOOSE, {"action": "remove", "rotation": first.pk})
    removed = client.get(CHOOSE)

    assert moved.context["planned"] == [first, third, second]
    assert removed.context["planned"] == [third, second]
    html = removed.content.decode()
    assert "In your plan" in html
    assert RotationRequest.objects.count() == 0  # nothing is sent until the applicant sends


def test_the_plan_says_what_changed(client, confirmed_application):
    rotation = block(4, specialty=SpecialtyFactory(name="Cardiology"))
    client.force_login(confirmed_application.applicant)

    added = add(client, rotation, all="1")
    html = client.get(added["Location"]).content.decode()

    assert added["Location"] == "/dashboard/rotations/?all=1#plan"
    assert "is in your plan as choice 1." in html


def test_the_plan_holds_no_more_than_the_choices_left(client, confirmed_application, settings):
    settings.MAX_ROTATION_CHOICES = 2
    rotations = [block(4), block(8), block(12)]
    client.force_login(confirmed_application.applicant)

    for rotation in rotations:
        add(client, rotation)
    page = client.get(CHOOSE)

    assert page.context["planned"] == rotations[:2]
    assert "Remove one to add another." in page.content.decode()
    assert "Your plan is full: remove a rotation to add this one." in page.content.decode()


def test_a_rotation_too_soon_for_a_visa_cannot_be_added(client, settings):
    settings.MIN_WEEKS_BEFORE_START = 8
    soon = block(4)
    application = applicant_from("IN")
    client.force_login(application.applicant)

    response = add(client, soon)
    page = client.get(CHOOSE)

    assert response.status_code == 302
    assert page.context["planned"] == []
    assert "This rotation is not open to you; choose another." in page.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "explode", "rotation": "1"},
        {"action": "add"},
        {"action": "add", "rotation": "abc"},
        {"action": "remove", "rotation": "99999999999999"},
        {"action": "up", "rotation": "7"},
    ],
)
def test_bad_plan_changes_are_refused_with_a_message(client, confirmed_application, data):
    client.force_login(confirmed_application.applicant)

    response = client.post(CHOOSE, data, follow=True)

    assert response.status_code == 200
    assert response.context["planned"] == []
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1


def test_a_rotation_no_longer_offered_leaves_the_plan_with_a_word(client, confirmed_application):
    rotation = block(4, specialty=SpecialtyFactory(name="Cardiology"))
    client.force_login(confirmed_application.applicant)
    add(client, rotation)
    Rotation.objects.filter(pk=rotation.pk).update(published=False)

    page = client.get(CHOOSE)

    assert page.context["planned"] == []
    assert "is no longer open to you, so it left your plan." in page.content.decode()


def test_each_plan_belongs_to_its_own_applicant(client, confirmed_application):
    rotation = block(4)
    client.force_login(confirmed_application.applicant)
    add(client, rotation)
    other = ApplicationFactory(status="confirmed")
    client.force_login(other.applicant)

    assert client.get(CHOOSE).context["planned"] == []


# --- sending ---------------------------------------------------------------------------------


def test_sending_the_plan_requests_its_rotations_in_its_order(
    client, confirmed_application, django_capture_on_commit_callbacks
):
    first, second = block(4), block(8)
    client.force_login(confirmed_application.applicant)
    add(client, first)
    add(client, second)
    client.post(CHOOSE, {"action": "down", "rotation": first.pk})

    with django_capture_on_commit_callbacks():
        response = client.post(CHOOSE, {"action": "send"})
    page = client.get(response["Location"])

    assert response["Location"] == "/dashboard/rotations/#requests"
    assert list(
        RotationRequest.objects.order_by("rank").values_list("rotation", "rank", "status")
    ) == [(second.pk, 1, "requested"), (first.pk, 2, "requested")]
    assert ActivityLog.objects.filter(verb="rotations.request.chosen").count() == 1
    assert Notification.objects.filter(template="rotation_request_preceptor").count() == 2
    assert "2 requests sent." in page.content.decode()
    assert page.context["planned"] == []


def test_sending_an_empty_plan_says_what_to_do(client, confirmed_application):
    client.force_login(confirmed_application.applicant)

    response = client.post(CHOOSE, {"action": "send"}, follow=True)

    assert "Add at least one rotation to your plan first." in response.content.decode()
    assert RotationRequest.objects.count() == 0


# --- the timeline ----------------------------------------------------------------------------


def test_the_timeline_lays_blocks_by_date_with_the_gap_in_words():
    cardiology = block(10, specialty=SpecialtyFactory(name="Cardiology"))
    internal = block(4, specialty=SpecialtyFactory(name="Internal Medicine"))

    entries = timeline([cardiology, internal])  # cardiology is the first choice

    assert [type(entry) for entry in entries] == [TimelineBlock, TimelineGap, TimelineBlock]
    assert [entries[0].rotation, entries[2].rotation] == [internal, cardiology]
    assert [entries[0].rank, entries[2].rank] == [2, 1]
    assert (entries[0].first_week, entries[0].last_week) == (1, 4)
    assert (entries[2].first_week, entries[2].last_week) == (7, 10)
    assert entries[1].text == "2 weeks free between Internal Medicine and Cardiology"
    assert entries[2].weeks == [False] * 6 + [True] * 4


def test_consecutive_blocks_have_no_gap():
    entries = timeline([block(4), block(8)])

    assert [type(entry) for entry in entries] == [TimelineBlock, TimelineBlock]
    assert [entry.overlaps for entry in entries] == [[], []]


def test_overlapping_blocks_are_named_on_each_other():
    internal = block(4, specialty=SpecialtyFactory(name="Internal Medicine"))
    cardiology = block(6, specialty=SpecialtyFactory(name="Cardiology"))

    entries = timeline([internal, cardiology])

    assert len(entries) == 2
    assert entries[0].overlaps == [f"Cardiology (choice 2, {selectors.date_range(cardiology)})"]
    assert entries[1].overlaps == [
        f"Internal Medicine (choice 1, {selectors.date_range(internal)})"
    ]


def test_the_page_shows_the_timeline_with_overlaps_and_gaps(client, confirmed_application):
    internal = block(4, specialty=SpecialtyFactory(name="Internal Medicine"))
    cardiology = block(6, specialty=SpecialtyFactory(name="Cardiology"))
    neurology = block(14, specialty=SpecialtyFactory(name="Neurology"))
    client.force_login(confirmed_application.applicant)
    for rotation in (internal, cardiology, neurology):
        add(client, rotation)

    html = client.get(CHOOSE).content.decode()

    assert "overlaps with Cardiology (choice 2," in html
    assert "overlaps with Internal Medicine (choice 1," in html
    assert "4 weeks free between Cardiology and Neurology" in html
    assert "Some blocks in your plan overlap" in html

import datetime
import re

import pytest

from applications.models import ApplicationSpecialty, Interview
from preceptors.models import Preceptor
from rotations.enums import RequestStatus
from rotations.models import RotationRequest
from tests.factories import (
    ApplicantProfileFactory,
    ApplicationFactory,
    DocumentFactory,
    PreceptorFactory,
    RotationRequestFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.factories import (
    four_week_block as block,
)
from tests.support.files import isolated_private_storage

pytestmark = pytest.mark.django_db


def applicant_request(rotation, **kwargs) -> RotationRequest:
    """A request from an applicant with a full profile, interests and an interview."""
    application = ApplicationFactory(
        status="confirmed",
        applicant__first_name="Amina",
        applicant__last_name="Yusuf",
        target_specialty="Internal Medicine",
    )
    ApplicantProfileFactory(
        user=application.applicant,
        medical_school="University of Lagos College of Medicine",
        graduation_year=2023,
    )
    ApplicationSpecialty.objects.create(
        application=application, specialty=SpecialtyFactory(name="Cardiology"), rank=1
    )
    Interview.objects.create(
        application=application,
        starts_at=datetime.datetime(2026, 3, 1, 15, tzinfo=datetime.UTC),
        meeting_url="https://meet.example.com/x",
        status="completed",
        recommendation="strong",
    )
    return RotationRequestFactory(application=application, rotation=rotation, **kwargs)


# --- the directory --------------------------------------------------------------------------


def test_directory_shows_active_preceptors_with_their_upcoming_rotations(client):
    cardiology = SpecialtyFactory(name="Cardiology")
    preceptor = PreceptorFactory(
        user__first_name="Anita",
        user__last_name="Patel",
        title="MD, FACP",
        affiliation="Baylor College of Medicine",
        bio="Internist and clinician-educator.",
        specialties=[cardiology],
    )
    shown = block(4, preceptor=preceptor, specialty=cardiology)
    block(8, preceptor=preceptor, published=False)
    PreceptorFactory(user__last_name="Hidden", active=False)

    response = client.get("/preceptors/")
    html = response.content.decode()

    assert response.status_code == 200
    assert list(response.context["preceptors"]) == [preceptor]
    assert "Dr. Anita Patel, MD, FACP" in html
    assert "Baylor College of Medicine" in html
    assert "Internist and clinician-educator." in html
    assert re.findall(r'href="/rotations/(\d+)/"', html) == [str(shown.pk)]
    assert "Hidden" not in html


def test_directory_filters_by_specialty(client):
    cardiology, surgery = SpecialtyFactory(name="Cardiology"), SpecialtyFactory(name="Surgery")
    cardiologist = PreceptorFactory(specialties=[cardiology])
    PreceptorFactory(specialties=[surgery])

    response = client.get("/preceptors/?specialty=cardiology")

    assert list(response.context["preceptors"]) == [cardiologist]


@pytest.mark.parametrize("count", [1, 3])
def test_directory_query_count_does_not_grow_with_preceptors(
    client, count, django_assert_num_queries
):
    for _ in range(count):
        specialty = SpecialtyFactory()
        preceptor = PreceptorFactory(specialties=[specialty])
        block(4, preceptor=preceptor, specialty=specialty)
        block(8, preceptor=preceptor, specialty=specialty)

    with django_assert_num_queries(5):  # specialties filter, count, page, specialties, rotations
        response = client.get("/preceptors/")

    assert len(response.context["preceptors"]) == count


# --- the portal -----------------------------------------------------------------------------


def test_the_portal_needs_a_login(client):
    response = client.get("/preceptor/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/preceptor/"


def test_the_portal_is_a_404_for_someone_who_is_not_a_preceptor(client):
    client.force_login(ApplicationFactory().applicant)

    assert client.get("/preceptor/").status_code == 404
    assert client.get("/preceptor/profile/").status_code == 404


def test_the_portal_lists_requests_with_the_applicants_summary(client):
    rotation = block(4, specialty=SpecialtyFactory(name="Internal Medicine"))
    applicant_request(rotation)
    someone_elses = RotationRequestFactory(application__applicant__last_name="Elsewhere")
    client.force_login(rotation.preceptor.user)

    response = client.get("/preceptor/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Amina Yusuf" in html
    assert "University of Lagos College of Medicine" in html
    assert "2023" in html
    assert "Cardiology; aiming for Internal Medicine" in html
    assert "Strongly recommend" in html
    assert "Elsewhere" not in html
    assert someone_elses.rotation.preceptor != rotation.preceptor


def test_the_portal_shows_upcoming_and_past_observers_with_dates(client):
    preceptor = PreceptorFactory()
    upcoming = block(4, preceptor=preceptor)
    past = block(-12, preceptor=preceptor)
    RotationRequestFactory(
        rotation=upcoming, status=RequestStatus.CONFIRMED, application__applicant__first_name="Upc"
    )
    RotationRequestFactory(
        rotation=past, status=RequestStatus.CONFIRMED, application__applicant__first_name="Pas"
    )
    client.force_login(preceptor.user)

    portal = client.get("/preceptor/").context["portal"]

    assert [item.rotation_request.rotation for item in portal.upcoming] == [upcoming]
    assert [item.rotation_request.rotation for item in portal.past] == [past]
    assert portal.pending == []


@pytest.mark.parametrize("count", [1, 3])
def test_portal_query_count_does_not_grow_with_requests(client, count, django_assert_num_queries):
    preceptor = PreceptorFactory()
    for i in range(count):
        applicant_request(block(4 * i + 4, preceptor=preceptor))
        RotationRequestFactory(
            rotation=block(-4 * i - 8, preceptor=preceptor), status=RequestStatus.CONFIRMED
        )
    client.force_login(preceptor.user)

    # session, user with their preceptor profile, the sections with the rows shown, the applicants'
    # summaries, whether they set up a second step (the card offering it), the blocks started to
    # follow up (the "observers to evaluate" panel; none here), the observers' feedback (its
    # averages), the letters of recommendation waiting for the preceptor (one count), and whether
    # they mentor (the mentoring panel); no observer's block is still to come, so no pre-arrival
    # clearance
    with django_assert_num_queries(9):
        response = client.get("/preceptor/")

    assert len(response.context["portal"].pending) == count


def test_a_preceptor_opens_answers_and_confirms_a_request_of_their_own(client):
    rotation = block(4)
    rotation_request = applicant_request(rotation)
    client.force_login(rotation.preceptor.user)

    page = client.get(f"/preceptor/requests/{rotation_request.pk}/")
    response = client.post(f"/preceptor/requests/{rotation_request.pk}/confirm/")

    assert page.status_code == 200
    assert "Strongly recommend" in page.content.decode()
    assert response["Location"] == "/preceptor/"
    assert RotationRequest.objects.get().status == RequestStatus.CONFIRMED


def test_another_preceptors_request_is_a_404(client):
    rotation_request = RotationRequestFactory()
    client.force_login(PreceptorFactory().user)

    page = client.get(f"/preceptor/requests/{rotation_request.pk}/")
    confirm = client.post(f"/preceptor/requests/{rotation_request.pk}/confirm/")
    decline = client.post(f"/preceptor/requests/{rotation_request.pk}/decline/", {"reason": "x"})

    assert (page.status_code, confirm.status_code, decline.status_code) == (404, 404, 404)
    assert RotationRequest.objects.get().status == RequestStatus.REQUESTED


def test_a_request_page_needs_a_login(client):
    rotation_request = RotationRequestFactory()

    response = client.get(f"/preceptor/requests/{rotation_request.pk}/")

    assert response.status_code == 302


def test_declining_in_the_portal_needs_a_reason(client):
    rotation_request = RotationRequestFactory()
    client.force_login(rotation_request.rotation.preceptor.user)

    refused = client.post(f"/preceptor/requests/{rotation_request.pk}/decline/", {"reason": ""})
    declined = client.post(
        f"/preceptor/requests/{rotation_request.pk}/decline/", {"reason": "Away."}
    )

    assert refused.status_code == 400
    assert declined.status_code == 302
    rotation_request.refresh_from_db()
    assert (rotation_request.status, rotation_request.decline_reason) == (
        RequestStatus.DECLINED,
        "Away.",
    )


def test_documents_show_only_when_staff_allow(client, tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    rotation_request = RotationRequestFactory()
    document = DocumentFactory(application=rotation_request.application, kind="cv")
    preceptor = rotation_request.rotation.preceptor
    client.force_login(preceptor.user)
    url = f"/preceptor/requests/{rotation_request.pk}/documents/{document.pk}/"

    hidden_page = client.get(f"/preceptor/requests/{rotation_request.pk}/").content.decode()
    hidden_file = client.get(url)
    Preceptor.objects.filter(pk=preceptor.pk).update(may_view_documents=True)
    shown_page = client.get(f"/preceptor/requests/{rotation_request.pk}/").content.decode()
    shown_file = client.get(url)

    assert url not in hidden_page
    assert hidden_file.status_code == 404
    assert url in shown_page
    assert shown_file.status_code == 200
    assert shown_file["Content-Disposition"].startswith("attachment")
    assert b"".join(shown_file.streaming_content).startswith(b"%PDF")


def test_another_applications_document_is_a_404_even_when_allowed(client, tmp_path, settings):
    isolated_private_storage(tmp_path / "private", settings)
    rotation_request = RotationRequestFactory()
    other = DocumentFactory()
    preceptor = rotation_request.rotation.preceptor
    Preceptor.objects.filter(pk=preceptor.pk).update(may_view_documents=True)
    client.force_login(preceptor.user)

    url = f"/preceptor/requests/{rotation_request.pk}/documents/{other.pk}/"

    assert client.get(url).status_code == 404


# --- the profile ----------------------------------------------------------------------------


def test_a_preceptor_edits_their_profile(client):
    preceptor = PreceptorFactory(title="MD", affiliation="Old", bio="Old bio.")
    client.force_login(preceptor.user)

    page = client.get("/preceptor/profile/")
    response = client.post(
        "/preceptor/profile/",
        {"title": "MD, FACP", "affiliation": "Houston Methodist", "bio": "Internist."},
    )

    assert page.status_code == 200
    assert response["Location"] == "/preceptor/profile/"
    preceptor.refresh_from_db()
    assert (preceptor.title, preceptor.affiliation, preceptor.bio) == (
        "MD, FACP",
        "Houston Methodist",
        "Internist.",
    )


def test_the_profile_page_holds_the_directory_entry_and_the_account(client):
    preceptor = PreceptorFactory(
        title="MD", user__first_name="Anita", user__last_name="Patel", user__timezone="UTC"
    )
    client.force_login(preceptor.user)

    html = client.get("/preceptor/profile/").content.decode()

    assert html.count("<h1") == 1
    assert "Your entry in the directory" in html
    assert "Your name, time zone and language" in html
    for name in ("title", "affiliation", "bio", "first_name", "last_name", "timezone", "language"):
        assert f'name="{name}"' in html, name
    assert 'value="Anita"' in html
    assert "Change your password" in html


def test_a_preceptor_saves_their_name_and_time_zone_on_the_profile_page(client):
    preceptor = PreceptorFactory(title="MD", user__first_name="Old", user__timezone="UTC")
    client.force_login(preceptor.user)

    response = client.post(
        "/preceptor/profile/",
        {
            "first_name": "Anita",
            "last_name": "Patel",
            "timezone": "America/Chicago",
            "language": "es",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/preceptor/profile/", 302)]
    assert "Su perfil está guardado." in response.content.decode()
    preceptor.refresh_from_db()
    user = preceptor.user
    assert (user.first_name, user.last_name, user.timezone, user.language) == (
        "Anita",
        "Patel",
        "America/Chicago",
        "es",
    )
    assert preceptor.title == "MD"


def test_a_refused_account_part_is_shown_again_with_its_error_and_nothing_saved(client):
    preceptor = PreceptorFactory(user__first_name="Old", user__timezone="UTC")
    client.force_login(preceptor.user)

    response = client.post(
        "/preceptor/profile/",
        {"first_name": "", "last_name": "Patel", "timezone": "Mars/Olympus", "language": ""},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert 'name="bio"' in html
    preceptor.user.refresh_from_db()
    assert (preceptor.user.first_name, preceptor.user.timezone) == ("Old", "UTC")


def test_the_profile_needs_a_login(client):
    assert client.get("/preceptor/profile/").status_code == 302


def test_an_invalid_profile_is_shown_again(client):
    preceptor = PreceptorFactory(title="MD")
    client.force_login(preceptor.user)

    response = client.post("/preceptor/profile/", {"title": "", "affiliation": "", "bio": ""})

    assert response.status_code == 400
    preceptor.refresh_from_db()
    assert preceptor.title == "MD"


def test_the_navigation_shows_the_portal_to_a_preceptor(client):
    client.force_login(PreceptorFactory().user)

    assert 'href="/preceptor/"' in client.get("/rotations/").content.decode()


def test_an_applicant_is_not_a_preceptor(client):
    client.force_login(UserFactory())

    assert client.get("/preceptor/requests/1/").status_code == 404

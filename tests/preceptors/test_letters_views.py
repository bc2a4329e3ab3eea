"""The pages of letters of recommendation: the applicant's, the preceptor's, the one-time
link, and who may download a letter (waived: its preceptor and staff only)."""

import datetime
import re

import pytest
from django.utils import timezone

from preceptors.letters.links import make_letter_token
from preceptors.models import LetterRequest
from tests.factories import CoordinatorFactory, PreceptorFactory, ReviewerFactory, UserFactory
from tests.preceptors.letters_support import (
    LETTER_ID,
    accepted,
    ask,
    finished_block,
    letter_pdf,
    written,
)
from tests.support.files import isolated_private_storage, upload
from tests.support.otp import pass_second_factor

pytestmark = pytest.mark.django_db

SECRET = "Confidential: the finest observer of the decade."


@pytest.fixture(autouse=True)
def storage(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def staff_client(client, user):
    client.force_login(user)
    pass_second_factor(client, user)
    return client


# --- waiver privacy ---------------------------------------------------------------------------


def applicant_urls(letter_request) -> list[str]:
    """Every address that could serve a letter."""
    pk = letter_request.pk
    return [
        f"/dashboard/letters/{pk}/letter.pdf",
        f"/preceptor/letters/{pk}/letter.pdf",
        f"/preceptor/letters/{pk}/",
        f"/preceptor/letters/{pk}/write/",
    ]


def test_the_applicant_gets_404_on_a_waived_letter_by_every_url(client):
    letter_request = written(finished_block(), body=SECRET)
    client.force_login(letter_request.application.applicant)

    for url in applicant_urls(letter_request):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"finest observer" not in response.content
    admin = client.get(f"/admin/preceptors/letterrequest/{letter_request.pk}/letter/")
    assert admin.status_code == 302
    assert "/admin/login/" in admin["Location"]
    page = client.get("/dashboard/letters/")
    assert page.status_code == 200
    assert b"finest observer" not in page.content
    assert f"/dashboard/letters/{letter_request.pk}/letter.pdf".encode() not in page.content
    assert 'data-status="written"' in page.content.decode()


def test_staff_download_a_waived_letter_from_admin(client):
    letter_request = written(finished_block(), body=SECRET)
    staff_client(client, ReviewerFactory())

    response = client.get(f"/admin/preceptors/letterrequest/{letter_request.pk}/letter/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    change = client.get(f"/admin/preceptors/letterrequest/{letter_request.pk}/change/")
    assert f"/admin/preceptors/letterrequest/{letter_request.pk}/letter/" in change.content.decode()


def test_the_applicant_downloads_a_letter_they_did_not_waive(client):
    letter_request = written(finished_block(), waived=False)
    client.force_login(letter_request.application.applicant)

    page = client.get("/dashboard/letters/")
    response = client.get(f"/dashboard/letters/{letter_request.pk}/letter.pdf")

    assert f"/dashboard/letters/{letter_request.pk}/letter.pdf" in page.content.decode()
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_applicant_gets_404_on_a_letter_not_waived(client):
    letter_request = written(finished_block(), waived=False)
    client.force_login(UserFactory())

    assert client.get(f"/dashboard/letters/{letter_request.pk}/letter.pdf").status_code == 404


def test_the_preceptor_downloads_their_letter_and_another_preceptor_gets_404(client):
    letter_request = written(finished_block())
    client.force_login(letter_request.preceptor.user)
    mine = client.get(f"/preceptor/letters/{letter_request.pk}/letter.pdf")
    client.force_login(PreceptorFactory().user)
    theirs = client.get(f"/preceptor/letters/{letter_request.pk}/letter.pdf")

    assert mine.status_code == 200
    assert theirs.status_code == 404


# --- the applicant's page ---------------------------------------------------------------------


def test_the_applicant_asks_for_a_letter_on_their_page(client):
    block = finished_block()
    client.force_login(block.application.applicant)
    page = client.get("/dashboard/letters/")

    response = client.post(
        "/dashboard/letters/",
        {
            "block": block.pk,
            "eras_letter_id": LETTER_ID,
            "specialty": "Internal Medicine",
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "waiver": "waive",
        },
    )

    assert "Dr. Grace Okafor" in page.content.decode()
    assert response.status_code == 302
    letter_request = LetterRequest.objects.get()
    assert (letter_request.eras_letter_id, letter_request.waived) == (LETTER_ID, True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("eras_letter_id", "12-34", "not an ERAS Letter ID"),
        ("due_date", "2001-01-01", "past"),
        ("block", "999999", "Select a valid choice"),
        ("waiver", "maybe", "Select a valid choice"),
    ],
)
def test_bad_input_on_the_applicants_page_is_refused_and_nothing_stored(
    client, field, value, message
):
    block = finished_block()
    client.force_login(block.application.applicant)
    data = {
        "block": block.pk,
        "eras_letter_id": LETTER_ID,
        "specialty": "Internal Medicine",
        "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "waiver": "keep",
    }
    data[field] = value

    response = client.post("/dashboard/letters/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert LetterRequest.objects.count() == 0


def test_a_block_someone_else_observed_cannot_be_chosen(client):
    block = finished_block()
    other = finished_block(application=None)
    client.force_login(block.application.applicant)

    response = client.post(
        "/dashboard/letters/",
        {
            "block": other.pk,
            "eras_letter_id": LETTER_ID,
            "specialty": "Internal Medicine",
            "due_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "waiver": "waive",
        },
    )

    assert response.status_code == 400
    assert LetterRequest.objects.count() == 0


def test_the_applicants_page_before_a_block_ends_explains_when_to_ask(client):
    client.force_login(UserFactory())

    response = client.get("/dashboard/letters/")

    assert "once your block with them is complete" in response.content.decode()


def test_the_letters_page_needs_a_login(client):
    response = client.get("/dashboard/letters/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- the preceptor's pages --------------------------------------------------------------------


def test_the_preceptor_sees_the_letter_id_with_a_copy_button_and_the_steps(client):
    letter_request = written(finished_block())
    client.force_login(letter_request.preceptor.user)

    html = client.get(f"/preceptor/letters/{letter_request.pk}/").content.decode()

    assert f'value="{LETTER_ID}"' in html
    assert 'data-copy-target="eras-letter-id"' in html
    assert "Letter of Recommendation Portal" in html
    assert f'action="/preceptor/letters/{letter_request.pk}/eras/"' in html


def test_the_write_form_opens_with_the_draft_and_saves_only_on_save(client, storage):
    block = finished_block()
    letter_request = accepted(block)
    client.force_login(letter_request.preceptor.user)
    url = f"/preceptor/letters/{letter_request.pk}/write/"

    form = client.get(url).content.decode()
    preview = client.post(url, {"body": "Dear Program Director,\n\nEdited.", "preview": "1"})
    letter_request.refresh_from_db()
    status_after_preview = letter_request.status
    saved = client.post(url, {"body": "Dear Program Director,\n\nEdited.", "save": "1"})

    assert "It is my pleasure to recommend Amina Yusuf" in form
    assert "Memorial Hermann Hospital" in form
    assert "Edited." in preview.content.decode()
    assert status_after_preview == "accepted"
    assert saved.status_code == 302
    letter_request.refresh_from_db()
    assert letter_request.status == "written"
    assert letter_request.letter_text == "Dear Program Director,\n\nEdited."


def test_an_upload_ERAS_would_refuse_is_shown_with_the_reason(client, storage):
    letter_request = accepted(finished_block())
    client.force_login(letter_request.preceptor.user)

    response = client.post(
        f"/preceptor/letters/{letter_request.pk}/upload/",
        {"file": upload("letter.pdf", letter_pdf(width=595, height=842))},
    )

    assert response.status_code == 400
    assert "A4" in response.content.decode()
    assert [p for p in storage.rglob("*") if p.is_file()] == []


def test_the_preceptor_ticks_uploaded_to_eras(client):
    letter_request = written(finished_block())
    client.force_login(letter_request.preceptor.user)

    response = client.post(f"/preceptor/letters/{letter_request.pk}/eras/", {"done": "on"})

    assert response.status_code == 302
    letter_request.refresh_from_db()
    assert letter_request.status == "uploaded"


def test_another_preceptors_letter_is_a_404(client):
    letter_request = ask(finished_block())
    client.force_login(PreceptorFactory().user)

    assert client.get(f"/preceptor/letters/{letter_request.pk}/").status_code == 404
    assert client.post(f"/preceptor/letters/{letter_request.pk}/accept/").status_code == 404
    assert LetterRequest.objects.get(pk=letter_request.pk).status == "requested"


def letters_for(preceptor, count):
    for number in range(count):
        block = finished_block(preceptor=preceptor, weeks_ago=2 + 5 * number)
        ask(block, eras_letter_id=f"{LETTER_ID[:-1]}{number}")


@pytest.mark.parametrize("count", [1, 3])
def test_the_preceptors_list_takes_the_same_queries_for_1_and_3(
    client, count, django_assert_num_queries
):
    preceptor = PreceptorFactory()
    letters_for(preceptor, count)
    client.force_login(preceptor.user)
    client.get("/preceptor/letters/")  # the session and the middleware's lookups, cached

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get("/preceptor/letters/")

    assert (
        len(re.findall(r'class="py-2 border-top letter-row"', response.content.decode())) == count
    )


@pytest.mark.parametrize("count", [1, 3])
def test_the_applicants_page_takes_the_same_queries_for_1_and_3(
    client, count, django_assert_num_queries
):
    block = finished_block()
    for number in range(count):
        ask(block, eras_letter_id=f"{LETTER_ID[:-1]}{number}", specialty=f"Specialty {number}")
    client.force_login(block.application.applicant)
    client.get("/dashboard/letters/")

    with django_assert_num_queries(QUERIES_APPLICANT):
        response = client.get("/dashboard/letters/")

    assert response.content.decode().count('class="py-3 border-top letter-row"') == count


QUERIES_LIST = 3  # session, user with their preceptor profile, the letters
# session, user (with their preceptor profile), application, blocks (with their
# attendance), their evaluations, letters, the form
QUERIES_APPLICANT = 8


# --- the one-time link ------------------------------------------------------------------------


def test_the_link_accepts_once_then_says_it_was_used(client):
    letter_request = ask(finished_block())
    url = f"/preceptor/letters/respond/{make_letter_token(letter_request=letter_request)}/"

    shown = client.get(url)
    done = client.post(url, {"accept": "1"})
    again = client.post(url, {"accept": "1"})

    assert shown.status_code == 200
    assert "Amina Yusuf asks you for a letter of recommendation" in shown.content.decode()
    assert done.status_code == 200
    assert f"/preceptor/letters/{letter_request.pk}/write/" in done.content.decode()
    assert again.status_code == 410
    assert "used already" in again.content.decode()
    assert LetterRequest.objects.get(pk=letter_request.pk).status == "accepted"


def test_the_link_declines_with_a_message(client):
    letter_request = ask(finished_block())
    url = f"/preceptor/letters/respond/{make_letter_token(letter_request=letter_request)}/"

    response = client.post(url, {"decline": "1", "message": "I am sorry, not this year."})

    assert response.status_code == 200
    letter_request.refresh_from_db()
    assert (letter_request.status, letter_request.decline_message) == (
        "declined",
        "I am sorry, not this year.",
    )


def test_an_expired_link_changes_nothing(client, settings):
    letter_request = ask(finished_block())
    url = f"/preceptor/letters/respond/{make_letter_token(letter_request=letter_request)}/"
    settings.LETTER_LINK_MAX_AGE = -1

    response = client.post(url, {"accept": "1"})

    assert response.status_code == 410
    assert LetterRequest.objects.get(pk=letter_request.pk).status == "requested"


def test_a_link_opened_by_another_preceptor_is_a_404(client):
    letter_request = ask(finished_block())
    client.force_login(PreceptorFactory().user)

    response = client.get(
        f"/preceptor/letters/respond/{make_letter_token(letter_request=letter_request)}/"
    )

    assert response.status_code == 404


def test_coordinators_see_the_letter_requests_list(client):
    written(finished_block())
    staff_client(client, CoordinatorFactory())

    response = client.get("/admin/preceptors/letterrequest/")

    assert response.status_code == 200
    assert "Internal Medicine" in response.content.decode()


# --- the panels -------------------------------------------------------------------------------


def test_the_dashboard_shows_the_letters_panel_once_a_block_has_ended(client):
    block = finished_block()
    client.force_login(block.application.applicant)
    before = client.get("/dashboard/").content.decode()
    ask(block)

    after = client.get("/dashboard/").content.decode()

    assert "ask your preceptor for a letter for ERAS" in before
    assert 'class="card mt-4 dashboard-letters"' in after
    assert 'data-status="requested"' in after


def test_the_dashboard_has_no_letters_panel_before_a_block_ends(client):
    user = UserFactory()
    from tests.factories import ApplicationFactory

    ApplicationFactory(applicant=user, status="confirmed")
    client.force_login(user)

    assert "dashboard-letters" not in client.get("/dashboard/").content.decode()


def test_the_portal_counts_the_letters_waiting_for_the_preceptor(client):
    preceptor = PreceptorFactory()
    letters_for(preceptor, 3)
    client.force_login(preceptor.user)

    html = client.get("/preceptor/").content.decode()

    assert "3 letter requests need your answer or your letter." in html


def test_the_preceptor_agrees_to_requests_from_the_second_half_on_their_profile(client):
    preceptor = PreceptorFactory()
    client.force_login(preceptor.user)

    response = client.post(
        "/preceptor/profile/",
        {
            "title": "MD",
            "affiliation": "Baylor College of Medicine",
            "bio": "",
            "accepts_early_letter_requests": "on",
        },
    )

    assert response.status_code == 302
    preceptor.refresh_from_db()
    assert preceptor.accepts_early_letter_requests is True


def test_the_portal_keeps_the_way_to_letters_once_all_are_done(client):
    letter_request = written(finished_block())
    letter_request.refresh_from_db()
    from preceptors.letters import services

    services.mark_uploaded_to_eras(letter_request=letter_request, by=letter_request.preceptor.user)
    client.force_login(letter_request.preceptor.user)

    html = client.get("/preceptor/").content.decode()

    assert "Every letter request is answered and in ERAS or declined." in html
    assert 'href="/preceptor/letters/"' in html


def test_a_preceptor_never_asked_has_no_letters_panel(client):
    preceptor = PreceptorFactory()
    client.force_login(preceptor.user)

    assert "portal-letters" not in client.get("/preceptor/").content.decode()

"""/verify/ and /verify/<code>/: anyone checks a document; the minimum is shown."""

import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from hmc_portal.issuance import services
from tests.factories import CoordinatorFactory, UserFactory
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.deactivate()


@pytest.fixture
def document(storage_root):
    owner = UserFactory(first_name="Minh", last_name="Nguyễn", email="minh.nguyen@example.vn")
    return issue_sample(owner=owner, holder_name="Nguyễn Thị Minh", reference="INV-2026-0007")


def page_text(response) -> str:
    return response.content.decode()


def test_a_valid_code_shows_the_kind_holder_reference_and_date(client, document):
    response = client.get(f"/verify/{document.grouped_code}/")

    body = page_text(response)
    assert response.status_code == 200
    assert '<h1 class="h2 mb-3">Valid document</h1>' in body
    assert "Letter of attendance" in body
    assert "Nguyễn Thị Minh" in body
    assert "INV-2026-0007" in body
    assert document.grouped_code in body
    assert f'<time datetime="{document.issued_on.isoformat()}">' in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_page_shows_no_email_no_title_and_no_link_to_the_file(client, document):
    body = page_text(client.get(f"/verify/{document.grouped_code}/"))

    assert "minh.nguyen@example.vn" not in body
    assert document.file.name not in body
    assert ".pdf" not in body
    assert document.sha256 not in body


@pytest.mark.parametrize(
    "variant",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("-", "").lower(),
        lambda code: code.replace("-", "%20"),
    ],
)
def test_the_code_is_read_in_any_case_with_or_without_dashes(client, document, variant):
    response = client.get(f"/verify/{variant(document.grouped_code)}/")

    assert response.status_code == 200
    assert "Nguyễn Thị Minh" in page_text(response)


def test_a_revoked_document_says_when_and_why(client, document):
    services.revoke_document(
        document=document, by=CoordinatorFactory(), reason="Replaced by INV-2026-0008."
    )

    response = client.get(f"/verify/{document.grouped_code}/")

    body = page_text(response)
    assert response.status_code == 200
    assert '<h1 class="h2 mb-3">Revoked document</h1>' in body
    assert "This document was revoked on" in body
    assert "Reason: Replaced by INV-2026-0008." in body
    assert "This document is genuine" not in body


@pytest.mark.parametrize(
    "code", ["K7QF-9M2X-4HTB-WZ3N-8CPE", "not-a-code", "0000-0000-0000-0000-0000", "x" * 500]
)
def test_an_unknown_code_is_a_404_saying_so(client, document, code):
    response = client.get(f"/verify/{code}/")

    body = page_text(response)
    assert response.status_code == 404
    assert "Unknown verification code" in body
    assert "Nguyễn Thị Minh" not in body


def test_the_form_sends_a_typed_code_to_its_page(client, document):
    typed = " " + document.grouped_code.lower().replace("-", " ") + " "

    response = client.get("/verify/", {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{document.grouped_code}/"


def test_the_form_without_a_code_asks_for_one(client):
    response = client.get("/verify/")

    body = page_text(response)
    assert response.status_code == 200
    assert "Check an issued document" in body
    assert 'name="code"' in body
    assert 'method="get"' in body


@pytest.mark.parametrize("typed", ["", "K7QF", "K7QF-9M2X-4HTB-WZ3N-8CPE-XXXX", "K" * 5000])
def test_the_form_refuses_what_cannot_be_a_code_with_a_message(client, typed):
    response = client.get("/verify/", {"code": typed})

    body = page_text(response)
    assert response.status_code == 400
    assert "There is a problem" in body
    assert 'id="id_code"' in body


def test_a_nul_byte_in_the_code_is_the_sites_bad_request(client):
    assert client.get("/verify/", {"code": "a\x00b"}).status_code == 400


def test_the_pages_read_in_spanish(client, document):
    client.cookies["django_language"] = "es"

    valid = page_text(client.get(f"/verify/{document.grouped_code}/"))
    unknown = client.get("/verify/K7QF-9M2X-4HTB-WZ3N-8CPE/")
    form = page_text(client.get("/verify/"))

    assert "Documento válido" in valid
    assert "Nguyễn Thị Minh" in valid
    assert unknown.status_code == 404
    assert "Código de verificación desconocido" in page_text(unknown)
    assert "Comprobar un documento emitido" in form


def test_one_query_for_a_lookup_and_none_for_text_that_cannot_be_a_code(
    client, document, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert client.get(f"/verify/{document.grouped_code}/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/verify/nope/").status_code == 404


def test_the_page_shows_the_date_printed_on_the_document_whatever_the_readers_zone(
    client, storage_root, monkeypatch
):
    # 03:00 UTC on 8 December is still 7 December in Houston, where the program issues.
    moment = datetime.datetime(2026, 12, 8, 3, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    document = issue_sample(owner=UserFactory(timezone="Asia/Kolkata"))
    client.force_login(UserFactory(timezone="Asia/Tokyo"))

    body = page_text(client.get(f"/verify/{document.grouped_code}/"))

    with document.file.open("rb") as handle:
        printed = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Date of issue 7 December 2026" in printed
    assert '<time datetime="2026-12-07">Monday 7 December 2026</time>' in body

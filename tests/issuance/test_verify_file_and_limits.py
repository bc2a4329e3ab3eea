"""/verify/<code>/ compares a visitor's PDF with the one issued, byte for byte, and keeps
nothing; every address may check only so many codes or files a minute (counted in Redis),
and without Redis the checks go on."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(storage_root):
    return issue_sample(owner=UserFactory(first_name="Amina", last_name="Yusuf"))


def issued_bytes(document) -> bytes:
    with document.file.open("rb") as stored:
        return stored.read()


def compare(client, document, content: bytes, name="letter.pdf"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/verify/{document.grouped_code}/", {"file": upload})


def files_under(root) -> set:
    return {path for path in root.rglob("*") if path.is_file()}


def test_the_issued_pdf_is_recognised_and_nothing_is_kept(client, document, storage_root):
    before = files_under(storage_root)

    response = compare(client, document, issued_bytes(document))

    body = response.content.decode()
    assert response.status_code == 200
    assert "“letter.pdf” is exactly the document issued with this code" in body
    assert files_under(storage_root) == before


def test_a_pdf_changed_by_one_byte_is_called_altered(client, document):
    content = bytearray(issued_bytes(document))
    content[len(content) // 2] ^= 0x01

    response = compare(client, document, bytes(content))

    body = response.content.decode()
    assert "is not the document issued with this code" in body
    assert "is exactly the document" not in body


def test_no_file_is_a_clear_message(client, document):
    response = client.post(f"/verify/{document.grouped_code}/", {})

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_a_file_too_large_to_be_ours_is_refused(client, document, settings):
    settings.VERIFY_MAX_FILE_BYTES = 1024

    response = compare(client, document, b"%PDF-1.7\n" + b"0" * 2048)

    assert response.status_code == 400
    assert "cannot be the document we issued" in response.content.decode()


def test_an_unknown_code_offers_no_comparison(client, document):
    upload = SimpleUploadedFile("x.pdf", issued_bytes(document), content_type="application/pdf")
    response = client.post("/verify/AAAA-BBBB-CCCC-DDDD-EEEE/", {"file": upload})

    assert response.status_code == 404
    assert "Unknown verification code" in response.content.decode()
    assert "exactly the document" not in response.content.decode()


def test_a_malformed_code_and_an_unknown_one_get_the_same_page(client, document):
    unknown = client.get("/verify/AAAA-BBBB-CCCC-DDDD-EEEE/")
    malformed = client.get("/verify/not-a-code/")

    def page(response, path):  # the language menu's CSRF token (masked anew each time) and
        # its "back to this page" address differ; nothing else may
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return text.replace(path, "<path>")

    assert unknown.status_code == malformed.status_code == 404
    assert page(unknown, "/verify/AAAA-BBBB-CCCC-DDDD-EEEE/") == page(
        malformed, "/verify/not-a-code/"
    )


def test_an_address_checking_too_often_waits(client, document, settings):
    settings.VERIFY_CHECKS_PER_MINUTE = 3
    page = f"/verify/{document.grouped_code}/"

    answers = [client.get(page).status_code for _ in range(3)]
    refused = client.get(page)
    other_address = client.get(page, REMOTE_ADDR="203.0.113.9")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Please wait" in refused.content.decode()
    assert "Amina Yusuf" not in refused.content.decode()
    assert other_address.status_code == 200
    # The code form and the file comparison count too.
    assert client.get("/verify/", {"code": document.grouped_code}).status_code == 429
    assert compare(client, document, b"%PDF").status_code == 429


def test_without_redis_the_checks_go_on(client, document, settings):
    settings.VERIFY_CHECKS_PER_MINUTE = 1
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    statuses = [client.get(f"/verify/{document.grouped_code}/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_the_page_in_spanish(client, document, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.get(f"/verify/{document.grouped_code}/", HTTP_ACCEPT_LANGUAGE="es")

    assert "¿Su copia es la que emitimos?" in response.content.decode()

"""A 10 MB upload must not be held in the web process's memory: Django spools it to disk
(FILE_UPLOAD_MAX_MEMORY_SIZE), and checking, hashing and storing it read it in chunks."""

import gc
import hashlib
import tracemalloc

import pytest

from applications.models import Document
from tests.factories import ApplicationFactory, UserFactory
from tests.support.files import (
    isolated_private_storage,
    noise_png_file,
    pdf_of_size,
    stored_files,
)

pytestmark = pytest.mark.django_db

BOUNDARY = "----hmc-memory-test-boundary"
PEAK_LIMIT = 3 * 1024 * 1024


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


def write_multipart(path, *, kind: str, name: str, content_type: str, source) -> int:
    """The request body a browser sends, written to disk so that the test itself does not
    hold it in memory either; returns its length."""
    with path.open("wb") as body:
        body.write(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n{kind}\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        with source.open("rb") as data:
            while chunk := data.read(64 * 1024):
                body.write(chunk)
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def post_streamed(client, path: str, body_path, length: int):
    """POST through the test client with the body streamed from a file: Client.post would
    first build the whole multipart body in memory, which would measure the test, not the
    web process."""
    with body_path.open("rb") as stream:
        return client.request(
            REQUEST_METHOD="POST",
            PATH_INFO=path,
            CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
            CONTENT_LENGTH=str(length),
            **{"wsgi.input": stream},
        )


def make_pdf(path, size):
    path.write_bytes(pdf_of_size(size))
    return "application/pdf", "big.pdf"


def make_png(path, size):
    noise_png_file(path, side=1850)  # about 10.3 MB of incompressible pixels
    assert size - 300_000 < path.stat().st_size <= size
    return "image/png", "big.png"


@pytest.mark.parametrize("make", [make_pdf, make_png], ids=["pdf", "png"])
def test_a_10_mb_upload_stays_out_of_memory(client, tmp_path, settings, private_dir, make):
    user = UserFactory()
    ApplicationFactory(applicant=user, intake="2027")
    client.force_login(user)
    client.get("/apply/documents/")  # warm caches: templates, URL resolvers, the session
    source = tmp_path / "source"
    content_type, name = make(source, settings.DOCUMENT_MAX_BYTES)
    expected_sha = hashlib.sha256(source.read_bytes()).hexdigest()
    body = tmp_path / "body"
    length = write_multipart(
        body, kind="transcript", name=name, content_type=content_type, source=source
    )
    gc.collect()

    tracemalloc.start()
    try:
        response = post_streamed(client, "/apply/documents/", body, length)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.size == source.stat().st_size
    assert document.sha256 == expected_sha
    assert stored_files(private_dir) == [document.file.name]
    assert peak < PEAK_LIMIT, f"peak {peak / 1024 / 1024:.1f} MB"

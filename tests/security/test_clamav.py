"""Virus scanning of uploads by clamd (settings.CLAMAV_URL): the client against a small
clamd of our own that speaks the real protocol over a real socket, the upload view with the
scanner on, found and down, and the EICAR test file against a real clamd where one runs."""

from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from applications.models import Document
from hmc_portal import clamav
from tests.factories import ApplicationFactory, UserFactory
from tests.support import files as f
from tests.support.clamd import FakeClamd

STEP = "/apply/documents/"


@pytest.fixture
def socket_dir():
    # A short path of its own: unix socket paths are limited to about 100 bytes.
    with tempfile.TemporaryDirectory(prefix="clamd-") as path:
        yield Path(path)


@pytest.fixture
def fake_clamd(socket_dir):
    with FakeClamd(socket_dir / "clamd.sock") as server:
        yield server


def test_scan_of_clean_data_is_none_and_sends_every_byte(fake_clamd):
    data = os.urandom(200_000)
    chunks = [data[i : i + 65536] for i in range(0, len(data), 65536)]

    assert clamav.scan(fake_clamd.url, chunks) is None
    assert fake_clamd.received == [data]


def test_scan_names_the_signature_found(fake_clamd):
    assert clamav.scan(fake_clamd.url, [b"before ", f.EICAR]) == "Eicar-Test-Signature"


def test_scan_accepts_a_bare_socket_path(fake_clamd):
    assert clamav.scan(str(fake_clamd.path), [f.EICAR]) == "Eicar-Test-Signature"


def test_scan_raises_when_clamd_answers_an_error(socket_dir):
    with (
        FakeClamd(socket_dir / "clamd.sock", answer_error=True) as server,
        pytest.raises(clamav.ScannerUnavailable, match="size limit exceeded"),
    ):
        clamav.scan(server.url, [b"data"])


def test_scan_raises_when_clamd_is_not_there(socket_dir):
    with pytest.raises(clamav.ScannerUnavailable):
        clamav.scan(f"unix://{socket_dir}/missing.sock", [b"data"])
    with pytest.raises(clamav.ScannerUnavailable):
        clamav.scan("tcp://127.0.0.1:9", [b"data"], timeout=2)


# --- through the upload view --------------------------------------------------------------------


@pytest.fixture
def private_dir(tmp_path, settings):
    return f.isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def applicant(client, db):
    user = UserFactory()
    client.force_login(user)
    ApplicationFactory(applicant=user, intake="2027")
    return user


def page_text(response) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_upload_with_the_scanner_on_stores_a_clean_file(
    client, applicant, private_dir, settings, fake_clamd
):
    settings.CLAMAV_URL = fake_clamd.url
    data = f.pdf_bytes()

    response = client.post(STEP, {"kind": "cv", "file": f.upload("cv.pdf", data)})

    assert response.status_code == 302
    assert fake_clamd.received == [data]
    assert Document.objects.get().sha256 == hashlib.sha256(data).hexdigest()
    assert len(f.stored_files(private_dir)) == 1


def test_upload_of_an_infected_file_is_refused_and_nothing_stored(
    client, applicant, private_dir, settings, fake_clamd
):
    settings.CLAMAV_URL = fake_clamd.url

    response = client.post(STEP, {"kind": "cv", "file": f.upload("cv.pdf", f.EICAR)})

    assert response.status_code == 400
    assert "Our virus scanner found Eicar-Test-Signature in this file" in page_text(response)
    assert Document.objects.count() == 0
    assert f.stored_files(private_dir) == []


def test_upload_while_the_scanner_is_down_is_refused_and_nothing_stored(
    client, applicant, private_dir, settings, socket_dir
):
    settings.CLAMAV_URL = f"unix://{socket_dir}/down.sock"

    response = client.post(STEP, {"kind": "cv", "file": f.upload("cv.pdf", f.pdf_bytes())})

    assert response.status_code == 400
    assert "We could not check this file for viruses just now" in page_text(response)
    assert "Please try again later." in page_text(response)
    assert Document.objects.count() == 0
    assert f.stored_files(private_dir) == []


@pytest.fixture
def real_clamd(socket_dir):
    """A running clamd: the one CLAMD_TEST_SOCKET or CLAMAV_URL names, else one this test
    starts from a local clamd binary, with a signature database of its own holding only the
    EICAR test file (the official databases need a download), else a skip that -ra reports."""
    for variable in ("CLAMD_TEST_SOCKET", "CLAMAV_URL"):
        if value := os.environ.get(variable, ""):
            yield value
            return
    binary = shutil.which("clamd") or next(
        (p for p in ("/usr/sbin/clamd", "/usr/local/sbin/clamd") if Path(p).exists()), None
    )
    if binary is None:
        pytest.skip(
            "clamd is not installed here: install clamav-daemon, or set CLAMD_TEST_SOCKET "
            "(unix:///path or tcp://host:port) to a running clamd, to run the EICAR test"
        )
    database = socket_dir / "db"
    database.mkdir()
    md5 = hashlib.md5(f.EICAR, usedforsecurity=False).hexdigest()
    (database / "eicar.hdb").write_text(f"{md5}:{len(f.EICAR)}:Eicar-Test-Signature\n")
    socket_path = socket_dir / "clamd.sock"
    config = socket_dir / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {database}\nForeground yes\n"
        f"LogFile {socket_dir / 'clamd.log'}\nPidFile {socket_dir / 'clamd.pid'}\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (socket_dir / "clamd.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"clamd did not start: {log}")
            time.sleep(0.2)
        yield f"unix://{socket_path}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_real_clamd_refuses_the_eicar_file(client, applicant, private_dir, settings, real_clamd):
    settings.CLAMAV_URL = real_clamd
    clean = client.post(STEP, {"kind": "cv", "file": f.upload("cv.pdf", f.pdf_bytes())})

    response = client.post(STEP, {"kind": "other", "file": f.upload("eicar.pdf", f.EICAR)})

    assert clean.status_code == 302  # the same clamd lets a clean file through
    assert response.status_code == 400
    assert "Our virus scanner found Eicar" in page_text(response)
    assert Document.objects.count() == 1
    assert len(f.stored_files(private_dir)) == 1

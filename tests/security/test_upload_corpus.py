"""Hostile uploads through the real upload view, as the applicant.

Each case is a file someone might send to attack the program office's staff or the portal:
active PDF content, files that are two formats at once, bombs, tricks in the name. A refused
file must leave the Document table and the private storage exactly as they were and say why;
a PDF with scripts is accepted only as a rewritten copy without them, and says so.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from applications.models import Document
from tests.factories import ApplicationFactory, DocumentFactory, UserFactory
from tests.support import files as f

pytestmark = pytest.mark.django_db

STEP = "/apply/documents/"
REMOVED = "We removed scripts and automatic actions from it; the document itself is unchanged."
TWO_FILES = "so it may be two files in one"
ZIP_INSIDE = "has a ZIP archive hidden inside"
HTML_INSIDE = "has web page code (HTML) hidden inside"


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    data: Callable[[], bytes]
    message: str  # a part of the answer shown on the page
    stored_name: str | None = None  # accepted: the cleaned name kept; None: refused
    rewritten: bool = False
    prepare: Callable | None = None  # (application, settings) -> None


def twenty_documents(application, settings):
    DocumentFactory.create_batch(settings.DOCUMENT_MAX_FILES, application=application, kind="other")


def small_limit(application, settings):
    settings.DOCUMENT_MAX_BYTES = 4096


def truncated_pdf() -> bytes:
    data = f.pdf_bytes(pages=3)
    return data[: len(data) // 2]


def pdf_with_script_text_before_eof() -> bytes:
    """HTML smuggled into a PDF comment just before its %%EOF: no trailing data, but a
    browser sniffing the last kilobytes would find a script."""
    data = f.pdf_bytes()
    end = data.rindex(b"%%EOF")
    return data[:end] + b"%<script>alert(document.cookie)</script>\n" + data[end:]


CASES = [
    # active PDF content: rewritten without it, and the applicant is told
    Case(
        "pdf-openaction-js",
        "transcript.pdf",
        f.pdf_with_open_action,
        REMOVED,
        "transcript.pdf",
        True,
    ),
    Case("pdf-escaped-openaction", "a.pdf", f.pdf_with_escaped_open_action, REMOVED, "a.pdf", True),
    Case("pdf-names-javascript", "cv.pdf", f.pdf_with_javascript_names, REMOVED, "cv.pdf", True),
    Case("pdf-page-and-doc-aa", "cv.pdf", f.pdf_with_page_aa, REMOVED, "cv.pdf", True),
    Case("pdf-launch-link", "cv.pdf", f.pdf_with_launch_link, REMOVED, "cv.pdf", True),
    # polyglots: refused
    Case("jpeg-zip-appended", "photo.jpg", f.jpeg_with_zip_appended, TWO_FILES),
    Case("jpeg-zip-in-comment", "photo.jpg", f.jpeg_with_zip_in_comment, ZIP_INSIDE),
    Case("pdf-trailing-html", "cv.pdf", f.pdf_with_trailing_html, TWO_FILES),
    Case("pdf-script-before-eof", "cv.pdf", pdf_with_script_text_before_eof, HTML_INSIDE),
    Case("png-trailing-data", "scan.png", f.png_with_trailing_data, TWO_FILES),
    # not a document at all
    Case("html-as-pdf", "cv.pdf", lambda: f.HTML, "This file is a web page (HTML or XML)"),
    Case("svg-as-png", "photo.png", lambda: f.SVG, "This file is an SVG image"),
    Case("exe-as-pdf", "cv.pdf", lambda: f.MZ, "This file is a program, not a document."),
    Case("png-as-pdf", "cv.pdf", f.png_bytes, "ends in .pdf, but its content is a PNG image"),
    # bombs, limits, damage
    Case("png-bomb", "scan.png", f.png_bomb, "This image is too large"),
    Case("empty", "cv.pdf", lambda: b"", "The file is empty."),
    Case(
        "oversize",
        "cv.pdf",
        lambda: f.pdf_bytes(padding=8000),
        "The file is larger than 0.00390625 MB",
        prepare=small_limit,
    ),
    Case(
        "21st-file",
        "cv.pdf",
        f.pdf_bytes,
        "An application can hold at most 20 files",
        prepare=twenty_documents,
    ),
    Case("truncated-pdf", "cv.pdf", truncated_pdf, "This PDF could not be read"),
    Case(
        "encrypted-pdf",
        "cv.pdf",
        lambda: f.pdf_bytes(password="secret"),
        "This PDF is protected by a password",
    ),
    # names: cleaned, never trusted
    Case("name-dot-dot-slash", "../../../etc/passwd.pdf", f.pdf_bytes, "uploaded", "passwd.pdf"),
    Case("name-backslashes", "..\\..\\boot.ini.pdf", f.pdf_bytes, "uploaded", "boot.ini.pdf"),
    Case("name-nul", "cv\x00.exe.pdf", f.pdf_bytes, "uploaded", "cv.exe.pdf"),
    Case(
        "name-rtl-override",
        "invoice\u202efdp.exe.pdf",
        f.pdf_bytes,
        "uploaded",
        "invoicefdp.exe.pdf",
    ),
    Case("name-300-chars", "a" * 296 + ".pdf", f.pdf_bytes, "uploaded", "a" * 96 + ".pdf"),
    Case("name-only-dots", "....", f.pdf_bytes, "uploaded", "document.pdf"),
    Case(
        "name-html",
        "<img src=x onerror=alert(1)>.png",
        f.png_bytes,
        "uploaded",
        "<img src=x onerror=alert(1)>.png",
    ),
    # controls: what must still be accepted untouched
    Case("pdf-clean", "cv.pdf", f.pdf_bytes, "uploaded", "cv.pdf"),
    Case(
        "pdf-trailing-newlines",
        "cv.pdf",
        lambda: f.pdf_bytes() + b"\r\n\n  \n",
        "uploaded",
        "cv.pdf",
    ),
    Case("jpeg-clean", "photo.jpeg", f.jpeg_bytes, "uploaded", "photo.jpeg"),
]


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return f.isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def application(client):
    user = UserFactory()
    client.force_login(user)
    return ApplicationFactory(applicant=user, intake="2027")


def page_text(response) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def active_content(data: bytes) -> list[str]:
    """Every place a PDF reader would run something from, found independently of the code
    under test; plus the raw words that would betray a script left in the bytes."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    found = [key for key in ("/OpenAction", "/AA") if key in root]
    if "/Names" in root and "/JavaScript" in root["/Names"]:
        found.append("/Names/JavaScript")
    for page in reader.pages:
        if "/AA" in page:
            found.append("page /AA")
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if "/AA" in annotation or (
                action is not None and action.get_object().get("/S") in ("/JavaScript", "/Launch")
            ):
                found.append("annotation action")
    found += [
        word.decode()
        for word in (b"/JavaScript", b"/Launch", b"/JS", b"app.alert", b"cmd.exe")
        if word in data
    ]
    return found


def test_the_corpus_is_big_enough():
    assert len([case for case in CASES if case.stored_name is None or case.rewritten]) >= 20


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_upload(client, application, private_dir, settings, case):
    if case.prepare:
        case.prepare(application, settings)
    data = case.data()
    rows_before = list(Document.objects.order_by("pk").values_list("pk", "sha256"))
    files_before = f.stored_files(private_dir)

    response = client.post(STEP, {"kind": "other", "file": f.upload(case.name, data)})

    if case.stored_name is None:
        assert response.status_code == 400
        assert case.message in page_text(response)
        assert list(Document.objects.order_by("pk").values_list("pk", "sha256")) == rows_before
        assert f.stored_files(private_dir) == files_before
        return

    assert response.status_code == 302
    shown = page_text(client.get(response["Location"]))
    assert case.message in shown
    document = Document.objects.exclude(pk__in=[pk for pk, _ in rows_before]).get()
    assert document.original_name == case.stored_name
    new_files = sorted(set(f.stored_files(private_dir)) - set(files_before))
    assert new_files == [document.file.name]
    stored = (private_dir / document.file.name).read_bytes()
    assert document.size == len(stored)
    if case.rewritten:
        assert active_content(data) != []  # the case really was hostile
        assert active_content(stored) == []
        assert len(PdfReader(io.BytesIO(stored)).pages) == 1
        assert document.sha256 == hashlib.sha256(stored).hexdigest()
    else:
        assert stored == data
        assert REMOVED not in shown

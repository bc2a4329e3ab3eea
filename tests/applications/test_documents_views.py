import datetime
import hashlib
import html as html_lib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from applications.enums import ApplicationStatus
from applications.models import Application, Document
from tests.factories import ApplicationFactory, DocumentFactory, StaffFactory, UserFactory
from tests.support.files import (
    ELF,
    HTML,
    SVG,
    isolated_private_storage,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

STEP = "/apply/documents/"
KEY = re.compile(r"^documents/[0-9a-f]{32}$")


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def applicant(client):
    user = UserFactory(timezone="Asia/Kolkata")
    client.force_login(user)
    return user


@pytest.fixture
def application(applicant):
    return ApplicationFactory(applicant=applicant, intake="2027")


def set_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()


def post_upload(client, name, data, kind="cv"):
    return client.post(STEP, {"kind": kind, "file": upload(name, data)})


def field_error(html: str, field: str) -> str:
    """The text of the error crispy renders under a field (id error_1_id_<field>)."""
    match = re.search(rf'id="error_1_id_{field}"[^>]*>(.*?)</', html, re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def row_error(html: str, kind: str) -> str:
    """The error shown in a checklist row, under its Upload button (role=alert)."""
    match = re.search(rf'id="upload-checklist-{kind}-error"[^>]*>(.*?)</div>', html, re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def row_html(html: str, kind: str) -> str:
    """One checklist row (<li data-document-row=kind>) of the page."""
    match = re.search(rf'<li [^>]*data-document-row="{kind}".*?</li>', html, re.S)
    return match.group(0) if match else ""


# --- the step page ------------------------------------------------------------------------------


def test_documents_step_shows_checklist_with_an_upload_button_per_row(client, application):
    response = client.get(STEP)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Documents · Your application" in html
    assert html.count("<h1") == 1
    assert "<main" in html
    assert "Step 4 of 5: <strong>Documents</strong>" in html
    assert html.index("Medical school transcript") < html.index("USMLE transcript")
    assert "PDF, JPEG or PNG, at most 10 MB per file and 20 files in all." in html
    assert "0 of 20 files used." in html
    # No kind to choose: every row has its own form, posting its kind.
    assert 'id="id_kind"' not in html
    for kind in ("transcript", "cv", "passport", "usmle_transcript", "other"):
        row = row_html(html, kind)
        assert f'action="{STEP}"' in row
        assert f'<input type="hidden" name="kind" value="{kind}">' in row
        assert 'enctype="multipart/form-data"' in row
        assert re.search(rf'<label class="visually-hidden" for="upload-checklist-{kind}">', row)
        assert (
            'accept=".pdf,.jpg,.jpeg,.jpe,.jfif,.png,application/pdf,image/jpeg,image/png"' in row
        )
        assert 'aria-describedby="document-upload-help"' in row
        assert re.search(r">Upload<span class=\"visually-hidden\"> ", row)
        assert f'<progress class="upload-progress-bar" id="upload-checklist-{kind}-progress"' in row
        assert 'role="alert"' in row
    # The camera only where a photo is the usual way.
    assert 'capture="environment"' in row_html(html, "passport")
    assert "capture" not in row_html(html, "transcript")
    assert '<script src="/static/js/document-rows.js"></script>' in html
    assert "<script>" not in html
    assert " style=" not in html


def test_documents_step_allows_the_camera_other_pages_do_not(client, application):
    document = DocumentFactory(application=application, kind="cv")

    step = client.get(STEP)
    replace = client.get(f"/documents/{document.pk}/replace/")
    dashboard = client.get("/dashboard/")

    assert "camera=(self)" in step["Permissions-Policy"]
    assert "camera=(self)" in replace["Permissions-Policy"]
    assert "microphone=()" in step["Permissions-Policy"]
    assert "geolocation=()" in step["Permissions-Policy"]
    assert "camera=()" in dashboard["Permissions-Policy"]
    assert "camera=(self)" not in dashboard["Permissions-Policy"]


def test_personal_statement_row_offers_no_upload_once_written_in_the_form(client, application):
    before = row_html(client.get(STEP).content.decode(), "personal_statement")
    Application.objects.filter(pk=application.pk).update(personal_statement="I want to learn.")

    after = row_html(client.get(STEP).content.decode(), "personal_statement")
    response = post_upload(client, "statement.pdf", pdf_bytes(), kind="personal_statement")

    assert 'name="file"' in before
    assert "Written in the form" in after
    assert 'name="file"' not in after
    assert response.status_code == 400
    assert "statement.pdf was not uploaded: This document cannot be uploaded again" in row_error(
        response.content.decode(), "personal_statement"
    )
    assert Document.objects.count() == 0


def test_uploaded_rows_offer_no_upload_rejected_rows_replace_the_file(client, application):
    cv = DocumentFactory(application=application, kind="cv")
    passport = DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )
    DocumentFactory(application=application, kind="other")
    set_status(application, ApplicationStatus.UNDER_REVIEW)

    html = client.get(STEP).content.decode()

    assert 'name="file"' not in row_html(html, "cv")
    assert 'name="file"' not in row_html(html, "transcript")  # submitted: nothing new
    assert 'name="file"' not in row_html(html, "other")
    rejected = row_html(html, "passport")
    assert f'action="/documents/{passport.pk}/replace/"' in rejected
    assert ">Upload a new file<" in rejected
    assert f"/documents/{cv.pk}/replace/" not in html


def test_documents_step_lists_status_size_and_time_in_the_viewers_zone(client, application):
    document = DocumentFactory(
        application=application,
        kind="passport",
        status="rejected",
        rejection_reason="The photo page is cut off.",
        original_name="passport scan.pdf",
    )
    verified = DocumentFactory(application=application, kind="cv", status="verified")
    Document.objects.filter(pk=document.pk).update(
        uploaded_at=datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    )

    html = client.get(STEP).content.decode()

    assert f'href="/documents/{document.pk}/download/"' in html
    assert "passport scan.pdf" in html
    assert f"{document.size}\xa0bytes" in html
    assert "1 Mar 2026, 17:30" in html  # 12:00 UTC in Asia/Kolkata
    assert "Rejected: The photo page is cut off." in html
    assert 'document-status-verified">Verified</span>' in html
    assert f'href="/documents/{verified.pk}/replace/"' in html  # a draft: all changeable
    assert f'href="/documents/{verified.pk}/delete/"' in html


def test_documents_step_after_submission_offers_only_replacing_rejected_ones(client, application):
    rejected = DocumentFactory(
        application=application,
        kind="passport",
        status="rejected",
        rejection_reason="Expired passport.",
    )
    verified = DocumentFactory(application=application, kind="cv", status="verified")
    set_status(application, ApplicationStatus.UNDER_REVIEW)

    html = client.get(STEP).content.decode()

    assert f'href="/documents/{rejected.pk}/replace/"' in html
    assert f'href="/documents/{verified.pk}/replace/"' not in html
    assert f'href="/documents/{verified.pk}/delete/"' not in html
    assert "data-upload-row" in row_html(html, "passport")
    assert html.count("data-upload-row") == 1  # only the rejected passport takes a file
    assert "Application steps" not in html
    assert "Rejected: Expired passport." in html


def test_documents_step_query_count_does_not_grow_with_documents(
    client, application, django_assert_num_queries
):
    DocumentFactory(application=application, kind="transcript")
    client.get(STEP)  # warm up: the session, start_application's get_or_create
    with CaptureQueriesContext(connection) as one:
        client.get(STEP)
    DocumentFactory(application=application, kind="cv", status="rejected", rejection_reason="x")
    DocumentFactory(application=application, kind="other")

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(STEP)

    assert response.content.decode().count("/download/") == 3


# --- uploading through the page ---------------------------------------------------------------


def test_upload_stores_the_document_and_redirects_to_the_step(client, application):
    data = pdf_bytes()

    response = post_upload(client, "My CV.pdf", data)

    assert response.status_code == 302
    assert response["Location"] == STEP
    document = Document.objects.get(application=application)
    assert (document.kind, document.original_name, document.sha256) == (
        "cv",
        "My CV.pdf",
        hashlib.sha256(data).hexdigest(),
    )
    assert "CV uploaded: My CV.pdf." in client.get(STEP).content.decode()


def test_row_upload_stores_the_rows_kind(client, application):
    response = post_upload(client, "passport photo.jpg", jpeg_bytes(), kind="passport")

    assert (response.status_code, response["Location"]) == (302, STEP)
    document = Document.objects.get(application=application)
    assert (document.kind, document.original_name) == ("passport", "passport photo.jpg")
    html = client.get(STEP).content.decode()
    assert "Passport bio page uploaded: passport photo.jpg." in html
    assert "passport photo.jpg" in row_html(html, "passport")
    assert 'name="file"' not in row_html(html, "passport")


def test_row_upload_from_the_dashboard_returns_to_the_dashboard(client, application):
    response = client.post(
        STEP, {"kind": "cv", "layout": "card", "file": upload("cv.pdf", pdf_bytes())}
    )

    assert (response.status_code, response["Location"]) == (302, "/dashboard/")
    assert "CV uploaded: cv.pdf." in client.get("/dashboard/").content.decode()


def test_row_upload_asked_by_the_script_answers_the_row_as_json(client, application):
    response = client.post(
        STEP,
        {"kind": "cv", "layout": "checklist", "file": upload("My CV.pdf", pdf_bytes())},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["message"] == "CV uploaded: My CV.pdf."
    assert answer["error"] == ""
    assert answer["files_used"] == "1 of 20 files used."
    assert answer["html"].startswith('<li class="document-item')
    assert 'data-document-row="cv"' in answer["html"]
    assert "My CV.pdf" in answer["html"]
    assert 'role="status" data-upload-done>CV uploaded: My CV.pdf.</p>' in answer["html"]
    assert 'name="file"' not in answer["html"]
    assert Document.objects.get().kind == "cv"
    # The confirmation was shown in the row: no message is left for the next page.
    assert "CV uploaded" not in client.get(STEP).content.decode()


def test_row_upload_of_a_bad_file_asked_by_the_script_answers_the_error_in_the_row(
    client, application, private_dir
):
    response = client.post(
        STEP,
        {"kind": "transcript", "layout": "checklist", "file": upload("grades.pdf", ELF)},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    answer = response.json()
    assert answer["error"].startswith("grades.pdf was not uploaded: This file is a program")
    assert 'data-document-row="transcript"' in answer["html"]
    assert html_lib.escape(answer["error"]) in answer["html"]
    assert 'role="alert"' in answer["html"]
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        pytest.param(
            "cv.pdf",
            png_bytes(),
            "The file's name ends in .pdf, but its content is a PNG image.",
            id="mismatch",
        ),
        pytest.param("cv.pdf", ELF, "This file is a program", id="elf-as-pdf"),
        pytest.param("cv.html", HTML, "web page", id="html"),
        pytest.param("cv.svg", SVG, "SVG image", id="svg"),
        pytest.param("cv.pdf", b"", "The file is empty", id="empty"),
        pytest.param("cv.pdf", b"%PDF-1.4 nothing", "This PDF could not be read", id="fake-pdf"),
    ],
)
def test_upload_of_a_bad_file_shows_the_error_next_to_the_field_and_stores_nothing(
    client, application, private_dir, name, data, message
):
    response = post_upload(client, name, data)

    html = response.content.decode()
    assert response.status_code == 400
    error = row_error(html, "cv")
    assert error.startswith(f"{name} was not uploaded: ")
    assert message in error
    assert "is-invalid" in row_html(html, "cv")
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_upload_one_byte_over_the_limit_is_refused(client, application, private_dir, settings):
    data = b"%PDF-1.4\n" + bytes(settings.DOCUMENT_MAX_BYTES - 8)

    response = post_upload(client, "cv.pdf", data)

    assert response.status_code == 400
    assert row_error(response.content.decode(), "cv").startswith(
        "cv.pdf was not uploaded: The file is larger than 10 MB."
    )
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_upload_of_the_21st_file_is_refused(client, application, private_dir):
    DocumentFactory.create_batch(20, application=application, kind="other")

    response = post_upload(client, "cv.pdf", pdf_bytes())

    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 20 files" in row_error(html, "cv")
    assert "You have used every file this application can hold." in html
    assert application.documents.count() == 20
    assert len(stored_files(private_dir)) == 20


def test_upload_of_a_second_cv_is_refused_next_to_the_kind(client, application):
    DocumentFactory(application=application, kind="cv")

    response = post_upload(client, "cv.pdf", pdf_bytes(), kind="cv")

    assert response.status_code == 400
    # The kind is no longer offered, so the form itself refuses it.
    assert "cv.pdf was not uploaded: This document cannot be uploaded again" in row_error(
        response.content.decode(), "cv"
    )
    assert application.documents.count() == 1


def test_upload_with_a_traversal_name_keeps_a_clean_name_and_a_random_key(
    client, application, private_dir, tmp_path
):
    response = post_upload(client, "../../../etc/passwd.pdf", pdf_bytes())

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.original_name == "passwd.pdf"
    assert KEY.match(document.file.name)
    assert stored_files(tmp_path) == [f"private/{document.file.name}"]


def test_upload_with_a_long_unicode_name_with_nul(client, application):
    name = "\u0627\u0644\u0634\u0647\u0627\u062f\u0629\x00" * 40 + ".png"

    response = post_upload(client, name, png_bytes())

    assert response.status_code == 302
    document = Document.objects.get()
    assert len(document.original_name) <= 100
    assert document.original_name.endswith(".png")
    assert "\x00" not in document.original_name


def test_upload_after_submission_is_refused(client, application, private_dir):
    set_status(application, ApplicationStatus.SUBMITTED)

    response = post_upload(client, "cv.pdf", pdf_bytes())

    assert response.status_code == 302
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_post_without_csrf_token_is_refused(application, private_dir):
    client = Client(enforce_csrf_checks=True)
    client.force_login(application.applicant)
    document = DocumentFactory(application=application, kind="cv")

    responses = [
        client.post(STEP, {"kind": "transcript", "file": upload("t.pdf", pdf_bytes())}),
        client.post(f"/documents/{document.pk}/replace/", {"file": upload("c.pdf", pdf_bytes())}),
        client.post(f"/documents/{document.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert list(Document.objects.values_list("pk", flat=True)) == [document.pk]
    assert stored_files(private_dir) == [document.file.name]


# --- anonymous and other people's documents ------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in():
    document = DocumentFactory()
    client = Client()
    for path in (
        STEP,
        f"/documents/{document.pk}/replace/",
        f"/documents/{document.pk}/delete/",
        f"/documents/{document.pk}/download/",
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={path}"
    response = client.post(f"/documents/{document.pk}/delete/")
    assert response["Location"].startswith("/accounts/login/")
    assert Document.objects.count() == 1


def test_another_applicants_document_is_not_found(client, application, private_dir):
    theirs = DocumentFactory(kind="cv")
    before = stored_files(private_dir)

    responses = [
        client.get(f"/documents/{theirs.pk}/download/"),
        client.get(f"/documents/{theirs.pk}/replace/"),
        client.post(f"/documents/{theirs.pk}/replace/", {"file": upload("x.pdf", pdf_bytes())}),
        client.get(f"/documents/{theirs.pk}/delete/"),
        client.post(f"/documents/{theirs.pk}/delete/"),
        client.get("/documents/999999999/download/"),
    ]

    assert [r.status_code for r in responses] == [404] * 6
    theirs.refresh_from_db()
    assert theirs.original_name == "cv.pdf"
    assert stored_files(private_dir) == before


def test_staff_cannot_replace_or_delete_an_applicants_document(client):
    document = DocumentFactory(kind="cv")
    client.force_login(StaffFactory())

    responses = [
        client.get(f"/documents/{document.pk}/replace/"),
        client.post(f"/documents/{document.pk}/delete/"),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert Document.objects.count() == 1


# --- download -----------------------------------------------------------------------------------


def test_owner_downloads_as_a_streamed_attachment(client, application):
    data = pdf_bytes(pages=2)
    post_upload(client, "Transcript.pdf", data, kind="transcript")
    document = Document.objects.get()

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"] == 'attachment; filename="Transcript.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(data))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_download_of_a_unicode_name_uses_rfc_5987(client, application):
    post_upload(client, "Диплом.png", png_bytes(), kind="diploma")
    document = Document.objects.get()

    response = client.get(f"/documents/{document.pk}/download/")

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%94%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC.png"
    )
    assert response["Content-Type"] == "image/png"


def test_staff_can_download_any_document(client):
    document = DocumentFactory(kind="cv")
    client.force_login(StaffFactory())

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    with document.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


# --- replace and delete pages ------------------------------------------------------------------


def test_replace_page_replaces_a_draft_document(
    client, application, private_dir, django_capture_on_commit_callbacks
):
    document = DocumentFactory(application=application, kind="cv")
    page = client.get(f"/documents/{document.pk}/replace/").content.decode()
    assert '<h1 class="h2">Replace your cv</h1>' in page
    assert re.search(r'<label\s+for="id_file"', page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/documents/{document.pk}/replace/", {"file": upload("cv-2026.jpg", jpeg_bytes())}
        )

    assert response.status_code == 302
    assert response["Location"] == STEP
    assert "CV replaced with cv-2026.jpg; it waits for review again." in (
        client.get(STEP).content.decode()
    )
    document.refresh_from_db()
    assert document.original_name == "cv-2026.jpg"
    assert stored_files(private_dir) == [document.file.name]


def test_replace_page_replaces_a_rejected_document_after_submission(client, application):
    document = DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )
    set_status(application, ApplicationStatus.UNDER_REVIEW)
    page = client.get(f"/documents/{document.pk}/replace/").content.decode()
    assert "Rejected: Blurred." in page

    response = client.post(
        f"/documents/{document.pk}/replace/", {"file": upload("passport.png", png_bytes())}
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.original_name) == ("pending", "passport.png")


def test_replace_page_shows_a_bad_file_error_next_to_the_field(client, application, private_dir):
    document = DocumentFactory(application=application, kind="cv")
    before = stored_files(private_dir)

    response = client.post(f"/documents/{document.pk}/replace/", {"file": upload("cv.pdf", ELF)})

    assert response.status_code == 400
    assert field_error(response.content.decode(), "file").startswith(
        "cv.pdf was not uploaded: This file is a program"
    )
    assert stored_files(private_dir) == before


@pytest.mark.parametrize("action", ["replace", "delete"])
def test_change_pages_refuse_a_pending_document_after_submission(client, application, action):
    document = DocumentFactory(application=application, kind="cv")
    set_status(application, ApplicationStatus.SUBMITTED)

    get = client.get(f"/documents/{document.pk}/{action}/")
    post = client.post(
        f"/documents/{document.pk}/{action}/", {"file": upload("cv.pdf", pdf_bytes())}
    )

    assert (get.status_code, get["Location"]) == (302, STEP)
    assert (post.status_code, post["Location"]) == (302, STEP)
    document.refresh_from_db()
    assert document.original_name == "cv.pdf"
    assert Document.objects.count() == 1


def test_delete_page_confirms_then_deletes(
    client, application, private_dir, django_capture_on_commit_callbacks
):
    document = DocumentFactory(application=application, kind="cv")
    page = client.get(f"/documents/{document.pk}/delete/").content.decode()
    assert '<h1 class="h2">Delete your cv?</h1>' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/{document.pk}/delete/")

    assert (response.status_code, response["Location"]) == (302, STEP)
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_rejected_row_takes_a_new_file_and_returns_to_the_checklist(client, application):
    document = DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )
    set_status(application, ApplicationStatus.UNDER_REVIEW)

    response = client.post(
        f"/documents/{document.pk}/replace/",
        {"kind": "passport", "layout": "checklist", "file": upload("passport.jpg", jpeg_bytes())},
    )

    assert (response.status_code, response["Location"]) == (302, STEP)
    html = client.get(STEP).content.decode()
    assert "Passport bio page replaced with passport.jpg; it waits for review again." in html
    assert 'name="file"' not in row_html(html, "passport")
    document.refresh_from_db()
    assert (document.status, document.original_name) == ("pending", "passport.jpg")


def test_rejected_row_asked_by_the_script_answers_the_row_or_its_error(
    client, application, private_dir, django_capture_on_commit_callbacks
):
    document = DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )
    set_status(application, ApplicationStatus.UNDER_REVIEW)
    url = f"/documents/{document.pk}/replace/"
    before = stored_files(private_dir)

    bad = client.post(
        url,
        {"layout": "checklist", "file": upload("passport.png", jpeg_bytes())},
        headers={"Accept": "application/json"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(
            url,
            {"layout": "checklist", "file": upload("passport.jpg", jpeg_bytes())},
            headers={"Accept": "application/json"},
        )

    assert bad.status_code == 400
    assert bad.json()["error"].startswith("passport.png was not uploaded: ")
    assert f'action="{url}"' in bad.json()["html"]  # the row still takes a new file
    assert good.status_code == 200
    assert good.json()["message"] == (
        "Passport bio page replaced with passport.jpg; it waits for review again."
    )
    assert "Waiting for review" in good.json()["html"]
    document.refresh_from_db()
    assert document.original_name == "passport.jpg"
    assert len(stored_files(private_dir)) == len(before)


def test_dashboard_card_has_an_upload_button_on_each_missing_or_rejected_row(client, application):
    DocumentFactory(application=application, kind="cv")
    DocumentFactory(
        application=application, kind="passport", status="rejected", rejection_reason="Blurred."
    )

    html = client.get("/dashboard/").content.decode()

    card = html[html.index('aria-labelledby="documents-title"') :]
    assert card.count("data-upload-row") == 4  # transcript, diploma, statement, passport
    assert 'id="upload-card-transcript"' in card
    assert 'id="upload-card-cv"' not in card
    assert '<input type="hidden" name="layout" value="card">' in card
    assert '<script src="/static/js/document-rows.js"></script>' in html


def test_dashboard_card_without_missing_rows_offers_no_upload(client, application):
    for kind in ("transcript", "diploma", "cv", "personal_statement", "passport"):
        DocumentFactory(application=application, kind=kind)

    html = client.get("/dashboard/").content.decode()

    assert "data-upload-row" not in html
    assert "PDF, JPEG or PNG" not in html
    assert "document-rows.js" not in html

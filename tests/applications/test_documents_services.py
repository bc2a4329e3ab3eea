import hashlib
import re
import threading

import pytest
from django.db import DatabaseError, connection, connections

from applications.enums import ApplicationStatus, DocumentStatus
from applications.models import Application, Document
from applications.services import (
    ApplicationError,
    InvalidDocument,
    delete_document,
    replace_document,
    upload_document,
)
from tests.factories import ApplicationFactory, DocumentFactory, StaffFactory, UserFactory
from tests.support.files import (
    ELF,
    HTML,
    MZ,
    SVG,
    isolated_private_storage,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

KEY = re.compile(r"^documents/[0-9a-f]{32}$")


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def application():
    return ApplicationFactory()


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


# --- upload: the happy paths ----------------------------------------------------------------


def test_upload_document_records_type_size_and_sha256(application, private_dir):
    data = pdf_bytes(pages=2)

    document = upload_document(
        application=application,
        by=application.applicant,
        kind="transcript",
        upload=upload("Transcript 2021.pdf", data, content_type="text/plain"),
    )

    document.refresh_from_db()
    assert document.kind == "transcript"
    assert document.original_name == "Transcript 2021.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.status == DocumentStatus.PENDING
    assert stored_bytes(document) == data
    assert stored_files(private_dir) == [document.file.name]


def test_upload_document_key_is_random_not_derived_from_the_name(application):
    first = upload_document(
        application=application,
        by=application.applicant,
        kind="other",
        upload=upload("passport.pdf", pdf_bytes()),
    )
    second = upload_document(
        application=application,
        by=application.applicant,
        kind="other",
        upload=upload("passport.pdf", pdf_bytes()),
    )

    assert KEY.match(first.file.name)
    assert KEY.match(second.file.name)
    assert first.file.name != second.file.name
    assert "passport" not in first.file.name


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("scan.png", png_bytes(), "image/png"),
        ("photo.JPG", jpeg_bytes(), "image/jpeg"),
        ("photo.jpeg", jpeg_bytes(), "image/jpeg"),
        ("diploma.pdf", pdf_bytes(password=""), "application/pdf"),  # restrictions only
    ],
)
def test_upload_document_accepts_images_and_pdfs_by_their_bytes(
    application, name, data, content_type
):
    document = upload_document(
        application=application,
        by=application.applicant,
        kind="diploma",
        upload=upload(name, data, "application/x-foo"),
    )

    assert document.content_type == content_type
    assert document.original_name == name


def test_upload_document_without_extension_gets_the_detected_one(application):
    document = upload_document(
        application=application,
        by=application.applicant,
        kind="cv",
        upload=upload("my cv", png_bytes()),
    )

    assert document.original_name == "my cv.png"


# --- upload: bad files store nothing ----------------------------------------------------------

BAD_FILES = [
    pytest.param("cv.pdf", png_bytes(), "its content is a PNG image", id="png-named-pdf"),
    pytest.param("cv.png", jpeg_bytes(), "its content is a JPEG image", id="jpeg-named-png"),
    pytest.param("cv.docx", pdf_bytes(), "ends in .docx", id="pdf-named-docx"),
    pytest.param("cv.pdf", ELF, "is a program", id="elf-named-pdf"),
    pytest.param("cv.pdf", MZ, "is a program", id="exe-named-pdf"),
    pytest.param("cv.pdf", HTML, "web page", id="html-named-pdf"),
    pytest.param("cv.html", HTML, "web page", id="html"),
    pytest.param("cv.svg", SVG, "SVG image", id="svg"),
    pytest.param("cv.pdf", b"", "The file is empty", id="empty"),
    pytest.param("cv.txt", b"Curriculum vitae\n", "not a PDF, JPEG or PNG", id="text"),
    pytest.param("cv.pdf", pdf_bytes()[:300], "could not be read", id="truncated-pdf"),
    pytest.param("cv.pdf", b"%PDF-1.7\nnot really", "could not be read", id="fake-pdf"),
    pytest.param(
        "cv.pdf", pdf_bytes(password="secret"), "protected by a password", id="password-pdf"
    ),
    pytest.param("cv.jpg", jpeg_bytes((200, 200))[:400], "could not be read", id="cut-jpeg"),
    pytest.param("cv.png", png_bytes((50, 50))[:60], "could not be read", id="cut-png"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_upload_document_refuses_bad_file_and_stores_nothing(
    application, private_dir, name, data, message
):
    with pytest.raises(InvalidDocument, match=message) as caught:
        upload_document(
            application=application, by=application.applicant, kind="cv", upload=upload(name, data)
        )

    assert caught.value.field == "file"
    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_upload_document_refuses_one_byte_over_the_limit(application, private_dir, settings):
    data = b"%PDF-1.4\n" + bytes(settings.DOCUMENT_MAX_BYTES - 8)
    assert len(data) == settings.DOCUMENT_MAX_BYTES + 1

    with pytest.raises(InvalidDocument, match="larger than 10 MB"):
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.pdf", data),
        )

    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_upload_document_refuses_image_over_the_pixel_limit(application, private_dir, settings):
    settings.DOCUMENT_MAX_PIXELS = 100 * 100

    with pytest.raises(InvalidDocument, match=r"too large \(101 × 100 pixels\)"):
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.png", png_bytes((101, 100))),
        )

    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


# --- names are cleaned, never used as a path -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\boot.pdf", "boot.pdf"),
        ("/etc/cron.d/evil.pdf", "evil.pdf"),
        ("cv\x00.exe.pdf", "cv.exe.pdf"),
        ("\u202efdp.exe.pdf", "fdp.exe.pdf"),  # a right-to-left override, dropped
        ("..pdf", "pdf.pdf"),
        ("  my   cv .pdf", "my cv .pdf"),
    ],
)
def test_upload_document_cleans_the_name_and_stores_under_a_random_key(
    application, private_dir, tmp_path, name, expected
):
    document = upload_document(
        application=application,
        by=application.applicant,
        kind="cv",
        upload=upload(name, pdf_bytes()),
    )

    assert document.original_name == expected
    assert KEY.match(document.file.name)
    assert stored_files(private_dir) == [document.file.name]
    assert stored_files(tmp_path) == [f"private/{document.file.name}"]


def test_upload_document_shortens_a_long_unicode_name_keeping_the_extension(application):
    name = "Диплом врача " * 25 + ".pdf"  # 329 characters

    document = upload_document(
        application=application,
        by=application.applicant,
        kind="diploma",
        upload=upload(name, pdf_bytes()),
    )

    assert len(document.original_name) == 100
    assert document.original_name.startswith("Диплом врача Диплом")
    assert document.original_name.endswith(".pdf")


# --- upload: limits and state -------------------------------------------------------------------


def test_upload_document_refuses_the_21st_file(application, private_dir):
    DocumentFactory.create_batch(20, application=application, kind="other")

    with pytest.raises(InvalidDocument, match="at most 20 files"):
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.pdf", pdf_bytes()),
        )

    assert application.documents.count() == 20
    assert len(stored_files(private_dir)) == 20


def test_upload_document_refuses_a_second_file_of_a_named_kind(application):
    DocumentFactory(application=application, kind="cv")

    with pytest.raises(InvalidDocument, match="already uploaded your cv") as caught:
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.pdf", pdf_bytes()),
        )

    assert caught.value.field == "kind"
    assert application.documents.count() == 1


def test_upload_document_refuses_a_submitted_application(application, private_dir):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)

    with pytest.raises(ApplicationError, match="has been submitted"):
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.pdf", pdf_bytes()),
        )

    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


@pytest.mark.parametrize("intruder", [UserFactory, StaffFactory])
def test_upload_document_refuses_anyone_but_the_applicant(application, private_dir, intruder):
    with pytest.raises(ApplicationError, match="Only the applicant"):
        upload_document(
            application=application, by=intruder(), kind="cv", upload=upload("cv.pdf", pdf_bytes())
        )

    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_upload_document_deletes_the_new_file_when_the_row_cannot_be_saved(
    application, private_dir
):
    # A real database failure after the file was written: a trigger refuses the INSERT.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_document() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'refused by test trigger'; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER refuse_document BEFORE INSERT ON applications_document "
            "FOR EACH ROW EXECUTE FUNCTION refuse_document();"
        )

    with pytest.raises(DatabaseError, match="refused by test trigger"):
        upload_document(
            application=application,
            by=application.applicant,
            kind="cv",
            upload=upload("cv.pdf", pdf_bytes()),
        )

    assert stored_files(private_dir) == []


# --- replace ---------------------------------------------------------------------------------


def test_replace_document_in_a_draft_swaps_the_file_and_deletes_the_old_one(
    application, private_dir, django_capture_on_commit_callbacks
):
    document = DocumentFactory(application=application, kind="cv")
    old_key = document.file.name
    data = jpeg_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        replaced = replace_document(
            document=document, by=application.applicant, upload=upload("new cv.jpg", data)
        )

    replaced.refresh_from_db()
    assert replaced.pk == document.pk
    assert replaced.original_name == "new cv.jpg"
    assert replaced.content_type == "image/jpeg"
    assert replaced.sha256 == hashlib.sha256(data).hexdigest()
    assert replaced.size == len(data)
    assert KEY.match(replaced.file.name)
    assert replaced.file.name != old_key
    assert stored_files(private_dir) == [replaced.file.name]


def test_replace_document_keeps_the_old_file_until_the_commit(application, private_dir):
    document = DocumentFactory(application=application, kind="cv")
    old_key = document.file.name

    replaced = replace_document(
        document=document, by=application.applicant, upload=upload("cv.pdf", pdf_bytes())
    )

    # No commit happened (the test's transaction is still open): both files exist.
    assert stored_files(private_dir) == sorted([old_key, replaced.file.name])


def test_replace_document_of_a_rejected_document_under_review(
    application, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.UNDER_REVIEW)
    reviewer = StaffFactory()
    document = DocumentFactory(
        application=application,
        kind="passport",
        status="rejected",
        rejection_reason="The photo page is cut off.",
        reviewed_by=reviewer,
    )

    with django_capture_on_commit_callbacks(execute=True):
        replace_document(
            document=document, by=application.applicant, upload=upload("passport.png", png_bytes())
        )

    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING
    assert document.rejection_reason == ""
    assert document.reviewed_by is None
    assert document.original_name == "passport.png"


@pytest.mark.parametrize("status", ["pending", "verified"])
def test_replace_document_refused_after_submission_unless_rejected(
    application, private_dir, status
):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    document = DocumentFactory(application=application, kind="cv", status=status)
    before = stored_files(private_dir)

    with pytest.raises(ApplicationError, match="can no longer be replaced"):
        replace_document(
            document=document, by=application.applicant, upload=upload("cv.pdf", pdf_bytes(pages=3))
        )

    document.refresh_from_db()
    assert document.status == status
    assert stored_files(private_dir) == before


def test_replace_document_refuses_another_applicant(application, private_dir):
    document = DocumentFactory(application=application, kind="cv")
    before = stored_files(private_dir)

    with pytest.raises(ApplicationError, match="Only the applicant"):
        replace_document(document=document, by=UserFactory(), upload=upload("cv.pdf", pdf_bytes()))

    assert stored_files(private_dir) == before


def test_replace_document_with_a_bad_file_changes_nothing(application, private_dir):
    document = DocumentFactory(application=application, kind="cv")
    before = (stored_files(private_dir), document.sha256, document.file.name)

    with pytest.raises(InvalidDocument, match="is a program"):
        replace_document(document=document, by=application.applicant, upload=upload("cv.pdf", ELF))

    document.refresh_from_db()
    assert (stored_files(private_dir), document.sha256, document.file.name) == before


# --- delete ------------------------------------------------------------------------------------


def test_delete_document_in_a_draft_removes_row_and_file_after_commit(
    application, private_dir, django_capture_on_commit_callbacks
):
    document = DocumentFactory(application=application, kind="cv")

    with django_capture_on_commit_callbacks(execute=True):
        delete_document(document=document, by=application.applicant)

    assert Document.objects.count() == 0
    assert stored_files(private_dir) == []


def test_delete_document_of_a_rejected_document_after_submission(
    application, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.INTERVIEW)
    document = DocumentFactory(
        application=application, kind="other", status="rejected", rejection_reason="Not needed."
    )

    with django_capture_on_commit_callbacks(execute=True):
        delete_document(document=document, by=application.applicant)

    assert Document.objects.count() == 0


@pytest.mark.parametrize("status", ["pending", "verified"])
def test_delete_document_refused_after_submission_unless_rejected(application, private_dir, status):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)
    document = DocumentFactory(application=application, kind="cv", status=status)

    with pytest.raises(ApplicationError, match="can no longer be deleted"):
        delete_document(document=document, by=application.applicant)

    assert Document.objects.count() == 1
    assert stored_files(private_dir) == [document.file.name]


def test_delete_document_refuses_staff_and_other_applicants(application):
    document = DocumentFactory(application=application, kind="cv")

    for intruder in (UserFactory(), StaffFactory()):
        with pytest.raises(ApplicationError, match="Only the applicant"):
            delete_document(document=document, by=intruder)

    assert Document.objects.count() == 1


# --- the 20-file limit under concurrency --------------------------------------------------------


def _run_together(target, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = []

    def run():
        try:
            results.append(target(barrier))
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_upload_document_holds_the_file_limit_when_uploads_race(private_dir):
    application = ApplicationFactory()
    DocumentFactory.create_batch(19, application=application, kind="other")

    def upload_one(barrier):
        barrier.wait()
        return upload_document(
            application=Application.objects.get(pk=application.pk),
            by=application.applicant,
            kind="other",
            upload=upload("extra.pdf", pdf_bytes()),
        )

    results = _run_together(upload_one, 4)

    assert sorted(type(result).__name__ for result in results) == [
        "Document",
        "InvalidDocument",
        "InvalidDocument",
        "InvalidDocument",
    ]
    assert Document.objects.filter(application=application).count() == 20
    assert len(stored_files(private_dir)) == 20


@pytest.mark.django_db(transaction=True)
def test_control_counting_without_the_lock_breaks_the_limit(private_dir):
    """The naive check-then-insert, without the application row lock, lets both through:
    this is what the lock in upload_document prevents."""
    application = ApplicationFactory()
    DocumentFactory.create_batch(19, application=application, kind="other")
    template = Document.objects.filter(application=application).first()

    def naive_upload(barrier):
        count = Document.objects.filter(application=application).count()
        barrier.wait()
        if count >= 20:
            return "refused"
        return Document.objects.create(
            application=application,
            kind="other",
            file=template.file.name,
            original_name="extra.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )

    results = _run_together(naive_upload, 2)

    assert [type(result).__name__ for result in results] == ["Document", "Document"]
    assert Document.objects.filter(application=application).count() == 21

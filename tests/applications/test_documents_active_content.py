"""What applications.files does with active PDF content and with files that are two formats
at once, beyond the corpus of hostile uploads (tests/security/test_upload_corpus.py): real
documents that look a little like them must still be accepted unchanged, and the rewrite must
be logged and told on the replace page too."""

import hashlib
import io
import struct

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

from applications.models import Document
from applications.services import InvalidDocument, upload_document
from hmc_portal.audit.models import ActivityLog
from tests.factories import ApplicationFactory, DocumentFactory
from tests.support import files as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    return f.isolated_private_storage(tmp_path / "private", settings)


@pytest.fixture
def application():
    return ApplicationFactory()


def upload(application, name, data, kind="other"):
    return upload_document(
        application=application, by=application.applicant, kind=kind, upload=f.upload(name, data)
    )


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def jpeg(**options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (11, 79, 108)).save(buffer, "JPEG", **options)
    return buffer.getvalue()


def mpo() -> bytes:
    """A Multi-Picture JPEG, as phones write with a depth or HDR gain map: a second JPEG
    right after the first, announced by an MPF segment."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (32, 24), (1, 2, 3)), Image.new("RGB", (32, 24), (9, 9, 9))
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def pdf_with_stream(data: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = DecodedStreamObject()
    stream.set_data(data)
    writer.root_object[NameObject("/Extra")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("progressive.jpg", jpeg(progressive=True)),
        ("restarts.jpg", jpeg(restart_marker_blocks=1)),
        # a whole JPEG (its own EOI) inside an APP1 segment, as an EXIF thumbnail is
        (
            "thumbnail.jpg",
            (
                lambda image, thumb: (
                    image[:2] + b"\xff\xe1" + struct.pack(">H", len(thumb) + 2) + thumb + image[2:]
                )
            )(jpeg(), jpeg()),
        ),
        ("padded.jpg", jpeg() + bytes(512)),
        ("phone.jpg", mpo()),
        # an incremental update: two %%EOF, the document ends at the last
        (
            "updated.pdf",
            (
                lambda w: (
                    w.add_metadata({"/Title": "CV"}),
                    w.write(b := io.BytesIO()),
                    b.getvalue(),
                )[2]
            )(PdfWriter(io.BytesIO(f.pdf_bytes()), incremental=True)),
        ),
        # ZIP and HTML look-alikes inside compressed data, whose fields do not hold up
        (
            "lookalike.pdf",
            pdf_with_stream(b"PK\x03\x04" + b"\xff" * 60 + b"PK\x05\x06" + b"\x01" * 30),
        ),
    ],
    ids=[
        "progressive",
        "restart-markers",
        "exif-like-thumbnail",
        "zero-padding",
        "multi-picture",
        "incremental",
        "zip-lookalike",
    ],
)
def test_real_documents_are_accepted_unchanged(application, name, data):
    document = upload(application, name, data)

    assert stored_bytes(document) == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()


def test_more_padding_than_the_allowance_is_refused(application, private_dir):
    with pytest.raises(InvalidDocument, match="more data after the end of a JPEG image"):
        upload(application, "padded.jpg", jpeg() + bytes(2048))

    assert f.stored_files(private_dir) == []


def test_a_multi_picture_jpeg_with_a_zip_after_its_images_is_refused(application):
    with pytest.raises(InvalidDocument, match="more data after the end of a JPEG image"):
        upload(application, "phone.jpg", mpo() + f.zip_bytes())


def test_a_zip_central_directory_alone_is_refused(application, private_dir):
    archive = f.zip_bytes()
    central = archive[archive.index(b"PK\x01\x02") :]

    with pytest.raises(InvalidDocument, match="ZIP archive hidden inside a PDF document"):
        upload(application, "cv.pdf", pdf_with_stream(central))


def test_a_scanner_open_action_is_removed_and_logged(application):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    # as scanners write it: open the first page, fitted to the window
    writer.root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    writer.write(buffer := io.BytesIO())

    document = upload(application, "scan.pdf", buffer.getvalue())

    stored = stored_bytes(document)
    assert "/OpenAction" not in PdfReader(io.BytesIO(stored)).trailer["/Root"]
    assert document.active_content_removed is True
    assert document.size == len(stored)
    log = ActivityLog.objects.get(verb="applications.document.uploaded")
    assert log.data["active_content_removed"] is True
    assert log.data["sha256"] == hashlib.sha256(stored).hexdigest()


def test_a_clean_upload_is_not_marked_as_rewritten(application):
    document = upload(application, "cv.pdf", f.pdf_bytes())

    assert document.active_content_removed is False
    assert "active_content_removed" not in ActivityLog.objects.get().data


def test_an_encrypted_pdf_that_opens_without_a_password_is_rewritten_readable(application):
    writer = PdfWriter(io.BytesIO(f.pdf_with_open_action()))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    writer.write(buffer := io.BytesIO())

    document = upload(application, "transcript.pdf", buffer.getvalue())

    reader = PdfReader(io.BytesIO(stored_bytes(document)))
    assert len(reader.pages) == 1
    assert "/OpenAction" not in reader.trailer["/Root"]


def test_replacing_with_a_scripted_pdf_says_what_was_removed(client, application):
    document = DocumentFactory(application=application, kind="cv")
    client.force_login(application.applicant)

    response = client.post(
        f"/documents/{document.pk}/replace/",
        {"file": f.upload("new cv.pdf", f.pdf_with_launch_link())},
        follow=True,
    )

    assert response.status_code == 200
    assert (
        "CV replaced; it waits for review again. We removed scripts and automatic actions "
        "from new cv.pdf; the document itself is unchanged."
    ) in response.content.decode()
    document.refresh_from_db()
    assert b"/Launch" not in stored_bytes(document)

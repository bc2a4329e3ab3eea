"""Issuing and revoking: the PDF as a reader sees it, what is stored and recorded, and that a
failure leaves nothing behind."""

import hashlib
import io

import pytest
from django.db import IntegrityError, transaction
from PIL import Image
from pypdf import PdfReader

from hmc_portal.audit.models import ActivityLog
from hmc_portal.issuance import codes, rendering, services
from hmc_portal.issuance.models import IssuedDocument
from tests.factories import CoordinatorFactory, UserFactory
from tests.support.files import stored_files
from tests.support.issuance import SAMPLE_KIND, issue_sample

pytestmark = pytest.mark.django_db


def pdf_text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    "name", ["Nguyễn Thị Minh", "Dr. Łukasz Wróblewski", "Zoë Ørsted-Çelik", "Amina Okafor"]
)
def test_the_pdf_reads_back_with_the_name_title_reference_and_code(storage_root, name, settings):
    settings.SITE_URL = "https://portal.example.org"
    owner = UserFactory()

    document = issue_sample(owner=owner, holder_name=name, title="Certificate of completion")

    text = pdf_text(document)
    assert name in text
    assert "Certificate of completion" in text
    assert "LTR-2026-0042" in text
    assert document.grouped_code in text
    assert f"https://portal.example.org/verify/{document.grouped_code}/" in text
    assert "Houston Medical Clerkship" in text
    assert "To whom it may concern" in text  # the body the caller built


def test_a_name_typed_with_combining_accents_is_stored_and_printed_composed(storage_root):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Minh"

    document = issue_sample(owner=UserFactory(), holder_name=decomposed)

    assert document.holder_name == "Nguyễn Thị Minh"
    assert "Nguyễn Thị Minh" in pdf_text(document)


def test_the_row_records_the_stored_bytes_their_hash_and_who(storage_root):
    owner, staff = UserFactory(), CoordinatorFactory()

    document = issue_sample(owner=owner, by=staff)

    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert stored_files(storage_root) == [document.file.name]
    assert document.file.name.startswith("issued/")
    assert document.code not in document.file.name
    assert codes.normalize(document.code) == document.code
    document.refresh_from_db()
    assert (document.owner, document.issued_by, document.kind) == (owner, staff, SAMPLE_KIND)
    assert document.revoked_at is None
    log = ActivityLog.objects.get(object_id=document.pk, verb="issuance.document.issued")
    assert (log.actor, log.person) == (staff, owner)
    assert log.data["sha256"] == document.sha256


def test_every_page_carries_the_code(storage_root):
    def long_body(pdf):
        for _ in range(60):
            pdf.paragraph("A long paragraph of the letter that goes on. " * 4)

    document = issue_sample(owner=UserFactory(), build=long_body)

    with document.file.open("rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert f"Verification code: {document.grouped_code}" in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_money_table_prints_the_amounts_it_is_given(storage_root):
    def invoice_body(pdf):
        pdf.money_table(
            columns=["Description", "Amount"],
            rows=[["Observership, 4 weeks", "USD 1,200.00"], ["Application fee", "USD 100.00"]],
            totals=[("Total", "USD 1,300.00")],
        )

    document = issue_sample(owner=UserFactory(), build=invoice_body)

    text = pdf_text(document)
    for shown in ("Observership, 4 weeks", "USD 1,200.00", "USD 100.00", "USD 1,300.00"):
        assert shown in text


def test_a_failing_build_leaves_no_row_no_entry_and_no_file(storage_root):
    def broken(pdf):
        pdf.paragraph("Half a letter")
        raise RuntimeError("the body could not be built")

    with pytest.raises(RuntimeError, match="could not be built"):
        issue_sample(owner=UserFactory(), build=broken)

    assert IssuedDocument.objects.count() == 0
    assert not ActivityLog.objects.filter(verb="issuance.document.issued").exists()
    assert stored_files(storage_root) == []


def test_a_failing_database_write_deletes_the_stored_file(storage_root, monkeypatch):
    owner = UserFactory()
    first = issue_sample(owner=owner)
    # The next code drawn is the one already taken: the unique constraint refuses the row
    # after the file was written.
    monkeypatch.setattr(services, "_free_code", lambda: first.code)

    with pytest.raises(IntegrityError):
        issue_sample(owner=owner)

    assert IssuedDocument.objects.count() == 1
    assert stored_files(storage_root) == [first.file.name]


def test_issued_inside_a_callers_transaction_it_commits_with_it(storage_root):
    owner = UserFactory()

    with transaction.atomic():
        document = issue_sample(owner=owner)

    assert IssuedDocument.objects.get().pk == document.pk


def test_an_unregistered_kind_is_a_programming_error(storage_root):
    with pytest.raises(ValueError, match="Unknown document kind"):
        issue_sample(owner=UserFactory(), kind="visa_letter_not_registered")

    assert stored_files(storage_root) == []


@pytest.mark.parametrize(
    "overrides",
    [{"holder_name": "  "}, {"title": ""}, {"reference": "R" * 65}, {"holder_name": "x" * 201}],
)
def test_a_missing_name_or_title_or_an_overlong_field_is_refused(storage_root, overrides):
    with pytest.raises(services.IssuanceError):
        issue_sample(owner=UserFactory(), **overrides)

    assert IssuedDocument.objects.count() == 0
    assert stored_files(storage_root) == []


def test_revoking_records_when_who_and_why(storage_root):
    owner, staff = UserFactory(), CoordinatorFactory()
    document = issue_sample(owner=owner)
    reason = "Issued with a wrong date."

    services.revoke_document(document=document, by=staff, reason=reason)

    document.refresh_from_db()
    assert document.revoked_at is not None
    assert (document.revoked_by, document.revocation_reason) == (staff, reason)
    log = ActivityLog.objects.get(object_id=document.pk, verb="issuance.document.revoked")
    assert (log.actor, log.person, log.data) == (staff, owner, {"reason": reason})
    assert stored_files(storage_root) == [document.file.name]  # the file stays as issued


def test_revoking_twice_is_refused_and_changes_nothing(storage_root):
    staff = CoordinatorFactory()
    document = issue_sample(owner=UserFactory())
    services.revoke_document(document=document, by=staff, reason="First reason.")
    before = IssuedDocument.objects.filter(pk=document.pk).values().get()

    with pytest.raises(services.IssuanceError, match="already revoked"):
        services.revoke_document(document=document, by=staff, reason="Second reason.")

    assert IssuedDocument.objects.filter(pk=document.pk).values().get() == before
    assert ActivityLog.objects.filter(verb="issuance.document.revoked").count() == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_revoking_needs_a_reason_of_sensible_length(storage_root, reason):
    document = issue_sample(owner=UserFactory())

    with pytest.raises(services.IssuanceError):
        services.revoke_document(document=document, by=CoordinatorFactory(), reason=reason)

    document.refresh_from_db()
    assert document.revoked_at is None


def test_the_database_refuses_a_revocation_without_a_reason(storage_root):
    document = issue_sample(owner=UserFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(revoked_at=document.issued_at)


def test_the_qr_code_on_each_page_is_the_one_of_the_verification_address(storage_root, settings):
    settings.SITE_URL = "https://portal.example.org"
    document = issue_sample(owner=UserFactory())
    url = f"https://portal.example.org/verify/{document.grouped_code}/"
    expected = Image.open(io.BytesIO(rendering.qr_png(url))).convert("L")

    with document.file.open("rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    for page in pages:
        (image,) = page.images
        embedded = image.image.convert("L")
        assert (embedded.size, embedded.tobytes()) == (expected.size, expected.tobytes())

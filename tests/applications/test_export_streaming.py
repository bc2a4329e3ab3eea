"""The staff CSV export streams: its first lines leave before the last rows are read, and
the memory it takes does not grow with the number of rows (admin.export)."""

import csv
import io
import re
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.admin import export
from applications.enums import ApplicationStatus, DocumentKind, DocumentStatus
from applications.models import ApplicantProfile, Application, Document
from applications.selectors.review import applications_for_review
from hmc_portal.users.models import User

pytestmark = pytest.mark.django_db

# A prefetch of the documents of one batch of applications: `... IN (1, 2, 3)`.
DOCUMENTS_OF_A_BATCH = re.compile(
    r'FROM "applications_document" WHERE .*"application_id" IN \(([^)]*)\)'
)


def seed(*, applicants: int) -> None:
    """`applicants` submitted applications (Bench0 Applicant, bench0@example.com...), each
    with a profile and three documents, made in bulk."""
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.com", first_name=f"Bench{i}", last_name="Applicant")
        for i in range(applicants)
    )
    ApplicantProfile.objects.bulk_create(
        ApplicantProfile(user=user, country="IN", medical_school="AIIMS") for user in users
    )
    applications = Application.objects.bulk_create(
        Application(applicant=user, intake="2027", status=ApplicationStatus.SUBMITTED)
        for user in users
    )
    Document.objects.bulk_create(
        Document(
            application=application,
            kind=kind,
            file=f"documents/bench-{application.pk}-{kind}",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=1024,
            sha256="0" * 64,
            status=DocumentStatus.PENDING,
        )
        for application in applications
        for kind in (DocumentKind.TRANSCRIPT, DocumentKind.DIPLOMA, DocumentKind.CV)
    )


def batches_read(queries) -> list[int]:
    """How many applications each batch read so far held (one documents prefetch a batch)."""
    return [
        len(match[1].split(","))
        for query in queries
        if (match := DOCUMENTS_OF_A_BATCH.search(query["sql"]))
    ]


def exported(count: int):
    """The export of the first `count` applications (a range: the query is the same size
    whatever the count)."""
    rows = applications_for_review().filter(pk__lte=_first(count)[-1]).order_by("pk")
    return export.csv_response(rows)


def _first(count: int) -> list[int]:
    return list(Application.objects.order_by("pk").values_list("pk", flat=True)[:count])


def test_the_first_rows_leave_before_the_last_are_read(monkeypatch):
    monkeypatch.setattr(export, "EXPORT_CHUNK", 100)
    seed(applicants=450)
    response = exported(450)
    lines = iter(response.streaming_content)

    with CaptureQueriesContext(connection) as first:
        header, first_row = next(lines), next(lines)
    with CaptureQueriesContext(connection) as rest:
        remaining = list(lines)

    assert header.startswith(b"ID,Name,Email,")
    assert first_row.startswith(f"{_first(1)[0]},Bench0 Applicant,bench0@example.com,".encode())
    assert batches_read(first.captured_queries) == [100]  # one batch of 450 read
    assert batches_read(rest.captured_queries) == [100, 100, 100, 50]
    assert len(remaining) == 449
    assert len(list(csv.reader(io.StringIO(b"".join(remaining).decode())))) == 449


def peak_memory(response) -> int:
    tracemalloc.start()
    try:
        for _line in response.streaming_content:
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_rows_exported(monkeypatch):
    monkeypatch.setattr(export, "EXPORT_CHUNK", 200)
    seed(applicants=3000)
    peak_memory(exported(100))  # warm up: translations, imports, the query compiler

    small, large = peak_memory(exported(600)), peak_memory(exported(3000))
    # What holding the whole file would take; the rows and their prefetches, had they
    # piled up (they did, through reference cycles, before export._release), take some 20
    # times more.
    whole_file = sum(len(line) for line in exported(3000).streaming_content)

    assert whole_file > 240_000
    assert large < small * 1.1
    assert large < 4_000_000  # one batch of 200 rows with their documents and specialties

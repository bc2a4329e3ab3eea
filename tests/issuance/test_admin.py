"""Issued documents in admin: read-only, found by code, revoked through the service by
coordinators only, the PDF downloadable by staff who see the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hmc_portal.audit.models import ActivityLog
from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.responses import issued_document_response
from tests.factories import CoordinatorFactory, ReviewerFactory, UserFactory
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/issuance/issueddocument/"


@pytest.fixture
def documents(storage_root):
    return [
        issue_sample(owner=UserFactory(), holder_name="Nguyễn Thị Minh", reference="INV-1"),
        issue_sample(owner=UserFactory(), holder_name="Dr. Łukasz Wróblewski", reference="INV-2"),
    ]


def test_the_list_shows_kind_holder_reference_and_no_add_button(client, documents):
    client.force_login(ReviewerFactory())

    response = client.get(CHANGELIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Minh" in html and "Dr. Łukasz Wróblewski" in html
    assert "Letter of attendance" in html
    assert documents[0].grouped_code in html
    assert "Add issued document" not in html
    assert client.get(f"{CHANGELIST}add/").status_code == 403


@pytest.mark.parametrize(
    "term",
    [
        lambda d: d.grouped_code,
        lambda d: d.code.lower(),
        lambda d: d.grouped_code.replace("-", " "),
    ],
)
def test_searching_a_code_with_or_without_dashes_finds_its_document(client, documents, term):
    client.force_login(ReviewerFactory())

    response = client.get(CHANGELIST, {"q": term(documents[1])})

    assert list(response.context["cl"].result_list) == [documents[1]]


def test_searching_a_name_or_reference_finds_it(client, documents):
    client.force_login(ReviewerFactory())

    by_name = client.get(CHANGELIST, {"q": "Łukasz"}).context["cl"].result_list
    by_reference = client.get(CHANGELIST, {"q": "INV-1"}).context["cl"].result_list

    assert list(by_name) == [documents[1]]
    assert list(by_reference) == [documents[0]]


def test_the_list_costs_the_same_queries_for_one_and_for_three(client, storage_root):
    client.force_login(ReviewerFactory())
    issue_sample(owner=UserFactory())
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    issue_sample(owner=UserFactory())
    issue_sample(owner=UserFactory())
    with CaptureQueriesContext(connection) as three:
        client.get(CHANGELIST)

    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_change_page_is_read_only_with_its_log(client, documents):
    client.force_login(CoordinatorFactory())

    response = client.get(f"{CHANGELIST}{documents[0].pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert documents[0].sha256 in html
    assert "Document issued" in html  # the activity log inline
    assert 'name="holder_name"' not in html


def test_a_coordinator_revokes_with_a_reason_after_a_confirmation(client, documents):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    selection = {"action": "revoke_selected", "_selected_action": [documents[0].pk]}

    confirmation = client.post(CHANGELIST, selection)
    refused = client.post(CHANGELIST, {**selection, "post": "yes", "reason": ""})
    done = client.post(
        CHANGELIST, {**selection, "post": "yes", "reason": "Wrong dates."}, follow=True
    )

    assert confirmation.status_code == 200
    assert "Revoke 1 document" in confirmation.content.decode()
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert "1 document revoked." in done.content.decode()
    first, second = (IssuedDocument.objects.get(pk=d.pk) for d in documents)
    assert (first.revoked_by, first.revocation_reason) == (coordinator, "Wrong dates.")
    assert second.revoked_at is None


def test_revoking_an_already_revoked_document_says_so(client, documents):
    client.force_login(CoordinatorFactory())
    selection = {"action": "revoke_selected", "_selected_action": [documents[0].pk]}
    client.post(CHANGELIST, {**selection, "post": "yes", "reason": "Wrong dates."})

    again = client.post(CHANGELIST, {**selection, "post": "yes", "reason": "Twice."}, follow=True)

    assert "already revoked" in again.content.decode()
    assert IssuedDocument.objects.get(pk=documents[0].pk).revocation_reason == "Wrong dates."
    assert ActivityLog.objects.filter(verb="issuance.document.revoked").count() == 1


def test_a_reviewer_cannot_revoke(client, documents):
    client.force_login(ReviewerFactory())

    listing = client.get(CHANGELIST).content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "revoke_selected",
            "_selected_action": [documents[0].pk],
            "post": "yes",
            "reason": "No.",
        },
    )

    assert "revoke_selected" not in listing
    assert IssuedDocument.objects.get(pk=documents[0].pk).revoked_at is None


def test_staff_who_see_the_list_download_the_pdf(client, documents):
    client.force_login(ReviewerFactory())

    response = client.get(f"{CHANGELIST}{documents[0].pk}/download/")

    content = b"".join(response.streaming_content)
    with documents[0].file.open("rb") as handle:
        assert content == handle.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="sample_letter-INV-1.pdf"'


def test_the_response_is_safe_to_serve(documents):
    download = issued_document_response(documents[0])
    inline = issued_document_response(documents[0], inline=True)

    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download["Content-Length"] == str(documents[0].size)
    assert inline["Content-Disposition"] == 'inline; filename="sample_letter-INV-1.pdf"'
    assert inline["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert inline["X-Frame-Options"] == "SAMEORIGIN"
    download.close()
    inline.close()


def test_the_filename_is_ascii_whatever_the_reference(storage_root):
    document = issue_sample(owner=UserFactory(), reference='Łódź/2026 "x"')

    assert document.filename == "sample_letter-odz-2026-x.pdf"

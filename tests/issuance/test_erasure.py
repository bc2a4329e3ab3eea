"""erase_document: an applicant's erasure leaves an issued document's verification record
naming nobody, its PDF gone once the erasure commits (kept when it rolls back)."""

import pytest
from django.db import transaction
from django.urls import reverse

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.issuance.services import HOLDER_REQUEST, erase_document, revoke_document
from tests.factories import UserFactory
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db


def test_a_revoked_erasure_blanks_the_name_deletes_the_pdf_after_commit_and_says_why(
    django_capture_on_commit_callbacks, client
):
    document = issue_sample(owner=UserFactory(), holder_name="Zenobia Quarterfield")
    storage, name = document.file.storage, document.file.name

    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        erase_document(document=document, revoke=True)
    assert storage.exists(name)  # not before the commit
    for callback in callbacks:
        callback()

    assert not storage.exists(name)
    document.refresh_from_db()
    assert (document.holder_name, document.file.name) == ("", "")
    assert document.is_revoked
    assert document.revocation_reason == HOLDER_REQUEST
    page = client.get(reverse("issuance:verify_code", args=[document.grouped_code]))
    assert "Revoked at the holder" in page.content.decode()
    assert "Zenobia" not in page.content.decode()


def test_an_earlier_revocation_reason_is_replaced_by_the_holders_request(
    django_capture_on_commit_callbacks,
):
    document = issue_sample(owner=UserFactory())
    revoke_document(document=document, by=None, reason="Visa refused for Zenobia Quarterfield")
    revoked_at = IssuedDocument.objects.get(pk=document.pk).revoked_at

    with django_capture_on_commit_callbacks(execute=True):
        erase_document(document=document, revoke=True)

    document.refresh_from_db()
    assert (document.revoked_at, document.revocation_reason) == (revoked_at, HOLDER_REQUEST)


def test_a_tax_record_stays_valid(django_capture_on_commit_callbacks):
    document = issue_sample(owner=UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        erase_document(document=document, revoke=False)

    document.refresh_from_db()
    assert not document.is_revoked
    assert (document.holder_name, document.file.name) == ("", "")


def test_a_rolled_back_erasure_keeps_the_document_and_its_pdf(django_capture_on_commit_callbacks):
    document = issue_sample(owner=UserFactory(), holder_name="Zenobia Quarterfield")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        erase_document(document=document, revoke=True)
        raise RuntimeError("the erasure failed further on")

    assert callbacks == []
    document.refresh_from_db()
    assert document.holder_name == "Zenobia Quarterfield"
    assert not document.is_revoked
    assert document.file.storage.exists(document.file.name)

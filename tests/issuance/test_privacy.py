"""The issued documents' shredder: exported with their PDFs; on erasure revoked at the
holder's request, the name blanked, the PDF deleted once the erasure commits."""

from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.privacy.registry import shredders
from tests.factories import ReviewerFactory, UserFactory
from tests.support.files import isolated_private_storage, stored_files
from tests.support.issuance import issue_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(tmp_path, settings) -> Path:
    return isolated_private_storage(tmp_path / "private", settings)


def test_issued_documents_exported_then_revoked_blanked_and_deleted(
    storage, client, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Zenaida", last_name="Quiroga")
    document = issue_sample(owner=user, by=ReviewerFactory())
    shredder = shredders.get("issuance.documents")

    section = shredder.export(user)
    Draft202012Validator(shredder.schema).validate(section.data)
    assert [e["code"] for e in section.data] == [document.code]
    assert [f.path for f in section.files] == [section.data[0]["file"]]

    with django_capture_on_commit_callbacks(execute=True):
        shredder.shred(user)

    document = IssuedDocument.objects.get(pk=document.pk)
    assert document.revocation_reason == "Revoked at the holder's request"
    assert document.revoked_at is not None
    assert (document.holder_name, document.file.name) == ("", "")
    assert stored_files(storage) == []
    page = client.get(reverse("issuance:verify_code", args=[document.grouped_code]))
    assert "Quiroga" not in page.content.decode()
    assert "Revoked at the holder" in page.content.decode()

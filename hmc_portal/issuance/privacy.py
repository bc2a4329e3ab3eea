"""The documents issued to a person, as a shredder (registered in IssuanceConfig.ready):
exported with their PDFs; on erasure each is revoked "at the holder's request", its holder's
name blanked and its PDF deleted, so /verify/<code>/ says revoked and shows nothing
personal."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportedFile, ExportSection
from hmc_portal.privacy.schema import DATETIME, INTEGER, STRING, array, iso, nullable, obj
from hmc_portal.privacy.shredding import delete_after_commit

from .models import IssuedDocument

REVOKED_AT_REQUEST = "Revoked at the holder's request"


@transaction.atomic
def erase_issued_documents(*, user) -> int:
    """Revoke (if not already) every document issued to `user`, blank its name and title,
    and delete its PDF once the erasure commits. Returns how many."""
    documents = list(IssuedDocument.objects.select_for_update().filter(owner=user))
    now = timezone.now()
    for document in documents:
        delete_after_commit(document.file)
        if document.revoked_at is None:
            document.revoked_at = now
        document.revocation_reason = REVOKED_AT_REQUEST
        document.holder_name = ""
        document.title = document.kind
        document.file.name = ""
        document.save(
            update_fields=["revoked_at", "revocation_reason", "holder_name", "title", "file"]
        )
    return len(documents)


class IssuedDocumentsShredder(DataShredder):
    name = "issuance.documents"
    verbose_name = _("Documents issued to you (letters, certificates, invoices)")
    keeps = _(
        "Each document's number, kind and dates, marked \"revoked at the holder's request\", "
        "so anyone checking one learns it is no longer valid."
    )
    schema = array(
        obj(
            id=INTEGER,
            kind=STRING,
            title=STRING,
            reference=STRING,
            code=STRING,
            issued_at=DATETIME,
            revoked_at=nullable(DATETIME),
            revocation_reason=STRING,
            file={"description": "Where the PDF is in the ZIP.", **STRING},
        )
    )

    def export(self, user) -> ExportSection:
        data, files = [], []
        for document in IssuedDocument.objects.filter(owner=user).order_by("issued_at", "pk"):
            path = f"issuance/{document.pk}-{document.kind}-{document.code}.pdf"
            data.append(
                {
                    "id": document.pk,
                    "kind": document.kind,
                    "title": document.title,
                    "reference": document.reference,
                    "code": document.code,
                    "issued_at": iso(document.issued_at),
                    "revoked_at": iso(document.revoked_at),
                    "revocation_reason": document.revocation_reason,
                    "file": path,
                }
            )
            if document.file:
                files.append(ExportedFile(path=path, file=document.file))
        return ExportSection(data=data, files=files)

    def shred(self, user) -> None:
        erase_issued_documents(user=user)

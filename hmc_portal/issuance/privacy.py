"""The documents issued to a person that no app's shredder answers for, as a shredder
(registered in IssuanceConfig.ready): the apps that issue documents export and erase their
own kinds (a visa letter, a certificate, an invoice: each shredder names them in
`issued_kinds`); this one takes any other kind, so no issued PDF is left out of an export or
behind after an erasure. Exported with their PDFs; on erasure each is revoked "at the
holder's request", its holder's name blanked and its PDF deleted, so /verify/<code>/ says
revoked and shows nothing personal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hmc_portal.privacy.registry import DataShredder, ExportedFile, ExportSection, shredders
from hmc_portal.privacy.schema import DATETIME, INTEGER, STRING, array, iso, nullable, obj

from .models import IssuedDocument
from .services import erase_document


def _unclaimed(user):
    claimed = {kind for shredder in shredders for kind in shredder.issued_kinds}
    return IssuedDocument.objects.filter(owner=user).exclude(kind__in=claimed)


class IssuedDocumentsShredder(DataShredder):
    name = "issuance.documents"
    verbose_name = _("Other documents issued to you")
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
        for document in _unclaimed(user).order_by("issued_at", "pk"):
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
        for document in _unclaimed(user):
            erase_document(document=document, revoke=True)

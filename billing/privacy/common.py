"""What billing's shredders share: the issued PDFs put in the export."""

from hmc_portal.issuance.models import IssuedDocument
from hmc_portal.privacy.registry import ExportedFile
from hmc_portal.privacy.shredding import exported_file


def issued_files(folder: str, ids) -> list[ExportedFile]:
    documents = IssuedDocument.objects.filter(pk__in=[pk for pk in ids if pk]).order_by("pk")
    files = (exported_file(folder, doc.pk, doc.filename, doc.file) for doc in documents)
    return [file for file in files if file is not None]

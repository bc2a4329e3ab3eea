"""The privacy app's own shredder: the copies of their data an applicant asked for (each ZIP
holds everything, so an erasure must not leave one behind)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import DataExport
from .registry import DataShredder, ExportSection
from .schema import DATETIME, INTEGER, STRING, array, iso, nullable, obj
from .shredding import delete_files_on_commit


@transaction.atomic
def erase_exports(*, user) -> int:
    """Delete the user's exports: the rows now, their ZIPs from storage once the erasure
    commits (a build still running finds its row gone and deletes its own file). Returns
    how many."""
    exports = list(DataExport.objects.select_for_update().filter(user=user))
    delete_files_on_commit(export.file for export in exports)
    DataExport.objects.filter(pk__in=[export.pk for export in exports]).delete()
    return len(exports)


class DataExportsShredder(DataShredder):
    name = "privacy.exports"
    verbose_name = _("The copies of your data you asked for")
    keeps = ""
    schema = array(
        obj(
            id=INTEGER,
            status=STRING,
            requested_at=DATETIME,
            ready_at=nullable(DATETIME),
            expires_at=nullable(DATETIME),
        )
    )

    def export(self, user) -> ExportSection:
        return ExportSection(
            data=[
                {
                    "id": export.pk,
                    "status": export.status,
                    "requested_at": iso(export.requested_at),
                    "ready_at": iso(export.ready_at),
                    "expires_at": iso(export.expires_at),
                }
                for export in DataExport.objects.filter(user=user).order_by("requested_at", "pk")
            ]
        )

    def shred(self, user) -> None:
        erase_exports(user=user)

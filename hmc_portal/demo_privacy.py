"""Demo data for the applicant's copy of their data: `aisha@example.com` (a completed
observer) has one ready to download on /dashboard/privacy/, built by the same service as a
real request (so the ZIP holds her documents, certificate, invoices and emails). Running it
again changes nothing while her copy is ready."""

from __future__ import annotations

from hmc_portal.privacy import services as privacy_services
from hmc_portal.privacy.models import DataExport, ExportStatus
from hmc_portal.users.models import User

READY_EXPORT = "aisha@example.com"


def seed_privacy() -> None:
    user = User.objects.filter(email=READY_EXPORT).first()
    if user is None or DataExport.objects.filter(user=user, status=ExportStatus.READY).exists():
        return
    export = DataExport.objects.filter(user=user, status=ExportStatus.REQUESTED).first()
    if export is None:
        export = privacy_services.request_export(user=user)
    privacy_services.build_export(export_id=export.pk)

"""The completion certificate's panel on the applicant's dashboard (hmc_portal.panels)."""

from applications.enums import ApplicationStatus
from hmc_portal.panels import Panel, dashboard

from .certificate_services import current_certificate


def certificate_panel(*, request, application, **kwargs) -> dict | None:
    """The valid certificate: its number, the download and the verification page. Issued on
    completion and revoked when the completion is reopened: no query before."""
    if application.status != ApplicationStatus.COMPLETED:
        return None
    document = current_certificate(application_id=application.pk)
    if document is None or document.owner_id != request.user.pk:
        return None
    return {"certificate": document}


dashboard.register(
    Panel(
        name="certificate",
        template="rotations/aftercare/_dashboard_certificate.html",
        context=certificate_panel,
        order=20,
    )
)

"""The observer's completion certificate, downloaded from their dashboard."""

from django.http import Http404
from django.views import View

from applications.selectors import current_application
from hmc_portal.issuance.responses import issued_document_response
from hmc_portal.users.pages import ApplicantPageMixin

from .certificate_services import current_certificate


class CertificateDownloadView(ApplicantPageMixin, View):
    """GET /dashboard/certificate.pdf: the applicant's own valid certificate; a 404 without
    one (nobody else's certificate is reachable here)."""

    def get(self, request):
        application = current_application(user=request.user)
        document = (
            current_certificate(application_id=application.pk) if application is not None else None
        )
        if document is None or document.owner_id != request.user.pk:
            raise Http404
        return issued_document_response(document)

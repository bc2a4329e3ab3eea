from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.panels import privacy
from hmc_portal.private_files import private_file_response
from hmc_portal.users.pages import ApplicantPageMixin

from . import selectors, services
from .models import ExportStatus


class PrivacyView(ApplicantPageMixin, TemplateView):
    """/dashboard/privacy/: the panels of hmc_portal.panels.privacy (a copy of the
    applicant's data, the deletion of their account)."""

    template_name = "privacy/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = privacy.render(request=self.request)
        return context


class RequestExportView(ApplicantPageMixin, View):
    """POST: "Download my data": a copy of the applicant's data is built in the background
    and its link emailed; one at a time."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            services.request_export(user=request.user)
        except services.ExportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "We are preparing a copy of your data. We will email you a link as soon "
                    "as it is ready, usually within a few minutes."
                ),
            )
        return redirect("privacy:page")


class DownloadExportView(ApplicantPageMixin, View):
    """/dashboard/privacy/exports/<pk>/download/: the owner's own ZIP, streamed from private
    storage while it is ready; after its expiry a page that says so (nothing served).
    Anyone else's export is a 404."""

    def get(self, request, pk):
        export = get_object_or_404(selectors.exports_of(request.user), pk=pk)
        usable = (
            export.status == ExportStatus.READY
            and export.file
            and export.expires_at
            and export.expires_at > timezone.now()
        )
        if not usable:
            # Still being built: try again later (409); expired or failed: gone (410).
            status = 409 if export.in_progress else 410
            return render(
                request, "privacy/export_unavailable.html", {"export": export}, status=status
            )
        try:
            response = private_file_response(
                export.file,
                filename=export.filename,
                content_type="application/zip",
                size=export.size,
            )
        except Http404:
            return render(
                request, "privacy/export_unavailable.html", {"export": export}, status=410
            )
        services.record_download(export=export, by=request.user)
        return response

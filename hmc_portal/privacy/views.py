from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.panels import privacy
from hmc_portal.private_files import private_file_response
from hmc_portal.users.pages import ApplicantPageMixin

from . import selectors, services
from .errors import ErasureError, WrongPassword
from .forms import DeleteAccountForm
from .models import ExportStatus
from .services.erasure import cancel_erasure, request_erasure


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


class DeleteAccountView(ApplicantPageMixin, View):
    """POST /dashboard/privacy/delete/: the applicant's password and confirmation schedule
    the erasure of their account. A wrong password or a form left incomplete: the page
    again with the form's errors (400); a blocker or a deletion already scheduled: the page
    with the reason as a message. Nothing is stored in either case."""

    def post(self, request):
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                erasure = request_erasure(user=request.user, password=form.cleaned_data["password"])
            except WrongPassword as error:
                form.add_error("password", str(error))
            except ErasureError as error:
                # A blocker, or a deletion already scheduled: the page shows which, with this.
                messages.error(request, str(error))
                return redirect("privacy:page")
            else:
                messages.success(
                    request,
                    gettext(
                        "Your account will be deleted after %(days)s days. We have emailed you "
                        "the date; signing in before then keeps it."
                    )
                    % {"days": (erasure.erase_after - erasure.requested_at).days},
                )
                return redirect("privacy:page")
        # The erasure panel shows this bound form, with its errors (panels.erasure_context).
        request.erasure_form = form
        return render(
            request,
            "privacy/page.html",
            {"panels": privacy.render(request=request)},
            status=400,
        )


class CancelDeletionView(ApplicantPageMixin, View):
    """POST /dashboard/privacy/delete/cancel/: keep the account (the waiting erasure is
    cancelled and the applicant emailed)."""

    def post(self, request):
        if cancel_erasure(user=request.user, by=request.user) is None:
            messages.info(request, gettext("Your account is not scheduled for deletion."))
        else:
            messages.success(
                request,
                gettext("Your account will not be deleted. We have emailed you to confirm."),
            )
        return redirect("privacy:page")

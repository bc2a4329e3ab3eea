"""The staff dossier in admin: "Download dossier" on the application page (built while the
browser waits, or by a worker for a large application, with the link emailed), the
changelist action that builds a ZIP of the selected applications' dossiers, and the page a
built dossier's emailed link opens. Who may: applications.permissions.can_download_dossier.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import permissions, services


def _attachment(stream, *, filename: str, content_type: str, size: int | None) -> FileResponse:
    response = FileResponse(
        stream, as_attachment=True, filename=filename, content_type=content_type
    )
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class DossierAdminMixin:
    """For ApplicationAdmin: the dossier's URLs, its button's context and the bulk action."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/dossier/",
                wrap(self.dossier_view),
                name="applications_application_dossier",
            ),
            path(
                "dossiers/<str:token>/",
                wrap(self.dossier_file_view),
                name="applications_application_dossier_file",
            ),
            *super().get_urls(),
        ]

    def dossier_context(self, request, application) -> dict:
        """The change page's "Download dossier" button, and whether it comes by email."""
        if not permissions.can_download_dossier(request.user):
            return {"dossier_url": None}
        return {
            "dossier_url": reverse("admin:applications_application_dossier", args=[application.pk]),
            "dossier_by_email": not services.builds_in_request(application),
        }

    def dossier_view(self, request, object_id):
        """A small application's dossier, streamed now; a large one's is built by a worker
        and its link emailed."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not permissions.can_download_dossier(request.user):
            raise PermissionDenied
        application = self._get_or_404(request, object_id)
        if not services.builds_in_request(application):
            services.request_dossier_build(applications=[application], by=request.user)
            self.message_user(
                request,
                gettext(
                    "The dossier of %(application)s is being built: it has many or large "
                    "files. You will get an email with the download link when it is ready."
                )
                % {"application": application},
                messages.INFO,
            )
            return HttpResponseRedirect(self._url("change", application.pk))
        dossier = services.download_dossier(application=application, by=request.user)
        return _attachment(
            dossier, filename=dossier.filename, content_type="application/pdf", size=dossier.size
        )

    def dossier_file_view(self, request, token):
        """The emailed link of a built dossier: its requester downloads it once."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not permissions.can_download_dossier(request.user):
            raise PermissionDenied
        try:
            build = services.built_dossier_for(token=token, by=request.user)
            stream = services.open_built_dossier(build=build, by=request.user)
        except services.DossierError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._url("changelist"))
        content_type = "application/zip" if build.bundle else "application/pdf"
        return _attachment(
            stream,
            filename=services.built_filename(build),
            content_type=content_type,
            size=build.size,
        )

    @admin.action(description=_("Download dossiers (ZIP)"), permissions=["download_dossier"])
    def download_dossiers(self, request, queryset):
        applications = list(queryset.order_by("pk"))
        services.request_dossier_build(applications=applications, by=request.user)
        self.message_user(
            request,
            ngettext(
                "The dossier of %(count)d application is being built into a ZIP. You will "
                "get an email with the download link when it is ready.",
                "The dossiers of %(count)d applications are being built into a ZIP. You "
                "will get an email with the download link when it is ready.",
                len(applications),
            )
            % {"count": len(applications)},
            messages.INFO,
        )

    def has_download_dossier_permission(self, request):
        return permissions.can_download_dossier(request.user)

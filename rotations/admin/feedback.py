"""The observers' feedback in admin, read-only: every response (newest first), and the
results per preceptor and per site (count, average of each criterion, share who would
recommend, every comment)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin

from ..aftercare.feedback import CRITERIA_SCALES
from ..aftercare.feedback_selectors import results_by
from ..models import RotationFeedback


@admin.register(RotationFeedback)
class RotationFeedbackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "observer",
        "rotation",
        "teaching",
        "welcome",
        "exposure",
        "organisation",
        "would_recommend",
        "created_at",
    ]
    list_filter = ["would_recommend", "rotation_request__rotation__site"]
    list_select_related = [
        "rotation_request__application__applicant",
        "rotation_request__rotation__specialty",
        "rotation_request__rotation__preceptor__user",
        "rotation_request__rotation__site",
    ]
    search_fields = [
        "rotation_request__application__applicant__email",
        "rotation_request__rotation__preceptor__user__last_name",
        "comments",
    ]
    fields = [
        "rotation_request",
        "teaching",
        "welcome",
        "exposure",
        "organisation",
        "would_recommend",
        "comments",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("observer"))
    def observer(self, obj):
        return obj.rotation_request.application.applicant

    @admin.display(description=_("rotation"))
    def rotation(self, obj):
        rotation = obj.rotation_request.rotation
        return f"{rotation.specialty.name}, {rotation.preceptor}, {rotation.site.name}"

    def get_urls(self):
        return [
            path(
                "results/",
                self.admin_site.admin_view(self.results_view),
                name="rotations_rotationfeedback_results",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "results_url": reverse("admin:rotations_rotationfeedback_results"),
        }
        return super().changelist_view(request, extra_context)

    def results_view(self, request):
        """The results per preceptor and per site, for staff who may see the feedback."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Feedback results per preceptor and per site"),
            "criteria": [str(c.label) for c in CRITERIA_SCALES],
            "groups": [
                (gettext("Per preceptor"), "preceptor", results_by(group="preceptor")),
                (gettext("Per site"), "site", results_by(group="site")),
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "rotations/admin/feedback_results.html", context)

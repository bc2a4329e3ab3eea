"""Admin of pre-arrival compliance: the requirements of each site (edited here, validated
by Requirement.clean), the evidence observers hand in (verified or rejected with a reason
through the services, never edited), and the list of who is not cleared for a rotation
starting in the next 30 days."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ApplicantColumnMixin, ServiceWrittenAdminMixin
from hmc_portal.private_files import private_file_response

from ..arrival import compliance_selectors, compliance_services
from ..arrival.compliance import ItemState
from ..models import ComplianceEvidence, EvidenceStatus, Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "kind", "rule", "active", "order"]
    list_filter = ["site", "kind", "active"]
    search_fields = ["name", "site__name"]
    list_select_related = ["site"]
    fieldsets = [
        (None, {"fields": ["site", "kind", "name", "description", "active", "order"]}),
        (
            _("What the observer enters"),
            {"fields": ["needs_test_date", "needs_expiry", "minimum_amount"]},
        ),
        (
            _("Validity rule"),
            {
                "fields": [
                    "valid_days_before_start",
                    "must_cover_stay",
                    "months_after_stay",
                    "months",
                    "lead_weeks",
                ]
            },
        ),
    ]

    @admin.display(description=_("rule"))
    def rule(self, obj: Requirement) -> str:
        parts = []
        if obj.valid_days_before_start:
            parts.append(
                gettext("test ≤ %(days)d days before") % {"days": obj.valid_days_before_start}
            )
        if obj.must_cover_stay:
            parts.append(
                gettext("covers the stay + %(months)d months") % {"months": obj.months_after_stay}
                if obj.months_after_stay
                else gettext("covers the stay")
            )
        elif obj.needs_expiry:
            parts.append(gettext("valid on the first day"))
        if obj.months:
            parts.append(gettext("months %(months)s") % {"months": obj.months})
        if obj.lead_weeks:
            parts.append(gettext("start %(weeks)d weeks ahead") % {"weeks": obj.lead_weeks})
        return "; ".join(parts) or "—"


class RejectEvidenceForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not accepted"),
        help_text=_("The applicant reads this in the email and on their checklist."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(ComplianceEvidence)
class ComplianceEvidenceAdmin(ServiceWrittenAdminMixin, ApplicantColumnMixin, admin.ModelAdmin):
    list_display = [
        "applicant",
        "requirement",
        "test_date",
        "expiry_date",
        "status",
        "uploaded_at",
        "file_link",
    ]
    list_filter = ["status", "requirement__site", "requirement__kind"]
    list_select_related = ["application__applicant", "requirement__site"]
    search_fields = ["application__applicant__email", "application__applicant__last_name"]
    actions = ["verify_selected", "reject_selected"]
    fields = [
        "application",
        "requirement",
        "file_link",
        "original_name",
        "content_type",
        "size",
        "test_date",
        "expiry_date",
        "amount",
        "status",
        "reject_reason",
        "uploaded_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def file_link(self, obj):
        url = reverse("admin:rotations_complianceevidence_file", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/file/",
                self.admin_site.admin_view(self.file_view),
                name="rotations_complianceevidence_file",
            ),
            path(
                "not-cleared/",
                self.admin_site.admin_view(self.not_cleared_view),
                name="rotations_complianceevidence_not_cleared",
            ),
            *super().get_urls(),
        ]

    def file_view(self, request, object_id):
        """The uploaded file, for staff who may see evidence (a download)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        evidence = self.get_object(request, unquote(object_id))
        if evidence is None:
            raise Http404(gettext("No such evidence."))
        return private_file_response(
            evidence.file,
            filename=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
        )

    def not_cleared_view(self, request):
        """Who is not cleared to start a rotation beginning in the next 30 days, and what
        each still needs (the office's weekly email lists the same)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = compliance_selectors.not_cleared_starting_soon(days=30)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Not cleared to start in the next 30 days"),
            "rows": [
                {
                    "row": row,
                    "open": [
                        item
                        for item in row.clearance.items
                        if item.state not in (ItemState.DONE, ItemState.NOT_NEEDED)
                    ],
                }
                for row in rows
            ],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "rotations/admin/compliance_not_cleared.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "not_cleared_url": reverse("admin:rotations_complianceevidence_not_cleared"),
        }
        return super().changelist_view(request, extra_context)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("rotations.change_complianceevidence")

    def _each(self, request, queryset, call, done) -> None:
        count = 0
        for evidence in queryset.filter(status=EvidenceStatus.PENDING):
            try:
                call(evidence)
            except compliance_services.ComplianceError as error:
                self.message_user(request, f"{evidence}: {error}", messages.ERROR)
                continue
            count += 1
        self.message_user(request, done(count), messages.SUCCESS)

    @admin.action(description=_("Verify the selected evidence"), permissions=["review"])
    def verify_selected(self, request, queryset):
        if not self.has_review_permission(request):
            raise PermissionDenied
        self._each(
            request,
            queryset,
            lambda evidence: compliance_services.verify_evidence(
                evidence=evidence, by=request.user
            ),
            lambda count: ngettext("%d upload verified.", "%d uploads verified.", count) % count,
        )

    @admin.action(description=_("Do not accept the selected evidence…"), permissions=["review"])
    def reject_selected(self, request, queryset):
        """Asks for the reason the applicant will read, then rejects each pending upload."""
        if not self.has_review_permission(request):
            raise PermissionDenied
        form = RejectEvidenceForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                queryset,
                lambda evidence: compliance_services.reject_evidence(
                    evidence=evidence, reason=form.cleaned_data["reason"], by=request.user
                ),
                lambda count: (
                    ngettext("%d upload not accepted.", "%d uploads not accepted.", count) % count
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Do not accept evidence"),
            "objects": list(queryset),
            "form": form,
            "action": "reject_selected",
            "button": gettext("Do not accept"),
            "cancel_url": request.get_full_path(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "rotations/admin/compliance_reject.html", context)

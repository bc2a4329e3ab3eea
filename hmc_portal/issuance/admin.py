"""Issued documents in admin: read-only, searchable by code, reference and holder; revoked
through the service by staff holding issuance.revoke_issueddocument."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import ActivityLogInline, AuditHistoryMixin

from . import codes, kinds, services
from .models import IssuedDocument
from .responses import issued_document_response


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the documents are revoked"),
        max_length=services.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Anyone who checks the code reads this on the verification page."),
    )


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kinds.choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


class RevokedFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("Valid")), ("yes", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(revoked_at__isnull=True)
        return queryset


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every document the portal issued; nobody adds, edits or deletes one here."""

    list_display = [
        "kind_column",
        "holder_name",
        "reference",
        "code_column",
        "issued_at",
        "revoked_at",
    ]
    list_filter = [KindFilter, RevokedFilter, "issued_at"]
    search_fields = ["holder_name", "reference", "owner__email"]
    search_help_text = _(
        "A verification code (with or without dashes), a reference, a holder's name or "
        "the owner's email."
    )
    list_select_related = ["owner"]
    date_hierarchy = "issued_at"
    show_full_result_count = False
    actions = ["revoke_selected"]
    fields = [
        "kind_column",
        "title",
        "holder_name",
        "owner",
        "reference",
        "code_column",
        "issued_at",
        "issued_by",
        "pdf_link",
        "size",
        "sha256",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
    ]
    readonly_fields = fields
    inlines = [ActivityLogInline]

    @admin.display(description=_("kind"), ordering="kind")
    def kind_column(self, obj: IssuedDocument) -> str:
        return obj.kind_label

    @admin.display(description=_("verification code"), ordering="code")
    def code_column(self, obj: IssuedDocument) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("issuance:verify_code", args=[obj.grouped_code]),
            obj.grouped_code,
        )

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: IssuedDocument) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:issuance_issueddocument_download", args=[obj.pk]),
            gettext("Download %(name)s") % {"name": obj.filename},
        )

    def get_search_results(self, request, queryset, search_term):
        code = codes.normalize(search_term.strip())
        if code is not None:
            return queryset.filter(code=code), False
        return super().get_search_results(request, queryset, search_term)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/download/",
                self.admin_site.admin_view(self.download_view),
                name="issuance_issueddocument_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, object_id):
        """The stored PDF, for staff who may see issued documents."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = self.get_object(request, unquote(object_id))
        if document is None:
            raise Http404(gettext("No such issued document."))
        return issued_document_response(document)

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("issuance.revoke_issueddocument")

    @admin.action(description=_("Revoke selected documents…"), permissions=["revoke"])
    def revoke_selected(self, request, queryset: QuerySet[IssuedDocument]):
        if not self.has_revoke_permission(request):
            raise PermissionDenied
        documents = list(queryset)
        form = RevokeForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            done = 0
            for document in documents:
                try:
                    services.revoke_document(
                        document=document, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except services.IssuanceError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    ngettext("%d document revoked.", "%d documents revoked.", done) % done,
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": ngettext(
                "Revoke %(count)d document", "Revoke %(count)d documents", len(documents)
            )
            % {"count": len(documents)},
            "opts": self.opts,
            "documents": documents,
            "form": form,
            "action": "revoke_selected",
            "cancel_url": request.get_full_path(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/issuance/revoke.html", context)

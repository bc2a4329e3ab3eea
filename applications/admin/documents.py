"""Admin for documents: read-only, verified and rejected through the services (registered
through applications.admin)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import ActivityLogInline, AuditHistoryMixin

from .. import permissions, services
from ..enums import DocumentStatus
from ..files import JPEG, PDF, PNG
from ..models import Document
from ..selectors.review import preview_kind
from ..views.documents import document_response
from .review import Outcome, ServiceViewsMixin, results_response, safe_next


class RejectDocumentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the document is rejected"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "The applicant sees this in the email and on the dashboard; say what to upload instead."
        ),
    )


def document_link(document: Document) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("applications:document_download", args=[document.pk]),
        document.original_name,
    )


def document_review_buttons(document: Document) -> str:
    """Verify (a button of the document's own form, see the change_form templates) and
    Reject (a page asking for the reason)."""
    if document.application.is_draft:
        return gettext("Not submitted yet")
    parts = []
    if document.status != DocumentStatus.VERIFIED:
        parts.append(
            format_html(
                '<button type="submit" class="button" form="verify-document-{}">{}</button>',
                document.pk,
                gettext("Verify"),
            )
        )
    if document.status != DocumentStatus.REJECTED:
        parts.append(
            format_html(
                '<a class="button" href="{}">{}</a>',
                reverse("admin:applications_document_reject", args=[document.pk]),
                gettext("Reject…"),
            )
        )
    return format_html_join(" ", "{}", ((part,) for part in parts))


class DocumentFieldsMixin:
    """The read-only fields of a document (its `fields`, a link to the file) and, for a
    reviewer, the Verify and Reject buttons: shared by DocumentAdmin and the inline of the
    application page."""

    def get_fields(self, request, obj=None):
        if permissions.can_review(request.user):
            return [*self.fields, "review"]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return [*self.fields, "review"]

    @admin.display(description=_("file"))
    def open_file(self, document):
        return document_link(document)

    @admin.display(description=_("review"))
    def review(self, document):
        return document_review_buttons(document)


class ContentTypeFilter(admin.SimpleListFilter):
    """The kinds of file a document can be (files.py accepts these three only): fixed
    choices, not a DISTINCT over every document."""

    title = Document._meta.get_field("content_type").verbose_name
    parameter_name = "content_type__exact"

    def lookups(self, request, model_admin):
        return [(kind, kind) for kind in (PDF, JPEG, PNG)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(content_type=self.value())
        return queryset


class DocumentAdmin(
    AuditHistoryMixin,
    DocumentFieldsMixin,
    ReadOnlyAdminMixin,
    ServiceViewsMixin,
    admin.ModelAdmin,
):
    """Every uploaded document, read-only; verified and rejected through the services. Its
    page lists its activity log (uploaded, verified, rejected, replaced)."""

    list_display = [
        "original_name",
        "kind",
        "application",
        "status",
        "content_type",
        "size",
        "uploaded_at",
        "reviewed_by",
        "reviewed_at",
    ]
    list_filter = ["status", "kind", ContentTypeFilter, "uploaded_at"]
    search_fields = [
        "original_name",
        "sha256",
        "application__applicant__email",
        "application__applicant__last_name",
    ]
    list_select_related = ["application__applicant", "reviewed_by"]
    show_full_result_count = False
    ordering = ["-uploaded_at", "-pk"]
    actions = ["verify_selected", "reject_selected"]
    inlines = [ActivityLogInline]
    fields = [
        "application",
        "kind",
        "open_file",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "status",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
    ]

    def has_review_permission(self, request):
        return permissions.can_review(request.user)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["verify_documents"] = (
                [obj]
                if permissions.can_review(request.user)
                and obj.status != DocumentStatus.VERIFIED
                and not obj.application.is_draft
                else []
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/verify/",
                wrap(self.verify_view),
                name="applications_document_verify",
            ),
            path(
                "<path:object_id>/reject/",
                wrap(self.reject_view),
                name="applications_document_reject",
            ),
            path(
                "<path:object_id>/preview/",
                wrap(self.preview_view),
                name="applications_document_preview",
            ),
            *super().get_urls(),
        ]

    def _application_url(self, document: Document) -> str:
        return reverse("admin:applications_application_change", args=[document.application_id])

    def verify_view(self, request, object_id):
        """The Verify button (POST only), back to where it was pressed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.can_review(request.user):
            raise PermissionDenied
        document = self._get_or_404(request, object_id)
        try:
            services.verify_document(document=document, by=request.user)
        except services.ApplicationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("%(kind)s verified.") % {"kind": document.get_kind_display()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(safe_next(request, self._application_url(document)))

    def preview_view(self, request, object_id):
        """The file shown inside the review screen (a PDF in a frame, an image in <img>):
        served inline to staff who may see the document, and framed by our own pages only.
        Any other type is a 404 here (the download link serves it as an attachment)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        document = self._get_or_404(request, object_id)
        if not (
            permissions.can_download_document(request.user, document) and preview_kind(document)
        ):
            raise Http404(gettext("No preview for this document."))
        return document_response(document, framed_by_staff=True)

    def reject_view(self, request, object_id):
        """Reject one document: a page asking for the reason the applicant will read."""
        if not permissions.can_review(request.user):
            raise PermissionDenied
        document = self._get_or_404(request, object_id)
        back = safe_next(request, self._application_url(document))
        form = RejectDocumentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reject_document(
                    document=document, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(kind)s rejected; the applicant was emailed.")
                    % {"kind": document.get_kind_display()},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(back)
        return TemplateResponse(
            request,
            "admin/applications/document/reject.html",
            self._context(
                request,
                title=gettext("Reject %(kind)s: %(application)s")
                % {
                    "kind": document.get_kind_display().lower(),
                    "application": document.application,
                },
                documents=[document],
                form=form,
                cancel_url=back,
                bulk=False,
            ),
        )

    def _outcome(self, document: Document, done: bool, message: str) -> Outcome:
        return Outcome(
            gettext("%(kind)s of %(application)s")
            % {"kind": document.get_kind_display(), "application": document.application},
            self._application_url(document),
            done,
            message,
        )

    def _results(self, request, title: str, outcomes: list[Outcome]):
        return results_response(self, request, title, outcomes)

    @admin.action(description=_("Verify selected documents"), permissions=["review"])
    def verify_selected(self, request, queryset: QuerySet[Document]):
        if not permissions.can_review(request.user):
            raise PermissionDenied
        outcomes = []
        for document in queryset:
            try:
                services.verify_document(document=document, by=request.user)
            except services.ApplicationError as error:
                outcomes.append(self._outcome(document, False, str(error)))
            else:
                outcomes.append(self._outcome(document, True, gettext("Verified.")))
        return self._results(request, gettext("Verify documents: results"), outcomes)

    @admin.action(description=_("Reject selected documents…"), permissions=["review"])
    def reject_selected(self, request, queryset: QuerySet[Document]):
        if not permissions.can_review(request.user):
            raise PermissionDenied
        documents = list(queryset)
        form = RejectDocumentForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            outcomes = []
            for document in documents:
                try:
                    services.reject_document(
                        document=document, by=request.user, reason=form.cleaned_data["reason"]
                    )
                except services.ApplicationError as error:
                    outcomes.append(self._outcome(document, False, str(error)))
                else:
                    outcomes.append(
                        self._outcome(document, True, gettext("Rejected; applicant emailed."))
                    )
            return self._results(request, gettext("Reject documents: results"), outcomes)
        return TemplateResponse(
            request,
            "admin/applications/document/reject.html",
            self._context(
                request,
                title=ngettext(
                    "Reject %(count)d document", "Reject %(count)d documents", len(documents)
                )
                % {"count": len(documents)},
                documents=documents,
                form=form,
                action="reject_selected",
                cancel_url=request.get_full_path(),
                bulk=True,
            ),
        )

"""Step 4 of /apply/ (the documents) and the document files: replace, delete, download."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from hmc_portal.private_files import private_file_response
from hmc_portal.security import allow_camera

from .. import permissions, selectors, services
from ..forms import DocumentDeleteForm, DocumentReplaceForm, DocumentUploadForm
from ..models import Document
from ..wizard import steps_context
from .document_rows import (
    files_used_text,
    form_error,
    posted_kind,
    row_response,
    upload_context,
    upload_error,
    uploaded,
    wants_json,
)
from .wizard import ApplicantDraftMixin


class DocumentsStepView(ApplicantDraftMixin, View):
    """The checklist with each document's review status; each missing or rejected row has
    its own Upload button.

    On a submitted application the page stays reachable (the dashboard links here) so that a
    document the program office rejected can be replaced; nothing new can be added.
    """

    def render_page(self, *, kind: str = "", error: str = "", status: int = 200):
        application, user = self.application, self.request.user
        documents = (
            list(application.documents.order_by("uploaded_at", "pk")) if self.started else []
        )
        context = steps_context(application=application, current="documents")
        context.update(upload_context(user=user, application=application, documents=documents))
        for row in context["rows"]:
            if row.kind == kind:
                row.error = error
        context.update(
            can_upload=permissions.can_upload_document(user, application),
            files_used=files_used_text(len(documents)),
            limit_reached=len(documents) >= settings.DOCUMENT_MAX_FILES,
            layout="checklist",
        )
        response = render(self.request, "applications/documents.html", context, status=status)
        return allow_camera(response)

    def get(self, request):
        return self.render_page()

    def refuse(self, request, kind: str, error: str, status: int = 400):
        if wants_json(request):
            return row_response(request, self.application, kind=kind, error=error, status=status)
        return self.render_page(kind=kind, error=error, status=status)

    def post(self, request):
        kind = posted_kind(request)
        upload = request.FILES.get("file")
        if not permissions.can_upload_document(request.user, self.application):
            text = _("Your application has been submitted, so no documents can be added.")
            if wants_json(request) and self.started:
                return self.refuse(request, kind, text)
            messages.error(request, text)
            return redirect("applications:apply_documents")
        self.start_draft()  # the first POST stores the draft
        documents = list(self.application.documents.all())
        form = DocumentUploadForm(
            request.POST,
            request.FILES,
            uploaded_kinds=[d.kind for d in documents],
            statement_written=bool(self.application.personal_statement.strip()),
        )
        if not form.is_valid():
            return self.refuse(request, kind, form_error(form, upload))
        try:
            document = services.upload_document(
                application=self.application,
                by=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except services.ApplicationError as error:
            return self.refuse(request, kind, upload_error(upload, str(error)))
        if document.active_content_removed:
            text = _(
                "%(kind)s uploaded: %(name)s. We removed scripts and automatic actions from "
                "it; the document itself is unchanged."
            )
        else:
            text = _("%(kind)s uploaded: %(name)s.")
        text = text % {"kind": document.get_kind_display(), "name": document.original_name}
        return uploaded(request, self.application, kind=document.kind, text=text)


class DocumentMixin(LoginRequiredMixin):
    """Resolves the document in the URL through the viewer's scope: anyone else's is a 404."""

    def get_document(self) -> Document:
        return get_object_or_404(
            selectors.documents_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )


class DocumentChangeMixin(DocumentMixin):
    """Replace and delete: only where permissions.can_change_document allows."""

    template_name = ""
    form_class: type = DocumentReplaceForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.document = self.get_document()
        if not permissions.can_change_document(request.user, self.document):
            if self.document.application.applicant_id != request.user.pk:
                raise Http404("Not your document.")
            messages.error(
                request,
                _(
                    "This document can no longer be changed: only a document "
                    "the program office rejected can be, once you submitted."
                ),
            )
            return redirect("applications:apply_documents")
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, form, status: int = 200):
        return render(
            self.request,
            self.template_name,
            {"document": self.document, "form": form},
            status=status,
        )

    def get(self, request, pk):
        return self.render_form(self.form_class())


class DocumentReplaceView(DocumentChangeMixin, View):
    """A new file in place of a draft's document or of a rejected one."""

    template_name = "applications/documents_replace.html"
    form_class = DocumentReplaceForm

    def render_form(self, form, status: int = 200):
        return allow_camera(super().render_form(form, status=status))

    def post(self, request, pk):
        form = DocumentReplaceForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        application, kind = self.document.application, self.document.kind
        if not form.is_valid():
            if wants_json(request):
                return row_response(
                    request, application, kind=kind, error=form_error(form, upload), status=400
                )
            return self.render_form(form, status=400)
        try:
            document = services.replace_document(
                document=self.document, by=request.user, upload=form.cleaned_data["file"]
            )
        except services.ApplicationError as error:
            if wants_json(request):
                text = upload_error(upload, str(error))
                return row_response(request, application, kind=kind, error=text, status=400)
            field = getattr(error, "field", None)
            text = upload_error(upload, str(error))
            form.add_error(field if field in form.fields else None, text)
            return self.render_form(form, status=400)
        if document.active_content_removed:
            text = _(
                "%(kind)s replaced; it waits for review again. We removed scripts and "
                "automatic actions from %(name)s; the document itself is unchanged."
            )
        else:
            text = _("%(kind)s replaced with %(name)s; it waits for review again.")
        text = text % {"kind": document.get_kind_display(), "name": document.original_name}
        return uploaded(request, application, kind=kind, text=text)


class DocumentDeleteView(DocumentChangeMixin, View):
    """Confirm, then delete a draft's document or a rejected one."""

    template_name = "applications/documents_delete.html"
    form_class = DocumentDeleteForm

    def post(self, request, pk):
        form = DocumentDeleteForm(request.POST)
        try:
            services.delete_document(document=self.document, by=request.user)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_form(form, status=400)
        messages.success(
            request, _("%(kind)s deleted.") % {"kind": self.document.get_kind_display()}
        )
        return redirect("applications:apply_documents")


class DocumentDownloadView(DocumentMixin, View):
    """The file itself, to its owner and to staff, always as an attachment, streamed from
    the private storage (never read into memory, never a public URL)."""

    def get(self, request, pk):
        document = self.get_document()
        if not permissions.can_download_document(request.user, document):
            raise Http404("Not your document.")
        return document_response(document)


def document_response(document: Document, *, framed_by_staff: bool = False) -> FileResponse:
    """A stored document streamed from the private storage; only for a viewer the caller has
    checked. By default a download, never rendered by the browser; `framed_by_staff` serves
    it inline for the admin's review screen instead, framed by a page of this site only
    (hmc_portal.private_files.private_file_response). Never cached."""
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        size=document.size,
        inline=framed_by_staff,
    )

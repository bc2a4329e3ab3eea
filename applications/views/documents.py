"""Step 4 of /apply/ (the documents) and the document files: replace, delete, download."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from hmc_portal.security import allow_camera

from .. import files, permissions, selectors, services
from ..enums import PHOTO_KINDS, DocumentKind, DocumentStatus
from ..forms import DocumentDeleteForm, DocumentReplaceForm, DocumentUploadForm
from ..forms.documents import file_help_text
from ..models import Application, Document
from ..selectors import ChecklistItem
from ..wizard import steps_context
from .wizard import ApplicantDraftMixin


@dataclass
class DocumentRow:
    """One row of the checklist as a page shows it: the kind and its files, and where the
    row's own Upload button sends a file (a new document, or a new file in place of the
    rejected one), if anywhere."""

    item: ChecklistItem
    upload_url: str = ""
    replaces: Document | None = None
    error: str = ""  # the last upload in this row failed: what, naming the file
    done: str = ""  # the last upload in this row worked (shown after an upload without reload)

    @property
    def kind(self) -> str:
        return self.item.kind.value

    @property
    def capture(self) -> bool:
        """Whether the file input asks for the camera: only where a photo is the usual way
        (some phones then offer nothing but the camera)."""
        return self.item.kind in PHOTO_KINDS

    @property
    def accept(self) -> str:
        """The file input's accept: the types applications.files takes (PDF, JPEG, PNG)."""
        return files.ACCEPT

    @property
    def max_bytes(self) -> int:
        return settings.DOCUMENT_MAX_BYTES


def upload_context(*, user, application: Application, documents: list[Document]) -> dict:
    """What a page with upload rows needs (the documents step, the dashboard's card): the
    rows, the files' rules, and the words the rows' script shows."""
    name = "{name}"  # filled in by static/js/document-rows.js with the chosen file's name
    too_large = _(
        "The file is larger than %(size)s. Scan it at a lower resolution or compress it, "
        "then upload it again."
    ) % {"size": files.max_size_label()}
    return {
        "rows": document_rows(user=user, application=application, documents=documents),
        "changeable": changeable(user, documents),
        "upload_help": file_help_text(),
        "upload_words": {
            "uploading": _("Uploading %(name)s") % {"name": name},
            "sent": _("%(percent)s%% sent") % {"percent": "{percent}"},
            "checking": _("%(percent)s%% sent. Checking the file…") % {"percent": 100},
            "failed": upload_error_named(
                name,
                _("the upload did not get through. Check your connection and try again."),
            ),
            "too_large": upload_error_named(name, too_large),
        },
    }


def document_rows(
    *, user, application: Application, documents: list[Document]
) -> list[DocumentRow]:
    """Every checklist row with its upload target: a missing kind uploads a new document
    while the draft may take one, a rejected one takes a new file in its place (also after
    submission); the personal statement written in the form takes no upload."""
    can_upload = permissions.can_upload_document(user, application)
    room = len(documents) < settings.DOCUMENT_MAX_FILES
    step = reverse("applications:apply_documents")
    rows = []
    for item in selectors.document_checklist(application=application, documents=documents):
        row = DocumentRow(item=item)
        rejected = [
            d
            for d in item.documents
            if d.status == DocumentStatus.REJECTED and permissions.can_change_document(user, d)
        ]
        if can_upload and room and item.kind == DocumentKind.OTHER:
            row.upload_url = step
        elif rejected:
            row.replaces = rejected[0]
            row.upload_url = reverse("applications:document_replace", args=[rejected[0].pk])
        elif can_upload and room and not item.documents and not item.written_in_form:
            row.upload_url = step
        rows.append(row)
    return rows


def wants_json(request) -> bool:
    """The row's script (static/js/document-rows.js) asks for JSON; a plain form post does
    not and gets the usual redirect or page."""
    return "application/json" in request.headers.get("Accept", "")


def upload_error(upload, message: str) -> str:
    """An upload's refusal, naming the file the person chose (when they chose one)."""
    return upload_error_named(files.clean_filename(getattr(upload, "name", "") or ""), message)


def upload_error_named(name: str, message: str) -> str:
    if not name:
        return message
    return _("%(name)s was not uploaded: %(reason)s") % {"name": name, "reason": message}


def form_error(form, upload) -> str:
    """The first error of a row's form, as one sentence naming the file."""
    for errors in (form.errors.get("file"), form.errors.get("kind"), form.non_field_errors()):
        if errors:
            return upload_error(upload, errors[0])
    return upload_error(upload, _("The file could not be uploaded."))


def files_used_text(count: int) -> str:
    return _("%(count)s of %(limit)s files used.") % {
        "count": count,
        "limit": settings.DOCUMENT_MAX_FILES,
    }


ROW_TEMPLATES = {
    "checklist": "applications/_document_item.html",
    "card": "applications/_dashboard_document_item.html",
}


def row_response(request, application: Application, *, kind: str, error="", done="", status=200):
    """The JSON answer of a row's upload: the row rendered again (with its error or its
    confirmation) for the script to put in place of the old one."""
    documents = list(application.documents.order_by("uploaded_at", "pk"))
    rows = document_rows(user=request.user, application=application, documents=documents)
    row = next((r for r in rows if r.kind == kind), None)
    layout = (
        request.POST.get("layout") if request.POST.get("layout") in ROW_TEMPLATES else "checklist"
    )
    data = {"error": error, "message": done, "files_used": files_used_text(len(documents))}
    if row is not None:
        row.error, row.done = error, done
        data["html"] = render_to_string(
            ROW_TEMPLATES[layout],
            {"row": row, "changeable": changeable(request.user, documents), "layout": layout},
            request=request,
        ).strip()
    return JsonResponse(data, status=status)


def changeable(user, documents: list[Document]) -> set[int]:
    return {d.pk for d in documents if permissions.can_change_document(user, d)}


def posted_kind(request) -> str:
    kind = request.POST.get("kind", "")
    return kind if kind in DocumentKind.values else ""


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


def uploaded(request, application: Application, *, kind: str, text: str):
    """After a row's upload worked: the checklist with the confirmation, as the asker wants
    it (the row for the script; the dashboard again from its card; else the checklist)."""
    layout = request.POST.get("layout")
    if wants_json(request):
        if layout == "card":
            messages.success(request, text)
            return JsonResponse({"redirect": reverse("applications:dashboard")})
        return row_response(request, application, kind=kind, done=text)
    messages.success(request, text)
    if layout == "card":
        return redirect("applications:dashboard")
    return redirect("applications:apply_documents")


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


def document_response(document: Document) -> FileResponse:
    """A stored document as a download, streamed from the private storage; only for a
    viewer the caller has checked. Never rendered by the browser (attachment, nosniff, a
    sandboxing CSP), never cached."""
    try:
        stream = open_stored_file(document)
    except FileNotFoundError as error:
        raise Http404("The file is missing from storage.") from error
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def open_stored_file(document: Document):
    """A readable stream of the stored file. S3 objects are streamed from the GET response
    (django-storages' S3File would first copy the whole object into memory)."""
    storage = document.file.storage
    bucket = getattr(storage, "bucket", None)
    if bucket is None:
        return document.file.storage.open(document.file.name, "rb")
    key = storage._normalize_name(document.file.name)  # the storage's own key mapping
    try:
        return bucket.Object(key).get()["Body"]
    except storage.connection.meta.client.exceptions.NoSuchKey as error:
        raise FileNotFoundError(document.file.name) from error

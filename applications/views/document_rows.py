"""The checklist's rows and their uploads: each missing or rejected row of the documents
step (and of the dashboard's card) has its own small form, and the answers a row's upload
gets, a redirect for a plain form post or JSON for static/js/document-rows.js."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .. import files, permissions, selectors
from ..enums import PHOTO_KINDS, DocumentKind, DocumentStatus
from ..forms.documents import file_help_text
from ..models import Application, Document
from ..selectors import ChecklistItem


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
    """`message` as the refusal of the file called `name` (the message alone without one)."""
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
    """ "3 of 20 files used.", above the checklist."""
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
    """The pks of the documents the viewer may replace or delete."""
    return {d.pk for d in documents if permissions.can_change_document(user, d)}


def posted_kind(request) -> str:
    """The kind a row posted, if it is one ("" else): which row an error belongs to."""
    kind = request.POST.get("kind", "")
    return kind if kind in DocumentKind.values else ""


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

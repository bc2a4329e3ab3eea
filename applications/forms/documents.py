"""Forms of the documents step: a row's upload, replace one, confirm a deletion.

They check only what is cheap (a choice, a file present, its announced size); what the file
really is, is decided by applications.files when the service stores it.
"""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..enums import DocumentKind
from ..files import ACCEPT, max_size_label

# Shown while the file travels (static/js/upload-progress.js, which takes its words from
# the data- attributes); hidden without JavaScript.
PROGRESS = """
<div class="upload-progress mt-3" data-upload-progress hidden
  data-text-starting="{starting}" data-text-sent="{sent}" data-text-checking="{checking}"
  data-text-failed="{failed}">
  <label class="form-label" for="{id}">{uploading}</label>
  <progress class="upload-progress-bar" id="{id}" max="100" value="0">0%</progress>
  <p class="small text-body-secondary mb-0" data-upload-progress-text aria-live="polite">{zero}</p>
</div>
"""


def progress_html(id: str) -> str:
    """The progress box, its words in the active language."""
    sent = gettext("%(percent)s%% sent")
    return format_html(
        PROGRESS,
        id=id,
        uploading=gettext("Uploading your file"),
        starting=gettext("Starting the upload…"),
        sent=sent % {"percent": "{percent}"},
        checking=gettext("%(percent)s%% sent. Checking the file…") % {"percent": 100},
        failed=gettext("The upload did not get through. Check your connection and try again."),
        zero=sent % {"percent": 0},
    )


def file_help_text() -> str:
    return gettext(
        "PDF, JPEG or PNG, at most %(size)s per file and "
        "%(limit)s files in all. A clear scan or photo of every page; "
        "no password on PDFs."
    ) % {"size": max_size_label(), "limit": settings.DOCUMENT_MAX_FILES}


def _file_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=lazy(file_help_text, str)(),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty. Choose the file again, or save a new copy."),
        },
    )


class _FileSizeMixin:
    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                gettext(
                    "The file is larger than %(size)s. Scan it at a lower resolution "
                    "or compress it, then upload it again."
                )
                % {"size": max_size_label()}
            )
        return upload


class DocumentUploadForm(_FileSizeMixin, forms.Form):
    """A checklist row's upload: its kind (a hidden field of the row) and the file. Each row
    is rendered by templates/applications/_document_upload.html, not by crispy."""

    kind = forms.ChoiceField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose which document this is."),
            "invalid_choice": _(
                "This document cannot be uploaded again: each kind except Other is uploaded "
                "once, and a personal statement written in the form needs no file. To change "
                "a file you uploaded, use its Replace button."
            ),
        },
    )
    file = _file_field(_("File"))

    def __init__(
        self,
        *args,
        uploaded_kinds: Iterable[str] = (),
        statement_written: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        taken = set(uploaded_kinds) - {DocumentKind.OTHER}
        if statement_written:
            taken.add(DocumentKind.PERSONAL_STATEMENT)
        self.fields["kind"].choices = [
            (kind.value, kind.label) for kind in DocumentKind if kind not in taken
        ]


class DocumentReplaceForm(_FileSizeMixin, forms.Form):
    """The new file for an existing document."""

    file = _file_field(_("New file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help_text()
        self.helper = FormHelper()
        self.helper.form_id = "document-replace"
        self.helper.attrs = {"data-upload-form": ""}
        self.helper.layout = Layout(
            "file",
            Submit("replace", _("Replace the file"), css_class="btn-brand"),
            HTML(progress_html("document-replace-progress")),
        )


class DocumentDeleteForm(forms.Form):
    """A confirmation: no fields, one button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "document-delete"
        self.helper.layout = Layout(
            Submit("delete", _("Delete the document"), css_class="btn-danger")
        )

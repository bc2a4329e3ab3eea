"""Forms of the documents step: upload a new document, replace one, confirm a deletion.

They check only what is cheap (a choice, a file present, its announced size); what the file
really is, is decided by applications.files when the service stores it.
"""

from __future__ import annotations

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout, Submit
from django import forms
from django.conf import settings

from ..enums import REQUIRED_DOCUMENTS, DocumentKind
from ..files import ACCEPT, max_size_label

# Shown while the file travels (static/js/upload-progress.js); hidden without JavaScript.
PROGRESS = """
<div class="upload-progress mt-3" data-upload-progress hidden>
  <label class="form-label" for="{id}">Uploading your file</label>
  <progress class="upload-progress-bar" id="{id}" max="100" value="0">0%</progress>
  <p class="small text-body-secondary mb-0" data-upload-progress-text aria-live="polite">0% sent</p>
</div>
"""


def file_help_text() -> str:
    return (
        f"PDF, JPEG or PNG, at most {max_size_label()} per file and "
        f"{settings.DOCUMENT_MAX_FILES} files in all. A clear scan or photo of every page; "
        "no password on PDFs."
    )


def _file_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=file_help_text(),
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "The file is empty. Choose the file again, or save a new copy.",
        },
    )


class _FileSizeMixin:
    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {max_size_label()}. Scan it at a lower resolution "
                "or compress it, then upload it again."
            )
        return upload


class DocumentUploadForm(_FileSizeMixin, forms.Form):
    """Which document it is, and the file."""

    kind = forms.ChoiceField(
        label="Document",
        error_messages={
            "required": "Choose which document this is.",
            "invalid_choice": "Choose which document this is. Each kind except Other is "
            "uploaded once: to change one you uploaded, use its Replace button.",
        },
    )
    file = _file_field("File")

    def __init__(self, *args, uploaded_kinds: Iterable[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.max_files = settings.DOCUMENT_MAX_FILES
        taken = set(uploaded_kinds) - {DocumentKind.OTHER}
        required = [(k.value, f"{k.label} (required)") for k in REQUIRED_DOCUMENTS]
        optional = [(k.value, k.label) for k in DocumentKind if k not in REQUIRED_DOCUMENTS]
        self.fields["kind"].choices = [
            ("", "Choose…"),
            ("Required", [c for c in required if c[0] not in taken]),
            ("Optional", [c for c in optional if c[0] not in taken]),
        ]
        self.fields["file"].help_text = file_help_text()
        self.helper = FormHelper()
        self.helper.form_id = "document-upload"
        self.helper.attrs = {"data-upload-form": ""}
        self.helper.layout = Layout(
            Div(
                Div("kind", css_class="col-md-5"),
                Div("file", css_class="col-md-7"),
                css_class="row",
            ),
            Submit("upload", "Upload", css_class="btn-brand"),
            HTML(PROGRESS.format(id="document-upload-progress")),
        )


class DocumentReplaceForm(_FileSizeMixin, forms.Form):
    """The new file for an existing document."""

    file = _file_field("New file")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help_text()
        self.helper = FormHelper()
        self.helper.form_id = "document-replace"
        self.helper.attrs = {"data-upload-form": ""}
        self.helper.layout = Layout(
            "file",
            Submit("replace", "Replace the file", css_class="btn-brand"),
            HTML(PROGRESS.format(id="document-replace-progress")),
        )


class DocumentDeleteForm(forms.Form):
    """A confirmation: no fields, one button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "document-delete"
        self.helper.layout = Layout(Submit("delete", "Delete the document", css_class="btn-danger"))

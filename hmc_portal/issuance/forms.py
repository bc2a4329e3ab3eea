from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import codes


class VerifyForm(forms.Form):
    """The code printed at the foot of an issued document, typed by whoever holds it."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=4 * codes.LENGTH,
        help_text=_(
            "Printed at the foot of every page, e.g. K7QF-9M2X-4HTB-WZ3N-8CPE. Capital or "
            "small letters, with or without the dashes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "verify-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "code", Submit("check", _("Check the document"), css_class="btn-brand")
        )

    def clean_code(self) -> str:
        code = codes.normalize(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _(
                    "A verification code has 20 letters and digits, e.g. "
                    "K7QF-9M2X-4HTB-WZ3N-8CPE. Check it against the document and type it again."
                )
            )
        return code


class VerifyFileForm(forms.Form):
    """The PDF a visitor holds, compared byte for byte with the one issued under the code."""

    file = forms.FileField(
        label=_("The PDF you received"),
        help_text=_(
            "We compare it with the document we issued and tell you whether it is exactly the "
            "same file. It is not kept."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "verify-file-form"
        self.helper.layout = Layout(
            "file", Submit("compare", _("Compare the file"), css_class="btn-outline-brand")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.VERIFY_MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)s, so it cannot be the document we issued.")
                % {"size": filesizeformat(settings.VERIFY_MAX_FILE_BYTES)}
            )
        return upload

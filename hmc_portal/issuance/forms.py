from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
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

"""The second factor's forms: validation and layout only."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


def _helper(label, *, action: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_action = action
    helper.add_input(Submit("submit", label, css_class="btn-brand w-100"))
    return helper


class CodeForm(forms.Form):
    """The 6 digits an authenticator app shows (spaces allowed: "123 456")."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=7,
        validators=[
            RegexValidator(r"^\d{3} ?\d{3}$", _("Enter the 6 digits your app shows, e.g. 123456."))
        ],
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": r"\d{3} ?\d{3}",
            }
        ),
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Continue"))

    def clean_code(self):
        return self.cleaned_data["code"].replace(" ", "")


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=20,
        help_text=_("One of the ten codes you saved when you set up your app, e.g. abcde-fgh23."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Use this recovery code"))


class CodesSavedForm(forms.Form):
    saved = forms.BooleanField(
        label=_("I have saved my recovery codes somewhere safe"),
        error_messages={"required": _("Tick the box once you have saved the codes.")},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Continue"), action=action)

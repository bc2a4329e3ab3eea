"""Forms of the events pages and of staff's event actions. Validation only; services write."""

from __future__ import annotations

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import EventFormat, EventKind


class EventFilterForm(forms.Form):
    """The list's filters (GET): kind and format."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("All formats")), *EventFormat.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "row g-3 align-items-end filter-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div("kind", css_class="col-sm-6 col-lg-5"),
            Div("format", css_class="col-sm-6 col-lg-4"),
            Div(
                StrictButton(_("Show events"), type="submit", css_class="btn-brand"),
                css_class="col-12 col-lg-3",
            ),
        )

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"kind": self.cleaned_data["kind"], "format": self.cleaned_data["format"]}


class RegisterForm(forms.Form):
    """Register (or join the waiting list): a lone button."""


class CancelRegistrationForm(forms.Form):
    """Cancel my registration: a lone button."""


class MessageRegistrantsForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea)

    def clean(self):
        data = super().clean()
        for name in ("subject", "body"):
            if name in data and not data[name].strip():
                self.add_error(name, _("This field is required."))
        return data


class AttendanceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance CSV"),
        help_text=_("A CSV export of the join platform with an “email” column (1 MB at most)."),
    )

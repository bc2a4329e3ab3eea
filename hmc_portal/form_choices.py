"""The empty choice of a select says what to do ("Choose…"), not Django's "---------"."""

from __future__ import annotations

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

DASHES = BLANK_CHOICE_DASH[0][1]


def name_blank_choices(form: forms.BaseForm) -> None:
    """Give every select of `form` whose empty choice is the dashes the label "Choose…"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = _("Choose…")
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", DASHES):
                field.choices = [("", _("Choose…")), *choices[1:]]

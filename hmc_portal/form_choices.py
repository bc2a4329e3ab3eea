"""The empty choice of a select says what to do ("Choose…"), not Django's "---------"; a
choice's label read from its enum."""

from __future__ import annotations

from django import forms
from django.db import models
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


def choice_label(choices: type[models.Choices], value):
    """What a model's get_FOO_display() gives for `value` of a field whose choices are
    `choices`: the label in the active language, or the value itself when it is no choice.
    Django's flattens the field's choices and hashes every (lazily translated) label on each
    call: a dozen translations to name one status."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def choice_display(name: str, choices: type[models.Choices]):
    """A get_<name>_display() for a model (defined on the class, Django leaves it be):
    `get_status_display = choice_display("status", Status)`."""

    def display(self):
        return choice_label(choices, getattr(self, name))

    display.__name__ = f"get_{name}_display"
    return display

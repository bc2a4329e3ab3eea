"""GET filter forms of the public lists, rendered with plain markup.

crispy-forms renders each field through several templates of its own, which cost most of a
public list page's time; these forms are a row of selects and checkboxes, so
templates/includes/_filter_form.html writes the same Bootstrap markup (labels, ids, error
messages tied to their field with `aria-describedby`) from what `columns()` prepares here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms


@dataclass(frozen=True)
class FilterColumn:
    """One field of a filter form, ready to write: a select (`options`: value, label,
    selected) or a checkbox (`checked`), in a grid column of `css_class`."""

    name: str
    id: str
    label: str
    css_class: str
    errors: list[str]
    checkbox: bool = False
    checked: bool = False
    options: list[tuple[str, str, bool]] = field(default_factory=list)


class FilterForm(forms.Form):
    """A filter form: its fields in grid columns (`layout`: field name, column classes),
    then the submit button (`submit_label`) in `submit_css_class`."""

    layout: tuple[tuple[str, str], ...] = ()
    submit_label: str = ""
    submit_css_class: str = ""

    def columns(self) -> list[FilterColumn]:
        return [self._column(name, css_class) for name, css_class in self.layout]

    def _column(self, name: str, css_class: str) -> FilterColumn:
        bound = self[name]
        widget = bound.field.widget
        common = {
            "name": bound.html_name,
            "id": bound.auto_id,
            "label": str(bound.label),
            "css_class": css_class,
            "errors": [str(error) for error in bound.errors],
        }
        if isinstance(widget, forms.CheckboxInput):
            return FilterColumn(**common, checkbox=True, checked=widget.check_test(bound.value()))
        # The selected option as Django's Select chooses it: the first whose value matches.
        values = widget.format_value(bound.value())
        options, chosen = [], False
        for value, label in bound.field.choices:
            value = str(value)
            selected = not chosen and value in values
            chosen = chosen or selected
            options.append((value, str(label), selected))
        return FilterColumn(**common, options=options)

"""A read-only admin page's fields written in one pass: `{% load admin_readonly %}`.

Django admin writes each field of a fieldset, and each cell of a tabular inline, through a
template with nested loops and a dozen conditions per field. On a page whose every field is
read-only (the application page: 35 fields, three inlines) that was a fifth of the page.
These filters write the same markup from the same helpers (AdminReadonlyField's label and
contents), without the template's per-field work; the fieldset's and inline's frame stays in
the templates (admin/includes/readonly_fieldset.html, admin/edit_inline/readonly_tabular.html).
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def readonly_lines(fieldset) -> SafeString:
    """The lines of a fieldset of read-only fields, one per line, as Django's
    admin/includes/fieldset.html writes them."""
    html = []
    for line in fieldset:
        for field in line:
            name = field.field["name"]
            row_class = f"form-row field-{conditional_escape(name)}" if name else "form-row"
            html.append(
                f'<div class="{row_class}"><div><div class="flex-container">'
                f'{field.label_tag()}<div class="readonly">{field.contents()}</div></div>'
            )
            help_text = field.field["help_text"]
            if help_text:
                hidden = " hidden" if field.field["is_hidden"] else ""
                html.append(f'<div class="help{hidden}"><div>{help_text}</div></div>')
            html.append("</div></div>")
    # The labels and contents are AdminReadonlyField's own escaped markup; the help text is
    # written unescaped by Django's template too (`|safe`).
    return mark_safe("".join(html))  # noqa: S308


@register.filter
def readonly_cells(inline_admin_form) -> SafeString:
    """The cells of a tabular inline's row, as Django's admin/edit_inline/tabular.html
    writes them."""
    html = []
    for fieldset in inline_admin_form:
        for line in fieldset:
            for field in line:
                name = field.field.name if not field.is_readonly else field.field["name"]
                is_hidden = (
                    field.field.is_hidden if not field.is_readonly else field.field["is_hidden"]
                )
                css = f"field-{conditional_escape(name)}" if name else ""
                if is_hidden:
                    css += " hidden"
                if field.is_readonly:
                    inner = f"<p>{field.contents()}</p>"
                else:
                    inner = f"{field.field.errors.as_ul()}{conditional_escape(field.field)}"
                html.append(f'<td class="{css}">{inner}</td>')
    return mark_safe("".join(html))  # noqa: S308

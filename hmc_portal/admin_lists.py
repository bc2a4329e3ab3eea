"""Changelist rows written in one pass: what Django admin's `result_list` tag writes, cell
for cell, without its per-cell work.

Django's admin works out each cell of a list anew for every row: which attribute the column
names (model field, admin method, model method), its empty value, its CSS class, the change
page's URL (a `reverse()` and the preserved filters parsed again per row), the label of a
choice (the field's choices flattened twice per cell), and a date through the date format
parsed again per cell. On a page of 100 rows and 9 columns that was most of the page's time.
QuickChangeList settles all of that once per page, per column, and then only reads each
row's values. The markup is Django's own (templates/admin/quick_change_list_results.html is
Django's change_list_results.html taking the table's body written); a list it does not know
how to write (a popup, editable rows, a column it has no fast way for) is left to Django.

An admin takes it with `get_changelist` returning QuickChangeList (or a subclass) and a
`change_list.html` whose `result_list` block calls `{% quick_result_list cl %}` (see
templates/admin/quick_change_list.html).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import template
from django.conf import settings
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    result_headers,
    result_hidden_fields,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from hmc_portal.admin_mixins import (
    QuickRowsAdminMixin,
    action_checkbox_html,
    action_checkbox_label,
)
from hmc_portal.dates import datetime_writer

register = template.Library()

_PK_PLACEHOLDER = "__quick_row_pk__"


# --- Columns ----------------------------------------------------------------------------------


class _Unsupported(Exception):
    """A column QuickChangeList leaves to Django."""


class _Column:
    """One column of the list, worked out once per page: how to read a row's value, how to
    write it, and the cell's tag and class."""

    def __init__(
        self,
        changelist: QuickChangeList,
        index: int,
        name,
        linked: bool,
        first: bool,
        write_datetime: Callable[[datetime.datetime], str],
    ):
        model_admin = changelist.model_admin
        self.write_datetime = write_datetime
        opts = changelist.lookup_opts
        # Django writes the admin's empty value where the row has no such object, and the
        # column's own (admin.display(empty_value=...)) where its value is empty.
        self.missing = self.empty = model_admin.get_empty_value_display()
        self.field = None
        self.attr = None
        self.boolean = False
        self.nowrap = False
        field = None
        if isinstance(name, str):
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:
                field = None
            # As django.contrib.admin.utils.lookup_field: a generic foreign key or a reverse
            # relation is no field of the row, so the name is the admin's or the model's.
            if field is not None and (
                field.is_relation
                and ((field.many_to_one and not field.related_model) or field.one_to_many)
            ):
                field = None
        if field is not None:
            if field.is_relation or not field.concrete or field.attname != name:
                raise _Unsupported(name)
            self.getter = _attribute_getter(name)
            css = f"field-{name}"
            if field.auto_created:
                self.kind = "value"
            else:
                self.kind = "field"
                self.field = field
                self.nowrap = isinstance(field, (models.DateField, models.TimeField))
                self.mode = _field_mode(field)
                if self.mode == CHOICES:
                    try:
                        self.choices = {
                            value: conditional_escape(label)
                            for value, label in dict(field.flatchoices).items()
                        }
                    except TypeError:
                        raise _Unsupported(name) from None
                elif self.mode == BOOLEAN:
                    self.icons = {value: _boolean_icon(value) for value in (True, False, None)}
        else:
            self.kind = "value"
            if callable(name):
                attr = name
                self.getter = name
                css = "field-" + (
                    f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__
                )
            elif hasattr(model_admin, name) and name != "__str__":
                attr = getattr(model_admin, name)
                self.getter = attr
                css = f"field-{name}"
            elif hasattr(changelist.model, name):
                attr = getattr(changelist.model, name)
                self.getter = _model_attribute_getter(name)
                css = f"field-{name}"
            else:
                raise _Unsupported(name)
            self.attr = attr
            self.empty = getattr(attr, "empty_value_display", self.empty)
            self.boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                self.boolean = getattr(attr.fget, "boolean", False)
            if self.boolean:
                self.icons = {value: _boolean_icon(value) for value in (True, False, None)}
            if name == "action_checkbox":
                css = "action-checkbox"
                if getattr(type(model_admin), name, None) is QuickRowsAdminMixin.action_checkbox:
                    self.kind = "checkbox"
                    self.label = action_checkbox_label()
        self.css = css
        self.linked = linked
        self.tag = "th" if linked and first else "td"
        # Django writes the class names unescaped too: they are the columns' own names.
        self.open_plain = f'<{self.tag} class="{css}">'
        self.open_nowrap = f'<{self.tag} class="{css} nowrap">'

    def cell(self, row, link: tuple[str, str] | None) -> str:
        if self.kind == "checkbox":
            return f"{self.open_plain}{action_checkbox_html(row, self.label)}</{self.tag}>"
        nowrap = self.nowrap
        try:
            value = self.getter(row)
        except ObjectDoesNotExist:
            shown = self.missing
        else:
            if isinstance(value, str) and value.strip() == "":
                value = ""
            if self.kind == "field":
                shown = self._field_display(value)
            else:
                shown = self._value_display(value)
                if isinstance(value, (datetime.date, datetime.time)):
                    nowrap = True
        shown = conditional_escape(shown)
        opening = self.open_nowrap if nowrap else self.open_plain
        if self.linked and link is not None:
            head, tail = link
            shown = f'<a href="{head}{escape(row.pk)}{tail}">{shown}</a>'
        return f"{opening}{shown}</{self.tag}>"

    def _field_display(self, value):
        # display_for_field's branches, in its order, each settled for the column once.
        mode = self.mode
        if mode == CHOICES:
            try:
                return self.choices.get(value, self.empty)
            except TypeError:
                return display_for_field(value, self.field, self.empty, avoid_link=self.linked)
        if mode == BOOLEAN:
            return self.icons[value]
        if value in self.field.empty_values:
            return self.empty
        if mode == DATETIME:
            return self.write_datetime(value)
        if mode == TEXT and type(value) is str:
            return value
        if mode == INTEGER and type(value) is int:
            return str(value)
        return display_for_field(value, self.field, self.empty, avoid_link=self.linked)

    def _value_display(self, value):
        if self.boolean:
            return self.icons[value]
        if isinstance(value, datetime.datetime):
            return self.write_datetime(value)
        return display_for_value(value, self.empty, self.boolean)


# Which branch of display_for_field a model field's values take (_field_mode).
CHOICES, BOOLEAN, DATETIME, TEXT, INTEGER, OTHER = (
    "choices",
    "boolean",
    "datetime",
    "text",
    "integer",
    "other",
)


def _field_mode(field) -> str:
    """Which branch of display_for_field a model field's non-empty values take."""
    if getattr(field, "flatchoices", None):
        return CHOICES
    if isinstance(field, models.BooleanField):
        return BOOLEAN
    if isinstance(field, models.DateTimeField):
        return DATETIME
    if isinstance(field, (models.CharField, models.TextField)) and not isinstance(
        field, (models.URLField, models.FileField)
    ):
        return TEXT  # display_for_value: str(value)
    if isinstance(field, models.IntegerField) and not settings.USE_THOUSAND_SEPARATOR:
        return INTEGER  # formats.number_format: an int without grouping is str(value)
    return OTHER


def _attribute_getter(name: str):
    return lambda row: getattr(row, name)


def _model_attribute_getter(name: str):
    def get(row):
        attr = getattr(row, name)
        return attr() if callable(attr) else attr

    return get


# --- The changelist -----------------------------------------------------------------------------


class QuickChangeList(ChangeList):
    """A ChangeList whose rows `{% quick_result_list cl %}` writes in one pass."""

    def quick_rows(self) -> list[ResultList] | None:
        """The rows as Django's `results()` gives them, each row's cells joined in one piece,
        or None where Django should write them (a popup, editable rows, a key that is not an
        integer, a column of a kind not handled here)."""
        if self.formset is not None or self.is_popup or self.to_field:
            return None
        if not isinstance(self.lookup_opts.pk, models.IntegerField):
            return None
        try:
            columns = self._columns()
        except _Unsupported:
            return None
        link = self._link_pieces()
        rows = []
        for row in self.result_list:
            # Each cell's value is escaped (conditional_escape, as format_html does) or is
            # the admin's own markup (icons, the checkbox), as in Django's cells. The row's
            # cells come as one piece: change_list_results.html writes a row's pieces one
            # after the other, so the markup is the same, for a tenth of the template's work.
            cells = "".join([column.cell(row, link) for column in columns])
            rows.append(ResultList(None, [mark_safe(cells)]))  # noqa: S308
        return rows

    def _columns(self) -> list[_Column]:
        links = self.list_display_links
        write_datetime = datetime_writer()
        columns = []
        first = True
        for index, name in enumerate(self.list_display):
            if links is None:
                linked = False
            elif first and not links:
                linked = True
            else:
                linked = name in links
            columns.append(_Column(self, index, name, linked, first, write_datetime))
            if linked:
                first = False
        return columns

    def _link_pieces(self) -> tuple[str, str] | None:
        """The change page's URL around the row's key, escaped for an attribute: reversed
        and given the preserved filters once, not per row."""
        try:
            url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(_PK_PLACEHOLDER,),
                current_app=self.model_admin.admin_site.name,
            )
        except NoReverseMatch:
            return None
        url = add_preserved_filters(
            {"preserved_filters": self.preserved_filters, "opts": self.opts}, url
        )
        head, _, tail = url.partition(_PK_PLACEHOLDER)
        return escape(head), escape(tail)


def quick_result_list(cl):
    """Django's `result_list` context, with the rows from QuickChangeList.quick_rows."""
    rows = cl.quick_rows() if isinstance(cl, QuickChangeList) else None
    if rows is None:
        return {**result_list(cl), "rows_html": None}
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
        # The table's body in one piece: the template's loop over a hundred rows was a
        # tenth of the list's time.
        "rows_html": mark_safe("".join(f"\n<tr>{row[0]}</tr>" for row in rows)),  # noqa: S308
    }


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=quick_result_list,
        template_name="quick_change_list_results.html",
        takes_context=False,
    )

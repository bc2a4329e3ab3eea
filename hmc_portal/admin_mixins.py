"""Admin pieces every app uses."""

import functools

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.db import connection, models
from django.forms.renderers import DjangoTemplates
from django.http import HttpResponseRedirect
from django.template.defaultfilters import stringformat
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

from hmc_portal.ids import parse_id


class ReadOnlyAdminMixin:
    """An admin (or inline) that shows rows and never writes them: what changes them is a
    service, reached through an admin action or a button."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _has_integer_key(model) -> bool:
    return isinstance(model._meta.pk, models.IntegerField)


class SafeAutocompleteMixin:
    """An autocomplete widget that redisplays a posted value which is not an id ("abc", "¹",
    a 5,000-digit number) as no choice, instead of looking it up and failing with a 500. The
    form field has already said "Select a valid choice"."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Select2 names its box after the text shown in it: with nothing chosen yet, the
        # placeholder is that name (Django leaves it empty).
        if not attrs.get("data-placeholder"):
            attrs["data-placeholder"] = gettext("Type to search, then choose")
        return attrs

    def optgroups(self, name, value, attr=None):
        if _has_integer_key(self.field.remote_field.model):
            value = [v for v in value if v in ("", None) or parse_id(str(v)) is not None]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class LabelledSplitDateTime(AdminSplitDateTime):
    """Django admin's date and time inputs, each with an accessible name: the field's label
    is the legend of their fieldset, and "Date:" / "Time:" beside them are plain text."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        date, time = context["widget"]["subwidgets"]
        date["attrs"].setdefault("aria-label", gettext("Date"))
        time["attrs"].setdefault("aria-label", gettext("Time"))
        return context


class HostileInputAdminMixin:
    """What every ModelAdmin of the site does with ids that are not ids (PortalAdminSite
    mixes it into each one it registers): a bulk action whose selection holds one changes
    nothing and says so; an autocomplete field posted with one is a form error."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # "zoom.us/j/1" is an https link
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", LabelledSplitDateTime)  # a name for the time input
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if _has_integer_key(self.model) and any(parse_id(pk) is None for pk in selected):
            self.message_user(
                request,
                gettext(
                    "The selection was not understood, so nothing was changed: "
                    "select the rows again."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class QuickRowsAdminMixin:
    """A changelist's row checkbox written as one line of HTML. Django renders it through
    the form renderer's templates, once per row: on a list of 100 rows that was 40 % of the
    page's time. The markup is the same (name, value, class, accessible name)."""

    def action_checkbox(self, obj):
        return action_checkbox_html(obj, action_checkbox_label())


def action_checkbox_label() -> str:
    """The row checkbox's accessible name in the active language, "{}" standing for the row
    (Django's own words): read once per list by hmc_portal.admin_lists."""
    return gettext("Select this object for an action - {}")


def action_checkbox_html(obj, label: str) -> SafeString:
    """A row's checkbox as Django writes it (format_html: the label is markup, the row's
    name and key are escaped)."""
    return mark_safe(  # noqa: S308 - the key and the row's name escaped; the label is Django's
        f'<input type="checkbox" name="{_ACTION_CHECKBOX_NAME}" value="{escape(obj.pk)}" '
        f'class="action-select" aria-label="{label.format(conditional_escape(str(obj)))}">'
    )


_ACTION_CHECKBOX_NAME = escape(helpers.ACTION_CHECKBOX_NAME)


class PortalAdminSite(admin.AdminSite):
    """The admin site: each ModelAdmin registered on it, ours and the libraries' alike, gets
    HostileInputAdminMixin, so that the hardening cannot be forgotten on a new one, and
    QuickRowsAdminMixin."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HostileInputAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (HostileInputAdminMixin, QuickRowsAdminMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)

    def each_context(self, request):
        """Django's AdminSite.each_context, with `available_apps` (each app and model the
        user may see, a permission check per model: the navigation sidebar's list) built
        only if a template reads it. With the sidebar off (hmc_portal/urls.py) none does,
        and building it was a tenth of a list page's time."""
        script_name = request.META["SCRIPT_NAME"]
        site_url = script_name if self.site_url == "/" and script_name else self.site_url
        return {
            "site_title": self.site_title,
            "site_header": self.site_header,
            "site_url": site_url,
            "has_permission": self.has_permission(request),
            "available_apps": SimpleLazyObject(lambda: self.get_app_list(request)),
            "is_popup": False,
            "is_nav_sidebar_enabled": self.enable_nav_sidebar,
            "log_entries": self.get_log_entries(request),
        }


class ServiceWrittenAdminMixin:
    """An admin whose rows are created by a service (never "Add" here) and kept for the
    record (never deleted); staff may still change them through the admin's own form or
    buttons, which call a service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApplicantColumnMixin:
    """The `applicant` column of an admin whose rows belong to an application."""

    @admin.display(
        description=gettext_lazy("applicant"), ordering="application__applicant__last_name"
    )
    def applicant(self, obj):
        return obj.application.applicant


def indexed_values(model, field_name: str, *, limit: int = 1000) -> list[str]:
    """The distinct non-empty values of a text column, in order, read by hopping through
    the column's b-tree index from one value to the next (a loose index scan): one index
    probe per value, so a filter over 100,000 rows costs as much as over ten. The column
    must lead an index (models.Index); without one each hop reads the table."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field_name).column)
    sql = f"""
        WITH RECURSIVE hop(value, n) AS (
            (SELECT {column}, 1 FROM {table} WHERE {column} > '' ORDER BY {column} LIMIT 1)
            UNION ALL
            SELECT (
                SELECT {column} FROM {table} WHERE {column} > hop.value
                ORDER BY {column} LIMIT 1
            ), hop.n + 1
            FROM hop WHERE hop.value IS NOT NULL AND hop.n < %s
        )
        SELECT value FROM hop WHERE value IS NOT NULL
    """  # noqa: S608 - the names are the model's own, quoted; the limit is a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [row[0] for row in cursor.fetchall()]


class IndexedValuesListFilter(admin.SimpleListFilter):
    """A list filter offering the values a column holds (like Django's own filter on a
    field) without a DISTINCT over every row of the list: the values come from
    indexed_values. Set `values_of` to (model, field name) and `lookup` to the path that
    filters the admin's queryset; override `label` to show a value otherwise."""

    values_of: tuple[type[models.Model], str]
    lookup: str

    def label(self, value: str) -> str:
        return value

    def lookups(self, request, model_admin):
        return [(value, self.label(value)) for value in indexed_values(*self.values_of)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()})
        return queryset


class QuickHiddenInputsRenderer(DjangoTemplates):
    """Django's form renderer, writing a hidden input (a formset's management form, an
    inline row's key and foreign key) in Python: django/forms/widgets/hidden.html takes three
    templates per input, which on the application page, with a dozen of them, was a tenth
    of its inlines' time. The markup is the template's, byte for byte."""

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/widgets/hidden.html":
            return _hidden_input(context["widget"])
        return super().render(template_name, context, request)


@functools.cache
def quick_hidden_inputs_renderer() -> QuickHiddenInputsRenderer:
    """The one QuickHiddenInputsRenderer (each keeps a template engine of its own)."""
    return QuickHiddenInputsRenderer()


def _template_value(value) -> str:
    """`{{ value|stringformat:"s" }}` with autoescaping (the filter keeps safe text safe)."""
    shown = stringformat(value, "s")
    return shown if isinstance(value, SafeData) else escape(shown)


def _hidden_input(widget: dict) -> str:
    # django/forms/widgets/input.html and attrs.html (the renderer strips the newlines).
    parts = [
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"'
    ]
    if widget["value"] is not None:
        parts.append(f' value="{_template_value(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is not False:
            parts.append(f" {conditional_escape(name)}")
            if value is not True:
                parts.append(f'="{_template_value(value)}"')
    parts.append(">")
    return "".join(parts)

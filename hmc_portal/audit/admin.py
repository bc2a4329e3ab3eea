"""The activity log in admin: the whole log (read-only), an inline for any object's page, and
the "History" of an object's page showing its log (AuditHistoryMixin)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin

from .models import ActivityLog
from .selectors import log_for
from .verbs import VERBS

# How many entries an object's History page shows (newest first).
HISTORY_LIMIT = 500


def admin_url_for(content_type: ContentType, object_id: int) -> str:
    """The admin change page of a logged object, or "" when its model has none."""
    try:
        return reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[quote(object_id)],
        )
    except NoReverseMatch:
        return ""


def with_admin_urls(entries: list[ActivityLog]) -> list[ActivityLog]:
    """Give each entry (content type joined) `admin_url`, its object's admin page or "",
    for templates/admin/audit/_entries.html; no query."""
    for entry in entries:
        entry.admin_url = admin_url_for(entry.content_type, entry.object_id)
    return entries


class VerbFilter(admin.SimpleListFilter):
    title = _("what")
    parameter_name = "verb"

    def lookups(self, request, model_admin):
        return sorted(VERBS.items(), key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(verb=self.value())
        return queryset


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Everything the services recorded, newest first; nobody adds, changes or deletes it.
    The "created at" filter stands in for a date hierarchy, whose year and month links are
    a DISTINCT over the whole log on every view."""

    list_display = ["created_at", "actor", "wording", "target_link", "person"]
    list_filter = [VerbFilter, "created_at"]
    search_fields = ["actor__email", "person__email"]
    search_help_text = _("Email of who did it, or of whom it concerns.")
    list_select_related = ["actor", "person", "content_type"]
    show_full_result_count = False
    fields = ["created_at", "actor", "wording", "target_link", "person", "details"]
    readonly_fields = fields

    @admin.display(description=_("what"), ordering="verb")
    def wording(self, entry: ActivityLog) -> str:
        return entry.wording

    @admin.display(description=_("object"))
    def target_link(self, entry: ActivityLog) -> str:
        label = f"{capfirst(entry.content_type.name)} #{entry.object_id}"
        url = admin_url_for(entry.content_type, entry.object_id)
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.display(description=_("details"))
    def details(self, entry: ActivityLog) -> str:
        return entry.describe_data()


class ActivityLogInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The object's log on its own admin page, newest first. Read-only: put it only on a
    page nobody saves, or on one whose form is read-only (an inline adds its management
    form to the POST)."""

    model = ActivityLog
    ct_field = "content_type"
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "wording", "details"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("activity log")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=_("what"))
    def wording(self, entry: ActivityLog) -> str:
        return entry.wording

    @admin.display(description=_("details"))
    def details(self, entry: ActivityLog) -> str:
        return entry.describe_data()


class AuditHistoryMixin:
    """A ModelAdmin whose "History" page shows the object's activity log (what the services
    recorded: who, when, what, details), newest first, followed by the edits Django's admin
    recorded itself, if any."""

    object_history_template = "admin/audit/object_history.html"

    def audit_entries(self, obj):
        """The entries the History page lists; override to widen (e.g. a person's)."""
        return log_for(obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = list(self.audit_entries(obj)[: HISTORY_LIMIT + 1])
        admin_edits = list(
            LogEntry.objects.filter(
                object_id=str(obj.pk), content_type=ContentType.objects.get_for_model(self.model)
            )
            .select_related("user")
            .order_by("-action_time")[:100]
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "activity": entries[:HISTORY_LIMIT],
            "activity_truncated": len(entries) > HISTORY_LIMIT,
            "activity_limit": HISTORY_LIMIT,
            "action_list": admin_edits,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

"""Replacement block allowances, read-only: granted and used by the services (the refund
admin and the preceptor's answer), never edited by hand."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hmc_portal.audit.admin import AuditHistoryMixin

from ..models import ReplacementAllowance


@admin.register(ReplacementAllowance)
class ReplacementAllowanceAdmin(AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["applicant", "replaces", "cause", "status", "granted_at", "used_at"]
    list_filter = ["status", "cause"]
    list_select_related = [
        "application__applicant",
        "replaces__rotation__specialty",
        "replaces__application__applicant",  # the request's name
    ]
    search_fields = [
        "application__applicant__email",
        "application__applicant__last_name",
    ]
    readonly_fields = [
        "application",
        "replaces",
        "cause",
        "status",
        "granted_at",
        "granted_by",
        "used_by",
        "used_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("applicant"), ordering="application__applicant__last_name")
    def applicant(self, obj: ReplacementAllowance) -> str:
        return obj.application.applicant.display_name

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

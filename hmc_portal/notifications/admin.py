from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hmc_portal.admin_lists import QuickChangeList
from hmc_portal.admin_mixins import IndexedValuesListFilter, ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from .models import Notification
from .outbox import OutboxError, requeue_notifications


class TemplateFilter(IndexedValuesListFilter):
    """The templates used, read from the template index (not a DISTINCT over the outbox)."""

    title = _("template")
    parameter_name = "template__exact"
    values_of = (Notification, "template")
    lookup = "template"


class OutboxChangeList(QuickChangeList):
    """The list reads the columns it shows, not each email's context and attachments (JSON
    decoded per row) or its last error, and writes its rows in one pass."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("context", "attachments", "last_error")


@admin.register(Notification)
class NotificationAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, read-only: every email the portal queued, with its delivery state. Its
    list is read newest first along an index and its filters offer fixed choices or the
    indexed templates, so it costs the same at a million rows as at a hundred; "created at"
    (today, past 7 days, this month, this year) takes the place of a date hierarchy, whose
    year and month links would be a DISTINCT over every row on each view."""

    list_display = [
        "created_at",
        "to_email",
        "template",
        "subject",
        "status",
        "maybe_sent_column",
        "attempts",
        "last_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "maybe_sent", TemplateFilter, "created_at"]
    search_fields = ["to_email", "subject", "dedupe_key", "recipient__email"]
    list_select_related = ["recipient"]
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [field.name for field in Notification._meta.fields] + ["message_id"]
    fields = [
        "to_email",
        "recipient",
        "template",
        "subject",
        "status",
        "maybe_sent",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "sent_at",
        "dedupe_key",
        "message_id",
        "context",
    ]

    # The field's own name explains the doubt (the filter and the email's page show it);
    # the list's column stays narrow.
    @admin.display(description=_("Maybe sent"), boolean=True, ordering="maybe_sent")
    def maybe_sent_column(self, obj):
        return obj.maybe_sent

    @admin.display(description=_("Message-ID"))
    def message_id(self, obj):
        return obj.message_id

    def get_changelist(self, request, **kwargs):
        return OutboxChangeList

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.resend_notification")

    @admin.action(description=_("Send the selected emails again"), permissions=["resend"])
    def send_again(self, request, queryset):
        try:
            count = requeue_notifications(
                notification_ids=list(queryset.values_list("pk", flat=True)), by=request.user
            )
        except OutboxError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%d email queued to be sent again.", "%d emails queued to be sent again.", count
            )
            % count,
            messages.SUCCESS,
        )

"""Card payments in admin, read-only: the events Stripe posted to the webhook (with what
handling each did: a mismatch is for staff to look into and refund in Stripe's dashboard)
and the checkout sessions applicants started. Both are written only by
billing.services.card."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CheckoutSession, WebhookEvent
from .money import format_money


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "provider", "type", "outcome", "invoice", "event_id"]
    list_filter = ["outcome", "type", "provider"]
    search_fields = ["event_id", "invoice__number", "detail"]
    date_hierarchy = "received_at"
    list_select_related = ["invoice"]
    fields = [
        "provider",
        "event_id",
        "type",
        "received_at",
        "processed_at",
        "outcome",
        "detail",
        "invoice",
        "payment",
        "payload",
    ]
    readonly_fields = fields


@admin.register(CheckoutSession)
class CheckoutSessionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "invoice", "amount_display", "status", "session_id"]
    list_filter = ["status", "provider"]
    search_fields = ["session_id", "invoice__number", "created_by__email"]
    date_hierarchy = "created_at"
    list_select_related = ["invoice"]
    fields = [
        "provider",
        "session_id",
        "invoice",
        "amount",
        "currency",
        "status",
        "url",
        "idempotency_key",
        "expires_at",
        "created_at",
        "created_by",
        "payment",
    ]
    readonly_fields = fields

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return format_money(obj.amount, obj.currency)

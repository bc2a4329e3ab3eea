"""Credits on open invoices in admin: the cancelled blocks taken off an invoice, each with
its credit note. Read-only for everyone (only billing.services.credits writes them): a
list filtered by intake and rule, the credit note's PDF, and a CSV export like the
invoices' and the refunds'."""

from __future__ import annotations

import csv

from django.contrib import admin
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from .admin_payments import csv_cell, major
from .models import InvoiceCredit
from .money import format_money


@admin.register(InvoiceCredit)
class InvoiceCreditAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "credit_note_number",
        "invoice",
        "applicant",
        "rotation",
        "amount_display",
        "rule",
        "credit_note_link",
        "created_at",
    ]
    list_filter = [("invoice__application__intake", admin.AllValuesFieldListFilter), "rule"]
    list_select_related = ["invoice__application__applicant", "rotation__specialty"]
    search_fields = [
        "credit_note_number",
        "invoice__number",
        "invoice__bill_to_name",
        "invoice__application__applicant__email",
    ]
    ordering = ["-created_at", "-pk"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    fields = [
        "credit_note_number",
        "invoice",
        "rotation",
        "amount_display",
        "currency",
        "rule",
        "explanation",
        "credit_note_link",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return format_money(obj.amount, obj.currency)

    @admin.display(description=_("applicant"), ordering="invoice__bill_to_name")
    def applicant(self, obj):
        return obj.invoice.bill_to_name

    @admin.display(description=_("credit note"))
    def credit_note_link(self, obj):
        if not obj.credit_note_id:
            return "-"
        url = reverse("admin:issuance_issueddocument_download", args=[obj.credit_note_id])
        label = gettext("Credit note %(number)s (PDF)") % {"number": obj.credit_note_number}
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="invoice-credits-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["credit_note", "invoice", "intake", "applicant", "email", "currency", "amount"]
            + ["rule", "rotation", "issued"]
        )
        for credit in queryset.select_related(
            "invoice__application__applicant", "rotation__specialty"
        ):
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        credit.credit_note_number,
                        credit.invoice.number,
                        credit.invoice.application.intake,
                        credit.invoice.bill_to_name,
                        credit.invoice.application.applicant.email,
                        credit.currency,
                        major(credit.amount, credit.currency),
                        credit.rule,
                        credit.rotation or "",
                        timezone.localdate(credit.created_at).isoformat(),
                    )
                ]
            )
        return response

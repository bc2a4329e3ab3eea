"""Invoices, payments and declared wire transfers in admin. Nothing here is edited by hand:
the lists show, filter and export; "Record a payment" and "Confirm receipt" go through
billing.services (coordinators: billing.record_payment); reviewers look."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.ids import parse_id

from . import services
from .admin_release import OverdueFilter, ReleasePlacesAdminMixin
from .enums import InvoiceStatus, WireStatus
from .errors import BillingError
from .forms import ManualPaymentForm
from .models import Invoice, InvoiceCredit, InvoiceLine, Payment, WireDeclaration, local_today
from .money import format_money, minor_digits

RECORD_PERMISSION = "billing.record_payment"
CONFIRM_PERMISSION = "billing.confirm_wiredeclaration"


def _sum_per_invoice(model):
    return Coalesce(
        Subquery(
            model.objects.filter(invoice=OuterRef("pk"))
            .values("invoice")
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def paid_subquery():
    return _sum_per_invoice(Payment)


def credited_subquery():
    """What the invoice's credits (cancelled blocks no longer charged) add up to."""
    return _sum_per_invoice(InvoiceCredit)


def with_paid(queryset):
    """Each invoice with `paid_total` and `credited_total`: total = paid + credited +
    outstanding."""
    return queryset.annotate(paid_total=paid_subquery(), credited_total=credited_subquery())


def outstanding(invoice) -> int:
    """What an annotated invoice still asks for (0 unless open)."""
    if invoice.status != InvoiceStatus.OPEN:
        return 0
    return invoice.total - invoice.paid_total - invoice.credited_total


def csv_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula (names are typed by applicants)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def major(amount: int, currency: str) -> str:
    """Minor units as a plain decimal for a spreadsheet: 150050 -> "1500.50"."""
    digits = minor_digits(currency)
    sign = "-" if amount < 0 else ""
    whole, part = divmod(abs(amount), 10**digits)
    return f"{sign}{whole}.{part:0{digits}d}" if digits else f"{sign}{whole}"


class IntakeFilter(admin.SimpleListFilter):
    title = _("intake")
    parameter_name = "intake"

    def lookups(self, request, model_admin):
        intakes = (
            Invoice.objects.order_by("-application__intake")
            .values_list("application__intake", flat=True)
            .distinct()
        )
        return [(intake, intake) for intake in intakes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(application__intake=self.value())
        return queryset


class InvoiceLineInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InvoiceLine
    fields = ["position", "description", "amount_display", "rotation"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("amount"))
    def amount_display(self, obj):
        return format_money(obj.amount, obj.invoice.currency)


class PaymentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Payment
    fields = ["received_at", "provider", "method", "amount_display", "reference", "recorded_by"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("amount"))
    def amount_display(self, obj):
        return format_money(obj.amount, obj.currency)


class InvoiceCreditInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The cancelled blocks taken off the invoice, each with its credit note."""

    model = InvoiceCredit
    fields = ["credit_note_number", "created_at", "rotation", "amount_display", "rule"]
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("amount"))
    def amount_display(self, obj):
        return format_money(obj.amount, obj.currency)


class InvoiceAdmin(
    ReleasePlacesAdminMixin, AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    change_list_template = "billing/admin/invoice_change_list.html"
    change_form_template = "billing/admin/invoice_change_form.html"
    list_display = [
        "number",
        "bill_to_name",
        "kind",
        "total_display",
        "paid_display",
        "credited_display",
        "balance_display",
        "due_date",
        "status_display",
        "places_held_until",
    ]
    list_filter = ["status", OverdueFilter, IntakeFilter, "kind"]
    search_fields = [
        "number",
        "bill_to_name",
        "application__applicant__email",
        "application__applicant__first_name",
        "application__applicant__last_name",
    ]
    ordering = ["-issued_at", "-pk"]
    list_select_related = ["application__applicant"]
    readonly_fields = [
        "number",
        "kind",
        "application",
        "schedule",
        "bill_to_name",
        "bill_to_country",
        "total_display",
        "paid_display",
        "credited_display",
        "balance_display",
        "currency",
        "issued_at",
        "due_date",
        "status",
        "paid_at",
        "issued_document",
        "created_by",
    ]
    fields = readonly_fields
    inlines = [InvoiceLineInline, PaymentInline, InvoiceCreditInline]
    actions = ["export_csv", "release_places"]

    def get_queryset(self, request):
        return with_paid(super().get_queryset(request))

    @admin.display(description=_("total"), ordering="total")
    def total_display(self, obj):
        return format_money(obj.total, obj.currency)

    @admin.display(description=_("paid"), ordering="paid_total")
    def paid_display(self, obj):
        return format_money(obj.paid_total, obj.currency)

    @admin.display(description=_("credited"), ordering="credited_total")
    def credited_display(self, obj):
        return format_money(obj.credited_total, obj.currency)

    @admin.display(description=_("balance"))
    def balance_display(self, obj):
        return format_money(outstanding(obj), obj.currency)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj):
        if obj.status == InvoiceStatus.OPEN and obj.due_date < local_today():
            return gettext("Overdue")
        return obj.get_status_display()

    # -- totals per intake, above the list ---------------------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            response.context_data["intake_totals"] = self.intake_totals(changelist.queryset)
        return response

    def intake_totals(self, queryset) -> list[dict]:
        """Invoiced, paid, credited and outstanding per intake and currency, of the
        filtered list (cancelled invoices left out): invoiced = paid + credited +
        outstanding."""
        rows = (
            queryset.exclude(status=InvoiceStatus.CANCELLED)
            .order_by()
            .values("application__intake", "currency")
            .annotate(
                count=Count("pk"),
                invoiced=Sum("total"),
                paid=Sum("paid_total"),
                credited=Sum("credited_total"),
            )
            .order_by("-application__intake", "currency")
        )
        return [
            {
                "intake": row["application__intake"],
                "count": row["count"],
                "invoiced": format_money(row["invoiced"], row["currency"]),
                "paid": format_money(row["paid"], row["currency"]),
                "credited": format_money(row["credited"], row["currency"]),
                "outstanding": format_money(
                    row["invoiced"] - row["paid"] - row["credited"], row["currency"]
                ),
            }
            for row in rows
        ]

    # -- CSV ---------------------------------------------------------------------------

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="invoices-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "number",
                "intake",
                "applicant",
                "email",
                "kind",
                "currency",
                "total",
                "paid",
                "credited",
                "balance",
                "issued",
                "due",
                "status",
            ]
        )
        for invoice in with_paid(queryset).select_related("application__applicant"):
            balance = outstanding(invoice)
            writer.writerow(
                [
                    csv_cell(value)
                    for value in (
                        invoice.number,
                        invoice.application.intake,
                        invoice.bill_to_name,
                        invoice.application.applicant.email,
                        invoice.kind,
                        invoice.currency,
                        major(invoice.total, invoice.currency),
                        major(invoice.paid_total, invoice.currency),
                        major(invoice.credited_total, invoice.currency),
                        major(balance, invoice.currency),
                        timezone.localdate(invoice.issued_at).isoformat(),
                        invoice.due_date.isoformat(),
                        invoice.status,
                    )
                ]
            )
        return response

    # -- Record a payment --------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        can_record = (
            obj is not None
            and obj.status == InvoiceStatus.OPEN
            and request.user.has_perm(RECORD_PERMISSION)
        )
        extra_context = {
            **(extra_context or {}),
            "record_payment_url": (
                reverse("admin:billing_invoice_record_payment", args=[obj.pk]) if can_record else ""
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/record-payment/",
                self.admin_site.admin_view(self.record_payment_view),
                name="billing_invoice_record_payment",
            ),
            *super().get_urls(),
        ]

    def record_payment_view(self, request, object_id):
        """A coordinator records a wire transfer or card terminal payment for an invoice."""
        if not request.user.has_perm(RECORD_PERMISSION):
            raise PermissionDenied
        pk = parse_id(object_id)
        if pk is None:
            raise Http404
        invoice = get_object_or_404(with_paid(Invoice.objects.all()), pk=pk)
        balance = outstanding(invoice)
        initial = {
            "amount": major(balance, invoice.currency) if balance > 0 else None,
            "received_on": local_today(),
            "method": "wire",
        }
        form = ManualPaymentForm(request.POST or None, initial=initial, currency=invoice.currency)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_manual_payment(
                    invoice=invoice,
                    amount=form.amount_minor(),
                    reference=form.cleaned_data["reference"],
                    received_on=form.cleaned_data["received_on"],
                    method=form.cleaned_data["method"],
                    notes=form.cleaned_data["notes"],
                    by=request.user,
                )
            except BillingError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    gettext("Payment recorded; the receipt was emailed to the applicant."),
                    messages.SUCCESS,
                )
                return redirect("admin:billing_invoice_change", invoice.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Record a payment for invoice %(number)s")
            % {"number": invoice.number},
            "object_url": reverse("admin:billing_invoice_change", args=[invoice.pk]),
            "object_label": invoice.number,
            "invoice": invoice,
            "balance": format_money(max(balance, 0), invoice.currency),
            "form": form,
        }
        return TemplateResponse(request, "billing/admin/record_payment.html", context)


class PaymentAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "received_at",
        "invoice",
        "payer",
        "provider",
        "method",
        "amount_display",
        "reference",
        "recorded_by",
    ]
    list_filter = [
        "provider",
        "method",
        ("invoice__application__intake", admin.AllValuesFieldListFilter),
    ]
    search_fields = ["reference", "invoice__number", "invoice__bill_to_name"]
    list_select_related = ["invoice", "recorded_by"]
    ordering = ["-received_at", "-pk"]
    fields = [
        "invoice",
        "provider",
        "method",
        "amount_display",
        "currency",
        "reference",
        "notes",
        "received_at",
        "recorded_by",
        "receipt",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("amount"), ordering="amount")
    def amount_display(self, obj):
        return format_money(obj.amount, obj.currency)

    @admin.display(description=_("paid by"), ordering="invoice__bill_to_name")
    def payer(self, obj):
        return obj.invoice.bill_to_name


class WireDeclarationAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """A declaration holds the applicant's places until its date: no coordinator can release
    them for non-payment before (billing.services.release_unpaid_places); confirming receipt
    records the manual payment."""

    list_display = [
        "declared_at",
        "invoice",
        "applicant",
        "holds_until",
        "status",
        "reference",
        "confirm_link",
    ]
    list_filter = ["status"]
    search_fields = ["invoice__number", "invoice__bill_to_name", "reference"]
    list_select_related = ["invoice"]
    ordering = ["-declared_at", "-pk"]
    fields = [
        "invoice",
        "application",
        "declared_at",
        "holds_until",
        "reference",
        "status",
        "payment",
        "resolved_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("applicant"), ordering="invoice__bill_to_name")
    def applicant(self, obj):
        return obj.invoice.bill_to_name

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if request.user.has_perm(CONFIRM_PERMISSION):
            return columns
        return [column for column in columns if column != "confirm_link"]

    @admin.display(description=_("receipt"))
    def confirm_link(self, obj):
        if obj.status != WireStatus.DECLARED:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:billing_wiredeclaration_confirm", args=[obj.pk]),
            gettext("Confirm receipt"),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="billing_wiredeclaration_confirm",
            ),
            *super().get_urls(),
        ]

    def confirm_view(self, request, object_id):
        """Staff confirm the declared transfer arrived: the payment is recorded (with its
        receipt) and the hold ends as received."""
        if not request.user.has_perm(CONFIRM_PERMISSION):
            raise PermissionDenied
        pk = parse_id(object_id)
        if pk is None:
            raise Http404
        declaration = get_object_or_404(WireDeclaration.objects.select_related("invoice"), pk=pk)
        invoice = with_paid(Invoice.objects.all()).get(pk=declaration.invoice_id)
        balance = outstanding(invoice)
        form = ManualPaymentForm(
            request.POST or None,
            initial={
                "amount": major(balance, invoice.currency) if balance > 0 else None,
                "reference": declaration.reference,
                "received_on": local_today(),
                "method": "wire",
            },
            currency=invoice.currency,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_wire_received(
                    declaration=declaration,
                    amount=form.amount_minor(),
                    reference=form.cleaned_data["reference"],
                    received_on=form.cleaned_data["received_on"],
                    by=request.user,
                )
            except BillingError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    gettext("Receipt confirmed; the applicant was emailed their receipt."),
                    messages.SUCCESS,
                )
                return redirect("admin:billing_wiredeclaration_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Confirm the wire transfer for invoice %(number)s")
            % {"number": invoice.number},
            "object_url": reverse("admin:billing_invoice_change", args=[invoice.pk]),
            "object_label": invoice.number,
            "invoice": invoice,
            "balance": format_money(max(balance, 0), invoice.currency),
            "form": form,
        }
        return TemplateResponse(request, "billing/admin/record_payment.html", context)


admin.site.register(Invoice, InvoiceAdmin)
admin.site.register(Payment, PaymentAdmin)
admin.site.register(WireDeclaration, WireDeclarationAdmin)

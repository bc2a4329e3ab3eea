"""Refunds and visa refusal letters in admin. Coordinators approve, pay (by wire) and
reject refunds and decide on visa refusal letters through actions that call
billing.services; reviewers see them and change nothing. Nothing is edited by hand: every
field is read-only, and rows are only added by the services."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.issuance.responses import issued_document_response
from hmc_portal.private_files import private_file_response

from . import services
from .admin_actions import each as _each
from .admin_actions import with_form as _with_form
from .forms import RefundPaidForm, RejectRefundForm
from .models import Refund, VisaRefusal
from .money import format_money


class ReadOnlyAdmin(AuditHistoryMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "applicant",
        "money",
        "rule",
        "status",
        "provider",
        "credit_note_link",
        "created_at",
    ]
    list_filter = ["status", "rule", "provider", "invoice__application__intake"]
    list_select_related = ["invoice__application__applicant", "credit_note"]
    search_fields = [
        "invoice__number",
        "credit_note_number",
        "provider_reference",
        "invoice__application__applicant__email",
        "invoice__application__applicant__last_name",
    ]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "mark_paid", "reject_selected", "export_csv"]
    fields = [
        "invoice",
        "payment",
        "rotation",
        "money",
        "rule",
        "explanation",
        "status",
        "provider",
        "provider_reference",
        "credit_note_number",
        "credit_note_link",
        "note",
        "created_by",
        "created_at",
        "approved_by",
        "approved_at",
        "paid_at",
        "rejected_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("applicant"))
    def applicant(self, obj):
        return obj.invoice.application.applicant

    @admin.display(description=_("amount"), ordering="amount")
    def money(self, obj):
        return format_money(obj.amount, obj.currency)

    @admin.display(description=_("credit note"))
    def credit_note_link(self, obj):
        if not obj.credit_note_id:
            return "-"
        url = reverse("admin:billing_refund_credit_note", args=[obj.pk])
        label = gettext("Credit note %(number)s (PDF)") % {"number": obj.credit_note_number}
        return format_html('<a href="{}">{}</a>', url, label)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/credit-note/",
                self.admin_site.admin_view(self.credit_note_view),
                name="billing_refund_credit_note",
            ),
            *super().get_urls(),
        ]

    def credit_note_view(self, request, object_id):
        """The credit note's PDF, for staff who may see refunds."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        refund = self.get_object(request, unquote(object_id))
        if refund is None or refund.credit_note is None:
            raise Http404(gettext("No such credit note."))
        return issued_document_response(refund.credit_note)

    def has_approve_permission(self, request) -> bool:
        return services.may_approve_refunds(request.user)

    @admin.action(
        description=_("Approve the selected refunds (credit note, then the provider)"),
        permissions=["approve"],
    )
    def approve_selected(self, request, queryset):
        if not self.has_approve_permission(request):
            raise PermissionDenied
        _each(
            self,
            request,
            queryset,
            lambda refund: services.approve_refund(refund=refund, by=request.user),
            lambda done: ngettext("%d refund approved.", "%d refunds approved.", done) % done,
        )

    @admin.action(description=_("Mark the selected refunds paid by wire…"), permissions=["approve"])
    def mark_paid(self, request, queryset):
        if not self.has_approve_permission(request):
            raise PermissionDenied
        return _with_form(
            self,
            request,
            queryset,
            form_class=RefundPaidForm,
            call=lambda refund, data: services.mark_refund_paid(
                refund=refund, reference=data["reference"], paid_on=data["paid_on"], by=request.user
            ),
            done_message=lambda done: (
                ngettext("%d refund marked paid.", "%d refunds marked paid.", done) % done
            ),
            action="mark_paid",
            title=gettext("Mark refunds paid by wire"),
            intro=gettext("Record the wire transfer you sent: the applicant is emailed."),
            button=gettext("Mark paid"),
        )

    @admin.action(description=_("Reject the selected refunds…"), permissions=["approve"])
    def reject_selected(self, request, queryset):
        if not self.has_approve_permission(request):
            raise PermissionDenied
        return _with_form(
            self,
            request,
            queryset,
            form_class=RejectRefundForm,
            call=lambda refund, data: services.reject_refund(
                refund=refund, reason=data["reason"], by=request.user
            ),
            done_message=lambda done: (
                ngettext("%d refund rejected.", "%d refunds rejected.", done) % done
            ),
            action="reject_selected",
            title=gettext("Reject refunds"),
            intro=gettext("A rejected refund is not paid. The applicant reads your reason."),
            button=gettext("Reject"),
        )

    @admin.action(description=_("Export the selected refunds as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="refunds.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "invoice",
                "applicant",
                "amount_cents",
                "currency",
                "rule",
                "status",
                "provider",
                "provider_reference",
                "credit_note",
                "proposed",
                "approved",
                "paid",
            ]
        )
        for refund in queryset.select_related("invoice__application__applicant"):
            writer.writerow(
                [
                    refund.invoice.number,
                    refund.invoice.application.applicant.email,
                    refund.amount,
                    refund.currency,
                    refund.rule,
                    refund.status,
                    refund.provider,
                    refund.provider_reference,
                    refund.credit_note_number,
                    refund.created_at.isoformat(),
                    refund.approved_at.isoformat() if refund.approved_at else "",
                    refund.paid_at.isoformat() if refund.paid_at else "",
                ]
            )
        return response


class RefusalNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Why the letter is not accepted"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this and may send another letter."),
    )


@admin.register(VisaRefusal)
class VisaRefusalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "choice", "status", "uploaded_at", "letter_link"]
    list_filter = ["status", "choice", "application__intake"]
    list_select_related = ["application__applicant"]
    search_fields = ["application__applicant__email", "application__applicant__last_name"]
    actions = ["verify_selected", "reject_selected"]
    fields = [
        "application",
        "letter_link",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "choice",
        "status",
        "staff_note",
        "uploaded_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("refusal letter"))
    def letter_link(self, obj):
        url = reverse("admin:billing_visarefusal_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="billing_visarefusal_letter",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, object_id):
        """The uploaded letter, for staff who may see visa refusals (a download)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        refusal = self.get_object(request, unquote(object_id))
        if refusal is None:
            raise Http404(gettext("No such letter."))
        return private_file_response(
            refusal.file,
            filename=refusal.original_name,
            content_type=refusal.content_type,
            size=refusal.size,
        )

    def has_verify_permission(self, request) -> bool:
        return services.may_verify_visa_refusals(request.user)

    @admin.action(
        description=_("Verify the selected letters (a refund is proposed where asked)"),
        permissions=["verify"],
    )
    def verify_selected(self, request, queryset):
        if not self.has_verify_permission(request):
            raise PermissionDenied
        _each(
            self,
            request,
            queryset,
            lambda refusal: services.verify_visa_refusal(refusal=refusal, by=request.user),
            lambda done: ngettext("%d letter verified.", "%d letters verified.", done) % done,
        )

    @admin.action(description=_("Do not accept the selected letters…"), permissions=["verify"])
    def reject_selected(self, request, queryset):
        if not self.has_verify_permission(request):
            raise PermissionDenied
        return _with_form(
            self,
            request,
            queryset,
            form_class=RefusalNoteForm,
            call=lambda refusal, data: services.reject_visa_refusal(
                refusal=refusal, note=data["note"], by=request.user
            ),
            done_message=lambda done: (
                ngettext("%d letter not accepted.", "%d letters not accepted.", done) % done
            ),
            action="reject_selected",
            title=gettext("Do not accept visa refusal letters"),
            intro=gettext("The applicant reads your reason and may send another letter."),
            button=gettext("Do not accept"),
        )

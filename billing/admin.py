"""The fee schedule in admin: staff edit a version until the day it applies; from then on it
is shown read-only, and "Copy as a new version" starts the next one. Every write goes
through billing.services, which refuses a schedule in force under a lock."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.ids import parse_id

from . import card_admin, services  # noqa: F401 - card_admin registers the card payments
from .errors import BillingError
from .models import FeeBlockPrice, FeeDiscount, FeeSchedule, local_today
from .money import format_money


def _day_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


class FeeScheduleAdminForm(forms.ModelForm):
    class Meta:
        model = FeeSchedule
        fields = [
            "name",
            "valid_from",
            "currency",
            "application_fee",
            "block_price",
            "deposit",
            "retention_percent",
            "balance_due_days",
            "included",
            "not_included",
            "notes",
        ]

    def clean_valid_from(self):
        # The service asks again, under the schedule's lock.
        valid_from = self.cleaned_data.get("valid_from")
        try:
            services.check_new_start(valid_from, today=local_today())
        except BillingError as error:
            raise forms.ValidationError(str(error)) from error
        return valid_from


class CopyScheduleForm(forms.Form):
    valid_from = forms.DateField(
        label=_("Applies from"),
        help_text=_("After today. The copy can be edited until that day."),
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Empty: named after the copy.")
    )

    def clean_valid_from(self):
        valid_from = self.cleaned_data["valid_from"]
        try:
            services.check_new_start(valid_from, today=local_today())
        except BillingError as error:
            raise forms.ValidationError(str(error)) from error
        if FeeSchedule.objects.filter(valid_from=valid_from).exists():
            raise forms.ValidationError(gettext("Another version applies from that date already."))
        return valid_from


class ScheduleLockMixin:
    """An inline that is read-only once its schedule is in force."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_locked())

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked())


class FeeBlockPriceInline(ScheduleLockMixin, admin.TabularInline):
    model = FeeBlockPrice
    extra = 0
    fields = ["specialty", "site", "price"]


class FeeDiscountInline(ScheduleLockMixin, admin.TabularInline):
    model = FeeDiscount
    extra = 0
    fields = ["basis", "from_block", "min_specialties", "kind", "value", "label"]


@admin.register(FeeSchedule)
class FeeScheduleAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = FeeScheduleAdminForm
    change_form_template = "billing/admin/feeschedule_change_form.html"
    list_display = ["name", "valid_from", "state", "block_price_display", "deposit_display"]
    ordering = ["-valid_from"]
    inlines = [FeeBlockPriceInline, FeeDiscountInline]
    actions = ["copy_as_new_version"]

    def get_queryset(self, request):
        # "In force" without a query per row: started, and no later version started since.
        today = local_today()
        later_started = FeeSchedule.objects.filter(
            valid_from__gt=OuterRef("valid_from"), valid_from__lte=today
        )
        return super().get_queryset(request).annotate(superseded=Exists(later_started))

    @admin.display(description=_("state"))
    def state(self, obj):
        if not obj.is_locked():
            return gettext("Future: can be edited")
        if obj.superseded:
            return gettext("Past")
        return gettext("In force")

    @admin.display(description=_("block price"), ordering="block_price")
    def block_price_display(self, obj):
        return format_money(obj.block_price, obj.currency)

    @admin.display(description=_("deposit"), ordering="deposit")
    def deposit_display(self, obj):
        return format_money(obj.deposit, obj.currency)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_locked())

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_locked())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_locked() and request.method == "GET":
            self.message_user(request, services.locked_message(obj), messages.INFO)
        extra_context = {
            **(extra_context or {}),
            "copy_url": (
                reverse("admin:billing_feeschedule_copy", args=[obj.pk])
                if obj is not None and self.has_add_permission(request)
                else ""
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except BillingError as error:
            # The service refused under the schedule's lock what the form let through (the
            # schedule came into force meanwhile). The admin's transaction rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        services.save_fee_schedule(schedule=obj, by=request.user)

    def delete_model(self, request, obj):
        services.delete_fee_schedule(schedule=obj, by=request.user)

    def get_actions(self, request):
        # A version is deleted one at a time, from its own page, and only before it applies.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_formset(self, request, form, formset, change):
        parts = formset.save(commit=False)
        for part in formset.deleted_objects:
            services.delete_schedule_part(part=part, by=request.user)
        for part in parts:
            services.save_schedule_part(part=part, by=request.user)

    @admin.action(description=_("Copy as a new version from a later date"), permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        schedules = list(queryset[:2])
        if len(schedules) != 1:
            self.message_user(request, gettext("Choose one schedule to copy."), messages.ERROR)
            return None
        return redirect("admin:billing_feeschedule_copy", schedules[0].pk)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="billing_feeschedule_copy",
            ),
            *super().get_urls(),
        ]

    def copy_view(self, request, object_id):
        """Copy as a new version from <date>: the fees, prices and discounts of one
        schedule, as a new version staff can edit until it applies."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        pk = parse_id(object_id)
        if pk is None:
            raise Http404
        source = get_object_or_404(FeeSchedule, pk=pk)
        latest = FeeSchedule.objects.order_by("-valid_from").values_list("valid_from", flat=True)
        suggested = max(_day_after(local_today()), _day_after(latest[0]))
        form = CopyScheduleForm(request.POST or None, initial={"valid_from": suggested})
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.copy_fee_schedule(
                    schedule=source,
                    valid_from=form.cleaned_data["valid_from"],
                    name=form.cleaned_data["name"],
                    by=request.user,
                )
            except BillingError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    gettext("New version from %(date)s: edit it until that day.")
                    % {"date": formats.date_format(copy.valid_from, "DATE_FORMAT")},
                    messages.SUCCESS,
                )
                return redirect("admin:billing_feeschedule_change", copy.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Copy as a new version"),
            "object_url": reverse("admin:billing_feeschedule_change", args=[source.pk]),
            "object_label": str(source),
            "source": source,
            "form": form,
        }
        return TemplateResponse(request, "billing/admin/copy_schedule.html", context)


# Invoices, payments and declared wire transfers; refunds and visa refusal letters (each
# in a module of its own).
from . import admin_credits, admin_payments, admin_refunds  # noqa: E402, F401

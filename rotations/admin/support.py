"""Travel and housing help in admin: staff answer applicants' requests (a status and a reply
the applicant reads and gets by email, through rotations.arrival.services) and keep the
list of places to stay with their distance to each site. Reviewers see both, change
neither (they hold only the view permissions)."""

from __future__ import annotations

import decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ApplicantColumnMixin, ServiceWrittenAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.dates import written

from ..arrival import services
from ..arrival.money import to_cents, written_money
from ..errors import SupportError
from ..models import HousingDistance, HousingOption, SupportRequest


class SupportAnswerForm(forms.ModelForm):
    """Staff's answer: the status and the reply; the service's own rule decides (asked here
    first, so a refusal is a form error, and again under the row lock)."""

    class Meta:
        model = SupportRequest
        fields = ["status", "staff_reply"]
        widgets = {"staff_reply": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "staff_reply": _(
                "The applicant reads this on their page and gets it by email, in their language."
            )
        }

    def clean(self):
        cleaned = super().clean()
        if "status" in cleaned:
            problem = services.answer_problem(
                current=self.instance,
                status=cleaned["status"],
                reply=cleaned.get("staff_reply", ""),
            )
            if problem:
                raise forms.ValidationError(problem)
        return cleaned


@admin.register(SupportRequest)
class SupportRequestAdmin(
    ServiceWrittenAdminMixin, ApplicantColumnMixin, AuditHistoryMixin, admin.ModelAdmin
):
    """Applicants' requests for travel and housing help, the soonest arrival first."""

    form = SupportAnswerForm
    list_display = [
        "applicant",
        "kind",
        "arrival_houston",
        "housing_from",
        "status",
        "created_at",
        "handled_by",
    ]
    list_filter = ["status", "kind", ("arrival_at", admin.DateFieldListFilter)]
    list_select_related = ["application__applicant", "handled_by"]
    search_fields = [
        "application__applicant__email",
        "application__applicant__last_name",
        "flight_number",
    ]
    readonly_fields = [
        "application_link",
        "kind",
        "flight_number",
        "arrival_houston",
        "housing_from",
        "housing_to",
        "budget",
        "near_site",
        "room",
        "needs",
        "message",
        "created_at",
        "replied_at",
        "handled_by",
    ]
    fieldsets = [
        (_("The request"), {"fields": readonly_fields}),
        (_("Your answer"), {"fields": ["status", "staff_reply"]}),
    ]

    def get_ordering(self, request):
        return [
            F("arrival_at").asc(nulls_last=True),
            F("housing_from").asc(nulls_last=True),
            "-created_at",
        ]

    @admin.display(description=_("application"))
    def application_link(self, obj):
        url = reverse("admin:applications_application_change", args=[obj.application_id])
        return format_html('<a href="{}">{}</a>', url, obj.application.applicant)

    @admin.display(description=_("lands (Houston time)"), ordering="arrival_at")
    def arrival_houston(self, obj):
        if obj.arrival_at is None:
            return "—"
        with timezone.override(services.program_zone()):
            return written(obj.arrival_at, "short_datetime")

    @admin.display(description=_("budget per month"))
    def budget(self, obj):
        if obj.budget_min is None:
            return "—"
        return f"{written_money(obj.budget_min)}–{written_money(obj.budget_max)}"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SupportError as error:
            # Refused under the row lock (someone answered meanwhile): nothing was saved.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        services.answer_support_request(
            support_request=obj,
            status=form.cleaned_data["status"],
            reply=form.cleaned_data.get("staff_reply", ""),
            by=request.user,
        )

    def log_change(self, request, obj, message):
        """The service logged the answer already (the activity log)."""


class HousingDistanceInline(admin.TabularInline):
    model = HousingDistance
    extra = 1
    fields = ["site", "km", "minutes_by_car"]


MONEY = {
    "max_digits": 9,
    "decimal_places": 2,
    "min_value": decimal.Decimal("0"),
    "max_value": decimal.Decimal("50000"),
}


class HousingOptionAdminForm(forms.ModelForm):
    """Prices typed in dollars ("950" or "950.50"), kept in cents."""

    price_from = forms.DecimalField(label=_("Price from (US$)"), **MONEY)
    price_to = forms.DecimalField(label=_("Price up to (US$)"), **MONEY)

    class Meta:
        model = HousingOption
        fields = ["name", "area", "price_period", "link", "contact", "notes", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["price_from"] = decimal.Decimal(self.instance.price_min) / 100
            self.initial["price_to"] = decimal.Decimal(self.instance.price_max) / 100

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_from"), cleaned.get("price_to")
        if low is not None and high is not None and high < low:
            self.add_error("price_to", gettext("The upper price must not be below the lower."))
        return cleaned

    def _post_clean(self):
        if "price_from" in self.cleaned_data and "price_to" in self.cleaned_data:
            self.instance.price_min = to_cents(self.cleaned_data["price_from"])
            self.instance.price_max = to_cents(self.cleaned_data["price_to"])
        super()._post_clean()


@admin.register(HousingOption)
class HousingOptionAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """The places to stay applicants see near the sites of their confirmed rotations."""

    form = HousingOptionAdminForm
    inlines = [HousingDistanceInline]
    list_display = ["name", "area", "price", "active"]
    list_filter = ["active", "distances__site"]
    search_fields = ["name", "area"]
    fields = ["name", "area", "price_from", "price_to", "price_period", "link", "contact"]
    fields += ["notes", "active"]

    @admin.display(description=_("price"))
    def price(self, obj):
        return f"{written_money(obj.price_min)}–{written_money(obj.price_max)} " + str(
            obj.get_price_period_display()
        )

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def save_model(self, request, obj, form, change):
        services.save_housing_option(option=obj, by=request.user)

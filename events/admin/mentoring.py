"""Mentoring in admin: coordinators create and change mentors (a preceptor's account, or an
advisor's); the times and sessions are written by events.mentoring.services and read here
(the mentor's private note included: staff may read it)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from ..models import Mentor, MentoringBooking, MentoringSlot, MentoringTopic


class MentorForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        choices=MentoringTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Mentor
        fields = ["user", "headline", "topics", "bio", "active"]


@admin.register(Mentor)
class MentorAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = MentorForm
    list_display = ["user", "headline", "active"]
    list_filter = ["active"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "headline"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MentoringSlot)
class MentoringSlotAdmin(ReadOnlyAdminMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["mentor", "starts_at", "duration_minutes", "status"]
    list_filter = ["status"]
    list_select_related = ["mentor__user"]
    date_hierarchy = "starts_at"


@admin.register(MentoringBooking)
class MentoringBookingAdmin(ReadOnlyAdminMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["applicant", "mentor", "starts_at", "status"]
    list_filter = ["status"]
    list_select_related = ["applicant", "slot__mentor__user"]
    search_fields = ["applicant__email", "applicant__last_name"]
    fields = [
        "slot",
        "applicant",
        "agenda",
        "status",
        "cancel_reason",
        "cancelled_by",
        "cancelled_at",
        "private_note",
        "follow_up",
        "noted_at",
    ]

    @admin.display(description=_("mentor"))
    def mentor(self, obj):
        return obj.slot.mentor

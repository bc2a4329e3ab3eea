"""Staff's events: create and change them (times in the staff member's own zone), copy one,
see registrations and the waiting list, message every registrant, export the attendees, and
record attendance by hand or from the join platform's CSV. Every write calls a service."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.admin.review import csv_cell
from hmc_portal.admin_mixins import ServiceWrittenAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from ..enums import RegistrationStatus
from ..event_forms import AttendanceImportForm, MessageRegistrantsForm
from ..models import Event, Registration, Speaker
from ..services import events as services


class SpeakerInline(admin.StackedInline):
    model = Speaker
    extra = 1
    fields = ["name", "title", "affiliation", "preceptor", "order"]


class RegistrationInline(admin.TabularInline):
    """Registrations and the waiting list, read-only: people register and cancel on the
    site, so that places, the waiting list and emails stay right."""

    model = Registration
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["user", "status", "created_at", "waitlisted_at", "attended_at"]
    readonly_fields = fields
    ordering = ["status", "waitlisted_at", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class EventAdminForm(forms.ModelForm):
    join_url = forms.URLField(
        label=_("join link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Shown only to registered people, shortly before the start."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "format",
            "join_url",
            "venue",
            "address",
            "capacity",
            "waitlist_enabled",
            "audience",
            "min_status",
            "registration_opens_at",
            "registration_closes_at",
            "published",
        ]


@admin.register(Event)
class EventAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = EventAdminForm
    inlines = [SpeakerInline, RegistrationInline]
    list_display = [
        "title",
        "kind",
        "format",
        "starts_at",
        "capacity",
        "registered_count",
        "waitlist",
        "published",
    ]
    list_filter = ["kind", "format", "published"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["registered_count", "uid", "sequence"]
    actions = ["copy_events", "message_registrants", "export_attendees"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                waitlist_count=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                )
            )
        )

    @admin.display(description=_("waiting list"), ordering="waitlist_count")
    def waitlist(self, obj):
        return obj.waitlist_count

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "time_zone_note": gettext("Times are in your time zone: %(zone)s.")
            % {"zone": timezone.get_current_timezone_name()},
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.EventError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        services.save_event(event=obj, by=request.user)

    @admin.action(description=_("Copy the selected events (unpublished)"), permissions=["add"])
    def copy_events(self, request, queryset):
        copies = [services.copy_event(event=event, by=request.user) for event in queryset]
        self.message_user(
            request,
            ngettext(
                "%(count)d event copied, unpublished: set its date and publish it.",
                "%(count)d events copied, unpublished: set their dates and publish them.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Message all registrants"), permissions=["change"])
    def message_registrants(self, request, queryset):
        """Asks for the subject and message, then emails each registered person of each
        selected event through the outbox (services.message_registrants)."""
        form = MessageRegistrantsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for event in queryset:
                try:
                    count = services.message_registrants(
                        event=event,
                        subject=form.cleaned_data["subject"],
                        body=form.cleaned_data["body"],
                        by=request.user,
                    )
                except services.EventError as error:
                    self.message_user(request, f"{event}: {error}", messages.ERROR)
                    continue
                self.message_user(
                    request,
                    ngettext(
                        "%(event)s: %(count)d email queued.",
                        "%(event)s: %(count)d emails queued.",
                        count,
                    )
                    % {"event": event, "count": count},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Message all registrants"),
            "events": list(queryset),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "events/admin/message_registrants.html", context)

    @admin.action(description=_("Export attendees as CSV"), permissions=["view"])
    def export_attendees(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="event-attendees.csv"'
        writer = csv.writer(response)
        writer.writerow(["event", "starts_at", "name", "email", "status", "attended_at"])
        registrations = (
            Registration.objects.filter(event__in=queryset)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("event", "user")
            .order_by("event__starts_at", "event_id", "status", "created_at")
        )
        for registration in registrations:
            writer.writerow(
                [
                    csv_cell(registration.event.title),
                    timezone.localtime(registration.event.starts_at).isoformat(timespec="minutes"),
                    csv_cell(registration.user.display_name),
                    csv_cell(registration.user.email),
                    registration.status,
                    (
                        timezone.localtime(registration.attended_at).isoformat(timespec="minutes")
                        if registration.attended_at
                        else ""
                    ),
                ]
            )
        return response

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attendance-import/",
                self.admin_site.admin_view(self.attendance_import_view),
                name="events_event_attendance_import",
            ),
            *super().get_urls(),
        ]

    def attendance_import_view(self, request, object_id):
        """Upload the join platform's CSV (an "email" column): who matched a registration
        is marked as attended; the result page lists matched and not found."""
        event = self.get_object(request, unquote(object_id))
        if event is None:
            raise Http404(gettext("No such event."))
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        form = AttendanceImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            try:
                result = services.import_attendance(
                    event=event, data=form.cleaned_data["file"].read(), by=request.user
                )
            except services.EventError as error:
                form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import attendance: %(event)s") % {"event": event},
            "event": event,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "events/admin/attendance_import.html", context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["attendance_import_link"] = format_html(
                '<a href="{}">{}</a>',
                reverse("admin:events_event_attendance_import", args=[obj.pk]),
                gettext("Import attendance from a CSV file"),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Registration)
class RegistrationAdmin(ServiceWrittenAdminMixin, AuditHistoryMixin, admin.ModelAdmin):
    list_display = ["user", "event", "status", "created_at", "waitlisted_at", "attended_at"]
    list_filter = ["status", "event"]
    search_fields = ["user__email", "user__last_name", "event__title"]
    list_select_related = ["user", "event"]
    fields = ["event", "user", "status", "created_at", "waitlisted_at", "attended_at"]
    readonly_fields = fields
    actions = ["mark_attended"]

    @admin.action(description=_("Mark attendance (attended)"), permissions=["change"])
    def mark_attended(self, request, queryset):
        count = services.mark_attendance(registrations=list(queryset), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d attendance recorded (registered people of started events only).",
                "%(count)d attendances recorded (registered people of started events only).",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
        return redirect(request.get_full_path())

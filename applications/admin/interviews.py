"""Admin for interviews and interview slots (registered through applications.admin).

Every write goes through applications.services.interviews: the add form schedules, the
change form reschedules, and buttons on the change page cancel or record the outcome; the
"offer slots" page offers up to five times for the applicant to pick from. Staff type times
in their own time zone (User.timezone, activated by UserTimezoneMiddleware, which Django's
datetime fields read input in and show values in); they are stored in UTC.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import (
    LabelledSplitDateTime,
    ReadOnlyAdminMixin,
    SafeAutocompleteSelect,
)
from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.dates import written
from hmc_portal.ids import parse_id  # also registers the <id:...> path converter
from hmc_portal.users.models import User

from .. import services
from ..enums import InterviewStatus, Recommendation
from ..models import Application, Interview
from ..permissions import can_record_interview_outcome, can_schedule_interviews
from ..services.interviews import MAX_OFFERED_SLOTS, interview_stage_problem
from .review import admin_context

SCHEDULING_FIELDS = ["starts_at", "duration_minutes", "meeting_url", "interviewer"]


def zone_note() -> str:
    """The help text next to every time field: the zone the staff member types in."""
    return gettext(
        "Times in %(zone)s (your profile's time zone). "
        "They are stored in UTC; the applicant sees them in their own zone."
    ) % {"zone": timezone.get_current_timezone_name()}


def in_staff_zone(value) -> str:
    """A time as the staff member reads it: in their own zone (User.timezone, the active
    one), with the zone named: "Friday 4 December 2026, 09:30 (America/Chicago)"."""
    return f"{written(value, 'datetime')} ({timezone.get_current_timezone_name()})"


def staff_users():
    return User.objects.filter(is_staff=True, is_active=True).order_by("first_name", "email")


def _future(value):
    if value is not None and value <= timezone.now():
        raise forms.ValidationError(gettext("The interview time must be in the future."))
    return value


class InterviewAdminForm(forms.ModelForm):
    """Validation only: the admin's save_model calls the service."""

    meeting_url = forms.URLField(label=_("Meeting link"), max_length=500, assume_scheme="https")

    class Meta:
        model = Interview
        fields = ["application", *SCHEDULING_FIELDS]

    def clean_starts_at(self):
        value = self.cleaned_data.get("starts_at")
        if self.instance.pk is None or "starts_at" in self.changed_data:
            _future(value)
        return value

    def clean(self):
        cleaned = super().clean()
        application = cleaned.get("application")
        if self.instance.pk is None and application is not None:
            problem = interview_stage_problem(application)
            if problem:
                self.add_error("application", problem)
        return cleaned


class OfferSlotsForm(forms.Form):
    """What the offered times have in common; the times come in SlotTimeFormSet."""

    application = forms.ModelChoiceField(
        label=_("Application"), queryset=Application.objects.select_related("applicant")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=10, max_value=240, initial=30
    )
    meeting_url = forms.URLField(label=_("Meeting link"), max_length=500, assume_scheme="https")
    interviewer = forms.ModelChoiceField(
        label=_("Interviewer"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"] = forms.ModelChoiceField(
            label=_("Application"),
            queryset=Application.objects.select_related("applicant"),
            widget=SafeAutocompleteSelect(Interview._meta.get_field("application"), admin_site),
        )
        self.fields["interviewer"].queryset = staff_users()

    def clean_application(self):
        application = self.cleaned_data["application"]
        problem = interview_stage_problem(application)
        if problem:
            raise forms.ValidationError(problem)
        return application


class SlotTimeForm(forms.Form):
    starts_at = forms.SplitDateTimeField(
        label=_("Time"), required=False, widget=LabelledSplitDateTime
    )

    def clean_starts_at(self):
        return _future(self.cleaned_data.get("starts_at"))


SlotTimeFormSet = forms.formset_factory(
    SlotTimeForm, extra=MAX_OFFERED_SLOTS, max_num=MAX_OFFERED_SLOTS, validate_max=True
)


class CancelInterviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Optional. The applicant reads it in the cancellation email."),
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (InterviewStatus.COMPLETED, InterviewStatus.COMPLETED.label),
            (InterviewStatus.NO_SHOW, InterviewStatus.NO_SHOW.label),
        ],
        widget=forms.RadioSelect,
    )
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"),
        choices=[("", "—"), *Recommendation.choices],
        required=False,
        help_text=_("Needed for a completed interview."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text=_("Internal: the applicant never sees these."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == InterviewStatus.COMPLETED and not cleaned.get("recommendation"):
            self.add_error(
                "recommendation", gettext("Give your recommendation for a completed interview.")
            )
        return cleaned


class InterviewAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = InterviewAdminForm
    list_display = [
        "applicant",
        "starts_at",
        "duration_minutes",
        "interviewer",
        "status",
        "recommendation",
    ]
    list_filter = ["status", "recommendation", "starts_at"]
    search_fields = [
        "application__applicant__email",
        "application__applicant__first_name",
        "application__applicant__last_name",
    ]
    list_select_related = ["application__applicant", "interviewer"]
    autocomplete_fields = ["application"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    show_full_result_count = False
    outcome_fields = [
        "status",
        "recommendation",
        "outcome_notes",
        "outcome_recorded_by",
        "outcome_recorded_at",
    ]
    calendar_fields = ["uid", "sequence", "created_by", "created_at", "updated_at"]

    # --- permissions: the predicates of applications.permissions ------------------------

    def has_add_permission(self, request):
        return can_schedule_interviews(request.user)

    def has_change_permission(self, request, obj=None):
        # Only a scheduled interview can be moved; the rest is read-only history. Reviewers
        # see the page and record outcomes through its button.
        if not can_schedule_interviews(request.user):
            return False
        return obj is None or obj.status == InterviewStatus.SCHEDULED

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the applicant's calendar must learn of it

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or can_record_interview_outcome(
            request.user
        )

    # --- the forms ----------------------------------------------------------------------

    @admin.display(description=_("Applicant"), ordering="application__applicant__last_name")
    def applicant(self, obj):
        return obj.application.applicant

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["application", *SCHEDULING_FIELDS]
        return [
            "application",
            *SCHEDULING_FIELDS,
            *self.outcome_fields,
            *self.calendar_fields,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["application", *self.outcome_fields, *self.calendar_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "starts_at" in form.base_fields:
            form.base_fields["starts_at"].help_text = zone_note()
        interviewer = form.base_fields.get("interviewer")
        if interviewer is not None and hasattr(interviewer.widget, "can_add_related"):
            # A staff member is chosen here, not edited: no add/change/delete user buttons.
            widget = interviewer.widget
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "interviewer":
            kwargs["queryset"] = staff_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("interviewer", request.user.pk)
        initial.setdefault("duration_minutes", 30)
        return initial

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ApplicationError as error:
            # The service refused under its lock what the form had let through (someone
            # else acted meanwhile); the admin's transaction rolled back.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            interview = services.schedule_interview(
                application=data["application"],
                by=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                meeting_url=data["meeting_url"],
                interviewer=data.get("interviewer"),
            )
        elif set(form.changed_data) & set(SCHEDULING_FIELDS):
            interview = services.reschedule_interview(
                interview=obj,
                by=request.user,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                meeting_url=data["meeting_url"],
                interviewer=data.get("interviewer"),
            )
        else:
            return
        # The admin goes on with `obj` (log entry, redirect): make it the saved row.
        for field in Interview._meta.concrete_fields:
            setattr(obj, field.attname, getattr(interview, field.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many fields; the service saved everything

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            gettext(
                "Interview scheduled for %(when)s. The applicant was emailed the invitation "
                "with its calendar file."
            )
            % {"when": in_staff_zone(obj.starts_at)},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the buttons of the change page, on the object already fetched
            context.update(
                can_cancel_interview=obj.status == InterviewStatus.SCHEDULED
                and can_schedule_interviews(request.user),
                can_record_outcome=obj.status != InterviewStatus.CANCELLED
                and can_record_interview_outcome(request.user),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_offer_slots": can_schedule_interviews(request.user),
        }
        return super().changelist_view(request, extra_context)

    # --- buttons: offer slots, cancel, record the outcome --------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "offer-slots/",
                self.admin_site.admin_view(self.offer_slots_view),
                name=f"{prefix}_offer_slots",
            ),
            path(
                "<id:object_id>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name=f"{prefix}_cancel",
            ),
            path(
                "<id:object_id>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name=f"{prefix}_outcome",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return admin_context(
            self, request, title=title, zone_name=timezone.get_current_timezone_name(), **extra
        )

    def _change_url(self, interview):
        return reverse("admin:applications_interview_change", args=[interview.pk])

    def offer_slots_view(self, request):
        """Offer up to five times to one application (?application=<id>)."""
        if not can_schedule_interviews(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = OfferSlotsForm(request.POST, admin_site=self.admin_site)
            times = SlotTimeFormSet(request.POST, prefix="slots")
        else:
            initial = {"interviewer": request.user.pk, "duration_minutes": 30}
            application = parse_id(request.GET.get("application"))
            if application is not None:
                initial["application"] = application
            form = OfferSlotsForm(initial=initial, admin_site=self.admin_site)
            times = SlotTimeFormSet(prefix="slots")
        for time_form in times.forms:
            time_form.fields["starts_at"].help_text = zone_note()
        if request.method == "POST" and form.is_valid() and times.is_valid():
            starts = [
                f.cleaned_data["starts_at"] for f in times.forms if f.cleaned_data.get("starts_at")
            ]
            if not starts:
                times._non_form_errors = times.error_class([gettext("Offer at least one time.")])
            else:
                data = form.cleaned_data
                try:
                    services.offer_interview_slots(
                        application=data["application"],
                        by=request.user,
                        slots=[
                            services.SlotTime(
                                starts_at=starts_at,
                                duration_minutes=data["duration_minutes"],
                                meeting_url=data["meeting_url"],
                                interviewer=data["interviewer"],
                            )
                            for starts_at in starts
                        ],
                    )
                except services.ApplicationError as error:
                    form.add_error(None, str(error))
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d time offered to %(applicant)s; they were emailed to "
                            "choose it on their dashboard.",
                            "%(count)d times offered to %(applicant)s; they were emailed to "
                            "choose one on their dashboard.",
                            len(starts),
                        )
                        % {"count": len(starts), "applicant": data["application"].applicant},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse(
                            "admin:applications_application_change",
                            args=[data["application"].pk],
                        )
                    )
        media = self.media + form.media + times.media
        return TemplateResponse(
            request,
            "admin/applications/interview/offer_slots.html",
            self._context(
                request,
                gettext("Offer interview times"),
                form=form,
                times=times,
                media=media,
                max_slots=MAX_OFFERED_SLOTS,
            ),
        )

    def cancel_view(self, request, object_id):
        """Confirm, with an optional reason for the applicant, then cancel."""
        interview = get_object_or_404(
            Interview.objects.select_related("application__applicant"), pk=object_id
        )
        if not can_schedule_interviews(request.user):
            raise PermissionDenied
        form = CancelInterviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.cancel_interview(
                    interview=interview, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext(
                        "The interview was cancelled and the applicant emailed the cancellation."
                    ),
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._change_url(interview))
        return TemplateResponse(
            request,
            "admin/applications/interview/cancel.html",
            self._context(
                request, gettext("Cancel the interview?"), form=form, interview=interview
            ),
        )

    def outcome_view(self, request, object_id):
        """Completed or no-show, the recommendation and internal notes."""
        interview = get_object_or_404(
            Interview.objects.select_related("application__applicant", "interviewer"),
            pk=object_id,
        )
        if not can_record_interview_outcome(request.user):
            raise PermissionDenied
        initial = {
            "status": interview.status if interview.status != InterviewStatus.SCHEDULED else "",
            "recommendation": interview.recommendation,
            "notes": interview.outcome_notes,
        }
        form = OutcomeForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_interview_outcome(
                    interview=interview,
                    by=request.user,
                    status=form.cleaned_data["status"],
                    notes=form.cleaned_data["notes"],
                    recommendation=form.cleaned_data["recommendation"],
                )
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, gettext("The outcome was recorded."), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(interview))
        return TemplateResponse(
            request,
            "admin/applications/interview/outcome.html",
            self._context(
                request,
                gettext("Record the interview outcome"),
                form=form,
                interview=interview,
            ),
        )


class InterviewSlotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was offered and what was picked; offering happens on the "offer slots" page."""

    list_display = ["application", "starts_at", "duration_minutes", "interviewer", "picked"]
    list_select_related = ["application__applicant", "interviewer", "interview"]
    list_filter = ["starts_at"]
    search_fields = ["application__applicant__email", "application__applicant__last_name"]
    ordering = ["-created_at"]
    show_full_result_count = False

    @admin.display(description=_("Picked"), boolean=False)
    def picked(self, obj):
        if obj.interview_id is None:
            return "—"
        url = reverse("admin:applications_interview_change", args=[obj.interview_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Interview"))

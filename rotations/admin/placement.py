from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ApplicantColumnMixin, ServiceWrittenAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.ids import parse_id

from .. import permissions, selectors, services
from ..enums import ACTIVE_REQUEST_STATUSES, RequestStatus, RotationKind
from ..forms import RotationSeriesForm
from ..models import BLOCK_LAST_DAY, Rotation, RotationRequest, Site, Specialty


class PreceptorListFilter(admin.RelatedFieldListFilter):
    """The preceptors to filter by, with their users joined: a preceptor is named after
    their user, and Django's own filter would ask for each user on its own."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or ["user__last_name"]
        preceptors = field.related_model._default_manager.select_related("user")
        return [(preceptor.pk, str(preceptor)) for preceptor in preceptors.order_by(*ordering)]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "state"]
    list_filter = ["kind"]
    search_fields = ["name", "address", "city"]


class CancelRotationForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the program cannot run it"),
        help_text=_("The applicants and the preceptor read this in the email."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RotationAdminForm(forms.ModelForm):
    """The last day may be left empty: it is the Friday four weeks after the first day."""

    class Meta:
        model = Rotation
        fields = [
            "specialty",
            "preceptor",
            "site",
            "start_date",
            "end_date",
            "kind",
            "reporting_time",
            "capacity",
            "published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A reader without the change permission gets the form with no field at all.
        if "end_date" in self.fields:
            self.fields["end_date"].required = False
        # Left out (a form posted before the kind existed): an observership, the default.
        if "kind" in self.fields:
            self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or RotationKind.OBSERVERSHIP

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_date") and not cleaned.get("end_date"):
            cleaned["end_date"] = cleaned["start_date"] + BLOCK_LAST_DAY
            self.instance.end_date = cleaned["end_date"]
        return cleaned

    def clean_capacity(self):
        # The service asks again under the rotation's lock (RotationAdmin.changeform_view).
        capacity = self.cleaned_data.get("capacity")
        if self.instance.pk is not None and capacity is not None:
            confirmed = Rotation.objects.values_list("confirmed_count", flat=True).get(
                pk=self.instance.pk
            )
            problem = services.capacity_problem(capacity=capacity, confirmed_count=confirmed)
            if problem:
                raise forms.ValidationError(problem)
        return capacity


class RotationRequestInline(admin.TabularInline):
    """The requests of a rotation, read-only: answers go through the preceptor (or the
    actions on the rotation requests list), so that places and emails stay right."""

    model = RotationRequest
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["applicant", "rank", "status", "created_at", "responded_at", "decline_reason"]
    readonly_fields = fields
    ordering = ["status", "waitlisted_at", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application__applicant")

    @admin.display(description=_("applicant"))
    def applicant(self, obj):
        return obj.application.applicant


@admin.register(Rotation)
class RotationAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = RotationAdminForm
    change_list_template = "rotations/admin/rotation_change_list.html"
    list_display = [
        "specialty",
        "preceptor",
        "site",
        "start_date",
        "end_date",
        "capacity",
        "confirmed_count",
        "waitlist",
        "pending",
        "published",
    ]
    list_filter = ["published", "kind", "specialty", "site", ("preceptor", PreceptorListFilter)]
    list_select_related = ["specialty", "site", "preceptor__user"]
    search_fields = [
        "specialty__name",
        "site__name",
        "preceptor__user__last_name",
        "preceptor__user__email",
    ]
    date_hierarchy = "start_date"
    readonly_fields = ["confirmed_count"]
    autocomplete_fields = ["preceptor"]
    inlines = [RotationRequestInline]
    actions = ["publish", "unpublish", "cancel_rotation"]

    def get_queryset(self, request):
        return selectors.with_request_counts(super().get_queryset(request))

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlist(self, obj):
        return obj.waitlist_count

    @admin.display(description=_("waiting for an answer"), ordering="pending_count")
    def pending(self, obj):
        return obj.pending_count

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.PlacementError as error:
            # The service refused under the rotation's lock what the form let through
            # (observers were confirmed meanwhile). The admin's transaction rolled back, so
            # nothing was saved, and Django never got to say it was.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        services.save_rotation(rotation=obj, by=request.user)

    @admin.action(description=_("Publish the selected rotations"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected rotations"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def has_cancel_permission(self, request):
        return permissions.may_cancel_as_staff(request.user)

    @admin.action(
        description=_("Cancel the selected rotations (the program cannot run them)"),
        permissions=["cancel"],
    )
    def cancel_rotation(self, request, queryset):
        """Asks for the reason the applicants will read, then cancels each rotation and its
        requests (rotations.services.cancel_rotation)."""
        if not self.has_cancel_permission(request):
            raise PermissionDenied
        form = CancelRotationForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for rotation in queryset:
                try:
                    cancelled = services.cancel_rotation(
                        rotation=rotation, reason=form.cleaned_data["reason"], by=request.user
                    )
                except services.PlacementError as error:
                    self.message_user(request, f"{rotation}: {error}", messages.ERROR)
                    continue
                count += 1
                self.message_user(
                    request,
                    ngettext(
                        "%(rotation)s cancelled: %(count)d request cancelled.",
                        "%(rotation)s cancelled: %(count)d requests cancelled.",
                        len(cancelled),
                    )
                    % {"rotation": rotation, "count": len(cancelled)},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Cancel rotations"),
            "rotations": list(queryset),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "rotations/admin/cancel_rotation.html", context)

    def _set_published(self, request, queryset, published: bool) -> None:
        try:
            count = services.set_published(
                rotations=list(queryset), published=published, by=request.user
            )
        except services.PlacementError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if published:
            message = ngettext(
                "%(count)d rotation published.", "%(count)d rotations published.", count
            )
        else:
            message = ngettext(
                "%(count)d rotation unpublished.", "%(count)d rotations unpublished.", count
            )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "series/",
                self.admin_site.admin_view(self.series_view),
                name="rotations_rotation_series",
            ),
            *super().get_urls(),
        ]

    def series_view(self, request):
        """A series of 4-week blocks for one preceptor over a date range, in one go."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {}
        preceptor = parse_id(request.GET.get("preceptor"))
        if preceptor is not None:
            initial["preceptor"] = preceptor
        form = RotationSeriesForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                created = services.create_rotation_series(
                    preceptor=data["preceptor"],
                    specialty=data["specialty"],
                    site=data["site"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    capacity=data["capacity"],
                    published=data["published"],
                    reporting_time=data["reporting_time"],
                    by=request.user,
                )
            except services.PlacementError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    (
                        gettext("%(count)s four-week blocks created for %(preceptor)s.")
                        if created
                        else gettext(
                            "%(count)s four-week blocks created for %(preceptor)s: every block "
                            "in that range exists already."
                        )
                    )
                    % {"count": len(created), "preceptor": data["preceptor"]},
                    messages.SUCCESS if created else messages.WARNING,
                )
                url = reverse("admin:rotations_rotation_changelist")
                return redirect(f"{url}?preceptor__id__exact={data['preceptor'].pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Create a series of 4-week blocks"),
            "form": form,
        }
        return TemplateResponse(request, "rotations/admin/rotation_series.html", context)


@admin.register(RotationRequest)
class RotationRequestAdmin(
    ServiceWrittenAdminMixin, ApplicantColumnMixin, AuditHistoryMixin, admin.ModelAdmin
):
    """Requests are made by applicants and answered by preceptors; staff may cancel or
    confirm on a preceptor's behalf through the actions (the services keep places right)."""

    list_display = [
        "applicant",
        "rotation_link",
        "rank",
        "status",
        "created_at",
        "responded_at",
    ]
    list_filter = [
        "status",
        "cancel_cause",
        "rotation__specialty",
        ("rotation__preceptor", PreceptorListFilter),
    ]
    list_select_related = [
        "application__applicant",
        "rotation__specialty",
        "rotation__preceptor__user",
    ]
    search_fields = [
        "application__applicant__email",
        "application__applicant__last_name",
        "rotation__specialty__name",
    ]
    readonly_fields = [
        "application",
        "rotation",
        "rank",
        "status",
        "decline_reason",
        "cancel_reason",
        "cancel_cause",
        "replacement_for",
        "created_at",
        "responded_at",
        "responded_by",
        "waitlisted_at",
        "confirmed_at",
        "cancelled_at",
        "cancelled_by",
    ]
    fields = readonly_fields
    actions = ["cancel_requests", "confirm_requests"]

    @admin.display(description=_("rotation"))
    def rotation_link(self, obj):
        url = reverse("admin:rotations_rotation_change", args=[obj.rotation_id])
        return format_html('<a href="{}">{}</a>', url, obj.rotation)

    def has_cancel_permission(self, request):
        """The cancel action needs the coordinator's permission (the service asks again)."""
        return permissions.may_cancel_as_staff(request.user)

    @admin.action(
        description=_("Cancel the selected requests (places go to the waiting list)"),
        permissions=["cancel"],
    )
    def cancel_requests(self, request, queryset):
        if not self.has_cancel_permission(request):
            raise PermissionDenied
        done = 0
        for rotation_request in queryset.filter(status__in=ACTIVE_REQUEST_STATUSES):
            try:
                services.cancel_rotation_request(
                    rotation_request=rotation_request,
                    by=request.user,
                    reason=gettext("Cancelled by the program."),
                )
                done += 1
            except services.PlacementError as error:
                self.message_user(request, f"{rotation_request}: {error}", messages.ERROR)
        self.message_user(
            request, gettext("%(count)s requests cancelled.") % {"count": done}, messages.SUCCESS
        )

    @admin.action(
        description=_("Confirm the selected requests on the preceptor's behalf"),
        permissions=["change"],
    )
    def confirm_requests(self, request, queryset):
        confirmed = waitlisted = 0
        for rotation_request in queryset.filter(status=RequestStatus.REQUESTED):
            try:
                result = services.confirm_rotation_request(
                    rotation_request=rotation_request, by=request.user
                )
            except services.PlacementError as error:
                self.message_user(request, f"{rotation_request}: {error}", messages.ERROR)
                continue
            if result.status == RequestStatus.CONFIRMED:
                confirmed += 1
            else:
                waitlisted += 1
        self.message_user(
            request,
            gettext(
                "%(confirmed)s confirmed, %(waitlisted)s put on a waiting list (no place was free)."
            )
            % {"confirmed": confirmed, "waitlisted": waitlisted},
            messages.SUCCESS,
        )

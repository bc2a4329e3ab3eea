from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ApplicantColumnMixin, ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from .errors import PreceptorError
from .letters.views import letter_file_response
from .models import LetterRequest, Preceptor
from .services import preceptor_user_problem, save_preceptor


class PreceptorAdminForm(forms.ModelForm):
    """Validation only: PreceptorAdmin.save_model calls the service."""

    class Meta:
        model = Preceptor
        fields = [
            "user",
            "title",
            "specialties",
            "affiliation",
            "bio",
            "active",
            "may_view_documents",
            "accepts_early_letter_requests",
        ]

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None:
            problem = preceptor_user_problem(user)
            if problem:
                raise forms.ValidationError(problem)
        return user


@admin.register(Preceptor)
class PreceptorAdmin(AuditHistoryMixin, admin.ModelAdmin):
    form = PreceptorAdminForm
    list_display = ["__str__", "title", "affiliation", "active", "may_view_documents"]
    list_filter = ["active", "may_view_documents", "specialties"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "affiliation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    actions = ["create_rotation_series"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # A list of checkboxes: the few specialties fit, and Django's two-box filter marks
        # its search icons up in a way screen readers are not allowed to read.
        if db_field.name == "specialties":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PreceptorError as error:
            # The service refused what the form let through; the admin's transaction rolled
            # back, so nothing was saved.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        save_preceptor(
            preceptor=obj,
            by=request.user,
            changed_fields=form.changed_data,
            specialties=form.cleaned_data.get("specialties"),
        )

    def save_related(self, request, form, formsets, change):
        pass  # no inlines; the service saved the specialties

    @admin.action(description=_("Create 4-week rotation blocks for the selected preceptor"))
    def create_rotation_series(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, gettext("Select exactly one preceptor."), messages.WARNING)
            return None
        if not request.user.has_perm("rotations.add_rotation"):
            self.message_user(request, gettext("You may not create rotations."), messages.ERROR)
            return None
        url = reverse("admin:rotations_rotation_series")
        return redirect(f"{url}?preceptor={queryset.get().pk}")


@admin.register(LetterRequest)
class LetterRequestAdmin(
    ApplicantColumnMixin, ReadOnlyAdminMixin, AuditHistoryMixin, admin.ModelAdmin
):
    """Letter requests for the record: written only by preceptors.letters.services. Staff
    download every letter, waived or not."""

    list_display = [
        "applicant",
        "preceptor",
        "specialty",
        "status",
        "waived",
        "due_date",
        "created_at",
        "letter_link",
    ]
    list_filter = ["status", "waived", "due_date", "letter_source"]
    list_select_related = ["application__applicant", "preceptor__user"]
    search_fields = [
        "application__applicant__email",
        "application__applicant__last_name",
        "preceptor__user__last_name",
        "eras_letter_id",
        "specialty",
    ]
    date_hierarchy = "created_at"
    fields = [
        "application",
        "preceptor",
        "rotation_request",
        "eras_letter_id",
        "specialty",
        "due_date",
        "waived",
        "status",
        "decline_message",
        "letter_link",
        "letter_source",
        "letter_size",
        "letter_sha256",
        "created_at",
        "responded_at",
        "written_at",
        "uploaded_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("letter"))
    def letter_link(self, obj):
        if not obj.letter:
            return "—"
        url = reverse("admin:preceptors_letterrequest_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download (PDF)"))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="preceptors_letterrequest_letter",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, object_id):
        """The letter's PDF, for staff who may see letter requests (a download)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        letter_request = self.get_object(request, unquote(object_id))
        if letter_request is None:
            raise Http404(gettext("No such letter."))
        return letter_file_response(letter_request)

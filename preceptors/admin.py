from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.audit.admin import AuditHistoryMixin

from .errors import PreceptorError
from .models import Preceptor
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

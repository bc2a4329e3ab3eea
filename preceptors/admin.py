from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse

from .models import Preceptor


@admin.register(Preceptor)
class PreceptorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "affiliation", "active", "may_view_documents"]
    list_filter = ["active", "may_view_documents", "specialties"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "affiliation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["specialties"]
    actions = ["create_rotation_series"]

    @admin.action(description="Create 4-week rotation blocks for the selected preceptor")
    def create_rotation_series(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one preceptor.", messages.WARNING)
            return None
        if not request.user.has_perm("rotations.add_rotation"):
            self.message_user(request, "You may not create rotations.", messages.ERROR)
            return None
        url = reverse("admin:rotations_rotation_series")
        return redirect(f"{url}?preceptor={queryset.get().pk}")

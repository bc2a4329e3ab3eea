from django.contrib import admin

from .models import Preceptor


@admin.register(Preceptor)
class PreceptorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "affiliation", "active"]
    list_filter = ["active", "specialties"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "affiliation"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["specialties"]

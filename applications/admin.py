from django.contrib import admin

from .models import ApplicantProfile, Application, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "intake", "status", "submitted_at"]
    list_filter = ["status", "intake"]
    search_fields = ["applicant__email", "applicant__first_name", "applicant__last_name"]
    list_select_related = ["applicant"]
    readonly_fields = ["status", "submitted_at", "created_at", "updated_at"]
    inlines = [StatusChangeInline]
    show_full_result_count = False


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "medical_school", "graduation_year"]
    search_fields = ["user__email", "user__last_name", "medical_school"]
    list_select_related = ["user"]


from . import admin_interviews  # noqa: E402, F401 - registers the interview admin

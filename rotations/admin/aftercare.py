"""Admin of the follow-up after the first day, read-only (the preceptor writes it in the
portal): each started block with its attendance, evaluations and completion, filtered to
who is late; and the evaluations themselves."""

from django.contrib import admin
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ReadOnlyAdminMixin
from hmc_portal.audit.admin import AuditHistoryMixin

from ..aftercare.selectors import FOLLOWED_STATUSES, block_state
from ..enums import EvaluationKind, RequestStatus
from ..models import BlockFollowUp, Evaluation


def late_condition(today) -> Q:
    """A block over (its last day passed) without attendance confirmed through that day or
    without its final evaluation (needs the `has_final` annotation)."""
    return Q(rotation__end_date__lt=today) & (
        Q(attendance__isnull=True)
        | Q(attendance__confirmed_through__lt=F("rotation__end_date"))
        | Q(has_final=False)
    )


class LateFilter(admin.SimpleListFilter):
    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Late: attendance or final evaluation missing")), ("no", _("On time"))]

    def queryset(self, request, queryset):
        condition = late_condition(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(condition)
        if self.value() == "no":
            return queryset.exclude(condition)
        return queryset


@admin.register(BlockFollowUp)
class BlockFollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["observer", "preceptor", "rotation", "attendance_column", "final", "state"]
    list_filter = [LateFilter, "application__status"]
    search_fields = [
        "application__applicant__email",
        "application__applicant__last_name",
        "rotation__preceptor__user__last_name",
    ]
    list_select_related = [
        "application__applicant",
        "rotation__specialty",
        "rotation__preceptor__user",
        "attendance",
    ]
    fields = ["application", "rotation", "status"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(
                status=RequestStatus.CONFIRMED,
                application__status__in=FOLLOWED_STATUSES,
                rotation__start_date__lte=timezone.localdate(),
            )
            .annotate(
                has_final=Exists(
                    Evaluation.objects.filter(
                        rotation_request=OuterRef("pk"), kind=EvaluationKind.FINAL
                    )
                )
            )
            .prefetch_related("evaluations")
            .order_by("rotation__end_date", "pk")
        )

    @admin.display(description=_("observer"), ordering="application__applicant__last_name")
    def observer(self, obj):
        return obj.application.applicant.display_name

    @admin.display(description=_("preceptor"))
    def preceptor(self, obj):
        return obj.rotation.preceptor

    @admin.display(description=_("attendance"))
    def attendance_column(self, obj):
        state = block_state(obj)
        if state.attendance is None:
            return _("not confirmed")
        return _("%(attended)s of %(confirmed)s days, up to %(through)s") % {
            "attended": state.days_attended,
            "confirmed": state.days_confirmed,
            "through": state.attendance.confirmed_through,
        }

    @admin.display(description=_("final evaluation"), boolean=True, ordering="has_final")
    def final(self, obj):
        return obj.has_final

    @admin.display(description=_("state"))
    def state(self, obj):
        state = block_state(obj)
        if state.complete:
            return _("complete")
        if state.late:
            return _("late")
        return _("in progress")


@admin.register(Evaluation)
class EvaluationAdmin(AuditHistoryMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["observer", "kind", "preceptor", "submitted_at", "due_on", "late"]
    list_filter = ["kind"]
    list_select_related = [
        "rotation_request__application__applicant",
        "rotation_request__rotation__preceptor__user",
    ]
    search_fields = [
        "rotation_request__application__applicant__email",
        "rotation_request__application__applicant__last_name",
    ]
    fields = [
        "rotation_request",
        "kind",
        "professionalism",
        "medical_knowledge",
        "communication",
        "us_system",
        "curiosity",
        "strengths",
        "areas_to_grow",
        "submitted_at",
        "submitted_by",
        "due_on",
    ]
    readonly_fields = fields

    @admin.display(
        description=_("observer"),
        ordering="rotation_request__application__applicant__last_name",
    )
    def observer(self, obj):
        return obj.rotation_request.application.applicant.display_name

    @admin.display(description=_("preceptor"))
    def preceptor(self, obj):
        return obj.rotation_request.rotation.preceptor

    @admin.display(description=_("submitted late"), boolean=True)
    def late(self, obj):
        return obj.submitted_late

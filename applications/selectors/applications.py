"""Named reads of applications, already scoped and joined."""

from django.db.models import Prefetch, QuerySet

from hmc_portal.users.models import User

from ..models import Application, StatusChange


def applications_for_user(*, user: User) -> QuerySet[Application]:
    """The applications a user may see: their own, or every one for staff."""
    queryset = Application.objects.select_related("applicant")
    if user.is_staff:
        return queryset
    return queryset.filter(applicant=user)


def current_application(*, user: User) -> Application | None:
    """The applicant's newest application with its status history, or None."""
    return (
        Application.objects.filter(applicant=user)
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at", "pk"))
        )
        .order_by("-created_at")
        .first()
    )

"""Named reads of applications, already scoped and joined."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from hmc_portal.users.models import User

from ..models import Application, Document, StatusChange


def applications_for_user(*, user: User) -> QuerySet[Application]:
    """The applications a user may see: their own, or every one for staff."""
    queryset = Application.objects.select_related("applicant")
    if user.is_staff:
        return queryset
    return queryset.filter(applicant=user)


def application_for_intake(*, user: User, intake: str) -> Application | None:
    """The applicant's application for `intake`, or None when they have not started one."""
    return Application.objects.filter(applicant=user, intake=intake).first()


def current_application(*, user: User, with_history: bool = False) -> Application | None:
    """The applicant's newest application, or None; `with_history` prefetches its status
    history (one more query) for the pages that show the timeline."""
    queryset = Application.objects.filter(applicant=user)
    if with_history:
        queryset = queryset.prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at", "pk"))
        )
    return queryset.order_by("-created_at").first()


def submission_problems(
    *, application: Application, documents: list[Document] | None = None
) -> list[str]:
    """What still stands between a draft and submission, in the applicant's words; [] when
    it can be submitted. Pass `documents` when they are already loaded (an application not
    started yet, unsaved, has none)."""
    from .documents import missing_documents

    return answer_problems(application=application) + [
        _("Document: %(label)s") % {"label": label}
        for label in missing_documents(application=application, documents=documents)
    ]


def answer_problems(*, application: Application) -> list[str]:
    """submission_problems without the documents: the answers (and the verified email) still
    missing."""
    user = application.applicant
    profile = getattr(user, "applicant_profile", None)
    problems = []
    if not user.email_verified:
        problems.append(_("Confirm your email address (use the link we emailed you)"))
    if not (user.first_name and user.last_name and profile and profile.country and profile.phone):
        problems.append(_("Personal details: name, citizenship and phone"))
    if not (
        profile
        and profile.medical_school
        and profile.school_country
        and profile.degree
        and profile.graduation_year
        and profile.ecfmg_status
        and profile.english_test
    ):
        problems.append(
            _(
                "Medical background: school, degree, graduation year, ECFMG status "
                "and English proficiency"
            )
        )
    if application.pk is None or not application.ranked_specialties.exists():
        problems.append(_("Interests: at least one specialty"))
    if not (application.preferred_start and application.career_goals.strip()):
        problems.append(_("Interests: preferred start month and career goals"))
    return problems

"""What every applicant's page (/dashboard/...) shares, whichever app serves it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect


class ApplicantPageMixin(LoginRequiredMixin):
    """Applicants' pages: staff go to admin, preceptors to their portal (as the dashboard)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            return redirect("admin:index")
        if user.is_authenticated and user.role == "preceptor":
            return redirect("preceptors:portal")
        return super().dispatch(request, *args, **kwargs)

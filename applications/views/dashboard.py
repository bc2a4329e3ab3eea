from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from .. import selectors


class DashboardView(LoginRequiredMixin, TemplateView):
    """The applicant's home: status and its history (staff go to admin, preceptors to theirs)."""

    template_name = "applications/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["application"] = selectors.current_application(user=self.request.user)
        return context

from django.views.generic import TemplateView

from hmc_portal.panels import privacy
from hmc_portal.users.pages import ApplicantPageMixin


class PrivacyView(ApplicantPageMixin, TemplateView):
    """/dashboard/privacy/: the panels of hmc_portal.panels.privacy (a copy of the
    applicant's data, the deletion of their account)."""

    template_name = "privacy/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = privacy.render(request=self.request)
        return context

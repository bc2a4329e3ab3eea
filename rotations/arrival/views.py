"""The applicant's help before arrival (/dashboard/support/)."""

from django.views.generic import TemplateView

from applications.selectors import current_application
from hmc_portal.panels import support
from hmc_portal.users.pages import ApplicantPageMixin


class SupportView(ApplicantPageMixin, TemplateView):
    """/dashboard/support/: the panels of hmc_portal.panels.support (the visa invitation
    letter, travel and housing help), each saying what the applicant can do now; before
    there is anything to show, when it opens and what to do first."""

    template_name = "rotations/support.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = current_application(user=self.request.user)
        context["application"] = application
        context["panels"] = (
            support.render(request=self.request, application=application)
            if application is not None
            else []
        )
        return context

"""The applicant's help before arrival (/dashboard/support/)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from applications.selectors import current_application
from hmc_portal.panels import support
from hmc_portal.users.pages import ApplicantPageMixin

from ..enums import SupportKind
from ..errors import SupportError
from .forms import SupportRequestForm
from .panels import BOUND_FORM
from .selectors import confirmed_sites
from .services import not_yet_message, request_support


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


class SupportRequestView(SupportView):
    """POST /dashboard/support/travel/: the applicant asks for travel or housing help
    (rotations.arrival.services.request_support). A refusal shows the support page again
    with the form and the reason (400), storing nothing; GET goes to the page."""

    http_method_names = ["get", "post"]

    def get(self, request, *args, **kwargs):
        return redirect("rotations:support")

    def refuse(self, form):
        setattr(self.request, BOUND_FORM, form)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def post(self, request, *args, **kwargs):
        application = current_application(user=request.user)
        sites = confirmed_sites(application=application) if application else []
        kind = request.POST.get("kind")
        if not sites or kind not in SupportKind.values:
            reason = (
                not_yet_message()
                if not sites
                else _("Choose what you need help with, then fill in its form.")
            )
            messages.error(request, reason)
            return redirect("rotations:support")
        form = SupportRequestForm(request.POST, kind=kind, sites=sites)
        if not form.is_valid():
            return self.refuse(form)
        try:
            request_support(
                application=application, kind=kind, details=form.details(), by=request.user
            )
        except SupportError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error))
            return self.refuse(form)
        messages.success(
            request, _("Your request is with the program office: they answer here and by email.")
        )
        return redirect("rotations:support")

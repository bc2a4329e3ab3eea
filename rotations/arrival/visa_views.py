"""The visa invitation letter's request and download (the letter's panel is on
/dashboard/support/, rotations.arrival.visa_panels)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from applications.selectors import current_application
from hmc_portal.issuance.responses import issued_document_response
from hmc_portal.panels import support
from hmc_portal.users.pages import ApplicantPageMixin

from ..enums import VisaLetterStatus
from ..errors import VisaLetterError
from ..models import VisaLetterRequest
from .views import SupportView
from .visa_forms import VisaLetterRequestForm
from .visa_services import request_visa_letter


class VisaLetterRequestView(SupportView):
    """POST /dashboard/support/visa-letter/: ask for the letter. Bad input: the support
    page again with the form's errors (400); not eligible, or a request open already: the
    reasons as a message, nothing stored."""

    http_method_names = ["post"]

    def post(self, request):
        application = current_application(user=request.user)
        if application is None:
            messages.error(request, _("Apply first: the letter follows a confirmed placement."))
            return redirect("rotations:support")
        form = VisaLetterRequestForm(request.POST)
        if not form.is_valid():
            context = self.get_context_data()
            context["panels"] = support.render(
                request=request, application=application, visa_letter_form=form
            )
            return self.render_to_response(context, status=400)
        try:
            request_visa_letter(application=application, details=form.details(), by=request.user)
        except VisaLetterError as error:
            messages.error(request, str(error))
            return redirect("rotations:support")
        messages.success(
            request,
            _(
                "Your request is with the program office. We email you the letter once it is "
                "approved."
            ),
        )
        return redirect("rotations:support")


class VisaLetterDownloadView(ApplicantPageMixin, View):
    """GET /dashboard/support/visa-letter/letter.pdf: the applicant's current letter; a 404
    without an issued one (nobody else's letter is reachable here)."""

    def get(self, request):
        visa_request = (
            VisaLetterRequest.objects.filter(
                application__applicant=request.user, status=VisaLetterStatus.ISSUED
            )
            .select_related("letter")
            .first()
        )
        if visa_request is None:
            raise Http404
        return issued_document_response(visa_request.letter)

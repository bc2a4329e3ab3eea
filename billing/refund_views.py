"""The applicant's refunds page: their refunds and credit notes, the blocks the program
cancelled (keep the refund, or choose a replacement block instead), the payments kept for
replacement blocks, and the visa refusal letter that asks for a full refund (or postponing
to a later intake)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from applications.selectors import current_application
from hmc_portal.issuance.responses import issued_document_response
from hmc_portal.users.pages import ApplicantPageMixin

from . import replacements, selectors, services
from .enums import VisaRefusalStatus
from .errors import BillingError
from .forms import VisaRefusalForm
from .money import format_money


def may_send_visa_refusal(application) -> bool:
    """An application with an invoice, and no letter waiting for the program office."""
    return (
        application is not None
        and application.invoices.exists()
        and not application.visa_refusals.filter(status=VisaRefusalStatus.PENDING).exists()
    )


class RefundsView(ApplicantPageMixin, TemplateView):
    """/dashboard/payments/refunds/: each refund with the amount, why, where it stands and
    its credit note; the visa refusal letter (upload, and the answer)."""

    template_name = "billing/refunds.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        application = current_application(user=self.request.user)
        context.update(
            refunds=list(selectors.refunds_of(self.request.user)),
            visa_refusals=list(selectors.visa_refusals_of(self.request.user)),
            can_send_refusal=may_send_visa_refusal(application),
            replacement_choices=replacements.replacement_choices(application=application),
            carried=list(replacements.carried_of(self.request.user)),
            form=form or VisaRefusalForm(),
        )
        return context


class VisaRefusalView(RefundsView):
    """POST: the visa refusal letter of the applicant's current application."""

    http_method_names = ["post"]

    def post(self, request):
        application = current_application(user=request.user)
        if not may_send_visa_refusal(application):
            messages.error(request, gettext("There is nothing to send a refusal letter for."))
            return redirect("billing:refunds")
        form = VisaRefusalForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.submit_visa_refusal(
                    application=application,
                    upload=form.cleaned_data["file"],
                    choice=form.cleaned_data["choice"],
                    by=request.user,
                )
            except BillingError as error:
                form.add_error("file", str(error))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            gettext(
                "Thank you. The program office checks your letter and emails you; the refund "
                "or the new dates follow from there."
            ),
        )
        return redirect("billing:refunds")


class ChooseReplacementView(ApplicantPageMixin, View):
    """POST: the applicant chooses a replacement block instead of the refund of a block the
    program cancelled (their own request; anyone else's is a 404)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        rotation_request = replacements.rotation_request_of(request.user, pk)
        if rotation_request is None:
            raise Http404
        try:
            carried = services.choose_replacement(
                rotation_request=rotation_request, by=request.user
            )
        except BillingError as error:
            messages.error(request, str(error))
            return redirect("billing:refunds")
        if carried.amount:
            message = gettext(
                "Done: the %(amount)s you paid for %(block)s is kept for your replacement "
                "block. Choose it on your rotations page."
            ) % {
                "amount": format_money(carried.amount, carried.currency),
                "block": rotation_request.rotation,
            }
        else:
            message = gettext(
                "Done: choose your replacement block for %(block)s on your rotations page."
            ) % {"block": rotation_request.rotation}
        messages.success(request, message)
        return redirect("billing:refunds")


class CreditNotePDFView(ApplicantPageMixin, View):
    """The credit note of the applicant's own refund as a PDF; anyone else's is a 404."""

    def get(self, request, pk):
        refund = selectors.refund_of(request.user, pk)
        if refund is None or refund.credit_note is None:
            raise Http404
        return issued_document_response(refund.credit_note)

"""The public pricing page; the applicant's payments page and their PDFs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.dates import written
from hmc_portal.issuance.responses import issued_document_response
from hmc_portal.users.pages import ApplicantPageMixin

from . import replacements, selectors, services, statements
from .errors import BillingError
from .forms import DeclareWireForm
from .models import local_today
from .providers.manual import wire_instructions


class PricingView(TemplateView):
    """/pricing/: the fee schedule in force today (or, before any applies, the first one
    published), the next version if one is published, a worked example computed from the
    real prices, and the refund rules in words. An honest empty state without a schedule."""

    template_name = "billing/pricing.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = local_today()
        schedule = selectors.schedule_in_force(on=today)
        upcoming = selectors.next_schedule(after=today)
        if schedule is None:
            # Nothing applies yet: the first published version is the one to read.
            schedule, upcoming = upcoming, None
        context.update(
            schedule=schedule,
            upcoming=upcoming,
            in_force=schedule is not None and schedule.is_locked(today),
            example=(
                selectors.pricing_example(schedule=schedule, today=today) if schedule else None
            ),
        )
        return context


class PaymentsView(ApplicantPageMixin, TemplateView):
    """/dashboard/payments/: what the applicant owes and paid, each invoice and receipt as
    a PDF, when each is due, and the next action (the wire instructions and "I have sent a
    wire transfer"; a card payment when a card provider is available). Before any invoice:
    when one comes and a link to the fees."""

    template_name = "billing/payments.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        statement = statements.statement_for(self.request.user)
        context.update(
            statement=statement,
            providers=statements.payment_options(),
            wire_instructions=wire_instructions(),
            hold_days=settings.BILLING_WIRE_HOLD_DAYS,
            deposit_due_days=settings.BILLING_DEPOSIT_DUE_DAYS,
            schedule=selectors.schedule_in_force(),
            declare_form=DeclareWireForm(),
            carried=list(replacements.carried_of(self.request.user)),
        )
        return context


class InvoicePDFView(LoginRequiredMixin, View):
    """The applicant's own invoice as a PDF; anyone else's is a 404."""

    def get(self, request, pk):
        invoice = statements.invoice_of(request.user, pk)
        if invoice is None or invoice.issued_document is None:
            raise Http404
        return issued_document_response(invoice.issued_document)


class ReceiptPDFView(LoginRequiredMixin, View):
    """The receipt of the applicant's own payment as a PDF; anyone else's is a 404."""

    def get(self, request, pk):
        payment = statements.payment_of(request.user, pk)
        if payment is None or payment.receipt is None:
            raise Http404
        return issued_document_response(payment.receipt)


class InvoiceCreditPDFView(LoginRequiredMixin, View):
    """The credit note of a credit on the applicant's own invoice (a cancelled block taken
    off it) as a PDF; anyone else's is a 404."""

    def get(self, request, pk):
        credit = statements.invoice_credit_of(request.user, pk)
        if credit is None or credit.credit_note is None:
            raise Http404
        return issued_document_response(credit.credit_note)


class DeclareWireView(LoginRequiredMixin, View):
    """POST: "I have sent a wire transfer" for the applicant's own open invoice."""

    http_method_names = ["post"]

    def post(self, request, pk):
        invoice = statements.invoice_of(request.user, pk)
        if invoice is None:
            raise Http404
        form = DeclareWireForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("reference", []):
                messages.error(request, error)
            return redirect("billing:payments")
        try:
            declaration = services.declare_wire(
                invoice=invoice, by=request.user, reference=form.cleaned_data["reference"]
            )
        except BillingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext(
                    "Thank you. Your places are held until %(date)s while we wait for the "
                    "transfer; we will email your receipt when it arrives."
                )
                % {"date": written(declaration.holds_until, "date")},
            )
        return redirect("billing:payments")

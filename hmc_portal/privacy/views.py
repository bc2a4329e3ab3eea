from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.panels import privacy
from hmc_portal.users.pages import ApplicantPageMixin

from .errors import ErasureError, WrongPassword
from .forms import DeleteAccountForm
from .services.erasure import cancel_erasure, request_erasure


class PrivacyView(ApplicantPageMixin, TemplateView):
    """/dashboard/privacy/: the panels of hmc_portal.panels.privacy (a copy of the
    applicant's data, the deletion of their account)."""

    template_name = "privacy/page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = privacy.render(request=self.request)
        return context


class DeleteAccountView(ApplicantPageMixin, View):
    """POST /dashboard/privacy/delete/: the applicant's password and confirmation schedule
    the erasure of their account. A wrong password or a blocker: the page again with the
    form's error (400), nothing stored."""

    def post(self, request):
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                erasure = request_erasure(user=request.user, password=form.cleaned_data["password"])
            except ErasureError as error:
                form.add_error("password" if isinstance(error, WrongPassword) else None, str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Your account will be deleted after %(days)s days. We have emailed you "
                        "the date; signing in before then keeps it."
                    )
                    % {"days": (erasure.erase_after - erasure.requested_at).days},
                )
                return redirect("privacy:page")
        # The erasure panel shows this bound form, with its errors (panels.erasure_context).
        request.erasure_form = form
        return render(
            request,
            "privacy/page.html",
            {"panels": privacy.render(request=request)},
            status=400,
        )


class CancelDeletionView(ApplicantPageMixin, View):
    """POST /dashboard/privacy/delete/cancel/: keep the account (the waiting erasure is
    cancelled and the applicant emailed)."""

    def post(self, request):
        if cancel_erasure(user=request.user, by=request.user) is None:
            messages.info(request, gettext("Your account is not scheduled for deletion."))
        else:
            messages.success(
                request,
                gettext("Your account will not be deleted. We have emailed you to confirm."),
            )
        return redirect("privacy:page")

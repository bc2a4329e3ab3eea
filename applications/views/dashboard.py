from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.panels import dashboard as dashboard_panels

from .. import permissions, selectors, services
from ..enums import ApplicationStatus
from ..forms import WithdrawForm
from ..selectors.interviews import interview_panel
from .document_rows import upload_context

NEXT_STEPS = {
    ApplicationStatus.DRAFT: _(
        "Finish the steps of your application and submit it. Your "
        "answers are saved as a draft; you can come back any time."
    ),
    ApplicationStatus.SUBMITTED: _(
        "We have your application. The program office will start "
        "reviewing it, usually within a week, and will email you."
    ),
    ApplicationStatus.UNDER_REVIEW: _(
        "The program office is reviewing your application and "
        "documents. If a document needs to be replaced, you will see why here and by email."
    ),
    ApplicationStatus.INTERVIEW: _(
        "You are invited to a short virtual interview. Its time, in "
        "your time zone, and the link to join appear here as soon as it is scheduled."
    ),
    ApplicationStatus.WAITLISTED: _(
        "You are on the waiting list. We will write to you as soon as a place opens."
    ),
    ApplicationStatus.ACCEPTED: _(
        "Congratulations, you have an offer. Accept or decline it before its deadline."
    ),
    ApplicationStatus.CONFIRMED: _(
        "You accepted your offer. Choose your rotations; each preceptor confirms your place."
    ),
    ApplicationStatus.ENROLLED: _(
        "You are enrolled. Prepare your visa and travel; we will "
        "remind you a week before your first day."
    ),
    ApplicationStatus.COMPLETED: _(
        "You completed your observership. You can ask your "
        "preceptors for letters of recommendation."
    ),
    ApplicationStatus.REJECTED: _(
        "We could not offer you a place this time. You are welcome to apply for a later intake."
    ),
    ApplicationStatus.DECLINED: _("You declined the offer. You are welcome to apply again."),
    ApplicationStatus.EXPIRED: _(
        "The offer expired before it was accepted. Write to the "
        "program office if you are still interested."
    ),
    ApplicationStatus.WITHDRAWN: _(
        "You withdrew this application. You are welcome to apply for a later intake."
    ),
}


class DashboardView(LoginRequiredMixin, TemplateView):
    """The applicant's home: status, history, next step, documents, possible actions."""

    template_name = "applications/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff:
            return redirect("admin:index")
        if request.user.role == "preceptor":
            return redirect("preceptors:portal")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = selectors.current_application(user=user, with_history=True)
        context["application"] = application
        if application is not None:
            documents = list(application.documents.order_by("uploaded_at", "pk"))
            checklist = selectors.document_checklist(application=application, documents=documents)
            # The documents card: each missing or rejected row has its own Upload button.
            context.update(upload_context(user=user, application=application, documents=documents))
            context["upload_rows"] = any(
                row.upload_url
                for row in context["rows"]
                if row.item.required or row.item.documents  # the rows the card shows
            )
            context.update(
                next_step=NEXT_STEPS[application.status],
                checklist=checklist,
                missing=[item for item in checklist if item.required and not item.satisfied],
                rejected=[d for d in documents if d.status == "rejected"],
                can_edit=permissions.can_edit_application(user, application),
                can_withdraw=permissions.can_withdraw(user, application),
            )
            # Interviews and the offer (templates/applications/_interview_card.html,
            # _offer_card.html).
            context.update(
                interview_panel=interview_panel(application=application),
                can_pick_slot=permissions.can_pick_interview_slot(user, application),
                can_respond_to_offer=permissions.can_respond_to_offer(user, application),
            )
            # What the apps above add (rotation choices, ...): hmc_portal.panels.
            context["panels"] = dashboard_panels.render(
                request=self.request, application=application
            )
        return context


class WithdrawView(LoginRequiredMixin, View):
    """Confirm, with a reason, then withdraw the applicant's current application."""

    def get_application(self):
        application = selectors.current_application(user=self.request.user)
        if application is None or not permissions.can_withdraw(self.request.user, application):
            return None
        return application

    def render_form(self, application, form, status=200):
        return render(
            self.request,
            "applications/withdraw.html",
            {"application": application, "form": form},
            status=status,
        )

    def get(self, request):
        application = self.get_application()
        if application is None:
            messages.info(request, gettext("There is no application you can withdraw."))
            return redirect("applications:dashboard")
        return self.render_form(application, WithdrawForm())

    def post(self, request):
        application = self.get_application()
        if application is None:
            messages.info(request, gettext("There is no application you can withdraw."))
            return redirect("applications:dashboard")
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return self.render_form(application, form, status=400)
        try:
            services.withdraw_application(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
            return self.render_form(application, form, status=400)
        messages.success(
            request, gettext("Your application was withdrawn. We have emailed you a confirmation.")
        )
        return redirect("applications:dashboard")

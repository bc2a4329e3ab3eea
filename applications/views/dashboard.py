from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from hmc_portal.panels import before_cancelling
from hmc_portal.panels import dashboard as dashboard_panels
from hmc_portal.panels import no_application as no_application_panels

from .. import permissions, selectors, services
from ..forms import WithdrawForm
from ..selectors.interviews import interview_panel
from ..selectors.next_step import next_step, road_ahead
from .document_rows import upload_context


class DashboardView(LoginRequiredMixin, TemplateView):
    """The applicant's home: status, history, next step, documents, possible actions."""

    template_name = "applications/dashboard.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_staff:
            return redirect("admin:index")
        self.application = selectors.current_application(user=request.user, with_history=True)
        # Someone with an application sees it; the preceptor profile is looked up only for
        # someone without one.
        if self.application is None and request.user.role == "preceptor":
            return redirect("preceptors:portal")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        application = self.application
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
            interviews = interview_panel(application=application)
            # One answer for "What happens next", the badge and the main button
            # (applications.selectors.next_step; the emails use it too).
            context.update(
                next_step=next_step(
                    application=application,
                    documents=documents,
                    interviews=interviews,
                    shared=True,
                ),
                road=road_ahead(application=application),
                checklist=checklist,
                missing=[item for item in checklist if item.required and not item.satisfied],
                rejected=[d for d in documents if d.status == "rejected"],
                can_edit=permissions.can_edit_application(user, application),
                can_withdraw=permissions.can_withdraw(user, application),
            )
            # Interviews and the offer (templates/applications/_interview_card.html,
            # _offer_card.html).
            context.update(
                interview_panel=interviews,
                can_pick_slot=permissions.can_pick_interview_slot(user, application),
                can_respond_to_offer=permissions.can_respond_to_offer(user, application),
            )
            # What the apps above add (rotation choices, ...): hmc_portal.panels.
            context["panels"] = dashboard_panels.render(
                request=self.request, application=application
            )
        else:
            # What the apps above show someone without an application (hmc_portal.panels).
            context["panels"] = no_application_panels.render(request=self.request)
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
            {
                "application": application,
                "form": form,
                # What the apps above say before leaving (the refund): hmc_portal.panels.
                "panels": before_cancelling.render(
                    request=self.request, application=application, rotation_request=None
                ),
            },
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

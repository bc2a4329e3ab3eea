"""The applicant's interview and offer actions on the dashboard: download the calendar file,
pick an offered time, accept or decline an offer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hmc_portal.dates import written

from .. import calendar, permissions, selectors, services
from ..enums import ApplicationStatus, InterviewStatus
from ..forms import DeclineOfferForm, PickSlotForm
from ..selectors.interviews import interview_slots_for_user, interviews_for_user


def _when(value) -> str:
    local = timezone.localtime(value)
    return _("%(date)s at %(time)s (%(zone)s)") % {
        "date": written(local, "date"),
        "time": written(local, "time"),
        "zone": timezone.get_current_timezone_name(),
    }


class InterviewCalendarView(LoginRequiredMixin, View):
    """The interview as an .ics file to add to a calendar (owner or staff; else 404)."""

    def get(self, request, pk: int):
        interview = get_object_or_404(interviews_for_user(user=request.user), pk=pk)
        method = (
            calendar.CANCEL if interview.status == InterviewStatus.CANCELLED else calendar.PUBLISH
        )
        response = HttpResponse(
            calendar.interview_ics(interview, method=method),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="interview.ics"'
        return response


class PickSlotView(LoginRequiredMixin, View):
    """Book one of the offered interview times (someone else's slot is a 404)."""

    http_method_names = ["post"]

    def post(self, request):
        form = PickSlotForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose one of the times offered."))
            return redirect("applications:dashboard")
        slot = get_object_or_404(
            interview_slots_for_user(user=request.user).filter(application__applicant=request.user),
            pk=form.cleaned_data["slot"],
        )
        try:
            interview = services.pick_interview_slot(slot=slot, by=request.user)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("applications:dashboard")
        messages.success(
            request,
            _(
                "Your interview is booked for %(when)s. We have emailed you "
                "the invitation with a calendar file."
            )
            % {"when": _when(interview.starts_at)},
        )
        return redirect("applications:dashboard")


def _offer_application(request):
    """The applicant's current application if it holds an offer (answering it after its
    deadline is refused by the service, with the reason)."""
    application = selectors.current_application(user=request.user)
    if application is None or application.status != ApplicationStatus.ACCEPTED:
        return None
    return application


NO_OFFER = gettext_lazy("There is no offer to answer.")


class AcceptOfferView(LoginRequiredMixin, View):
    """Accept the offer: the place is the applicant's, rotations can be chosen next."""

    http_method_names = ["post"]

    def post(self, request):
        application = _offer_application(request)
        if application is None:
            messages.error(request, NO_OFFER)
            return redirect("applications:dashboard")
        try:
            services.respond_to_offer(application=application, by=request.user, accept=True)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("applications:dashboard")
        messages.success(
            request, _("You accepted your offer. Welcome! We have emailed you what comes next.")
        )
        return redirect("applications:dashboard")


class DeclineOfferView(LoginRequiredMixin, View):
    """Confirm, with an optional reason, then decline the offer."""

    def render_form(self, application, form, status=200):
        return render(
            self.request,
            "applications/offer_decline.html",
            {"application": application, "form": form},
            status=status,
        )

    def get(self, request):
        application = _offer_application(request)
        if application is None:
            messages.error(request, NO_OFFER)
            return redirect("applications:dashboard")
        if not permissions.can_respond_to_offer(request.user, application):
            messages.error(request, _("The deadline to answer this offer has passed."))
            return redirect("applications:dashboard")
        return self.render_form(application, DeclineOfferForm())

    def post(self, request):
        application = _offer_application(request)
        if application is None:
            messages.error(request, NO_OFFER)
            return redirect("applications:dashboard")
        form = DeclineOfferForm(request.POST)
        if not form.is_valid():
            return self.render_form(application, form, status=400)
        try:
            services.respond_to_offer(
                application=application,
                by=request.user,
                accept=False,
                reason=form.cleaned_data["reason"],
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_form(application, form, status=400)
        messages.success(request, _("You declined the offer. We have emailed you a confirmation."))
        return redirect("applications:dashboard")

"""The applicant's interview and offer actions on the dashboard: download the calendar file,
pick an offered time (and confirm it), ask for another time, accept or decline an offer."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from hmc_portal.dates import written

from .. import calendar, permissions, selectors, services
from ..enums import ApplicationStatus, InterviewStatus
from ..forms import DeclineOfferForm, InterviewTimeRequestForm, PickSlotForm
from ..selectors.interviews import (
    interview_panel,
    interview_slots_for_user,
    interviews_for_user,
    slot_is_open,
)

NO_LONGER_AVAILABLE = gettext_lazy(
    "This time is no longer available. Choose another one, or write to the program office."
)


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


def _back_to_the_card() -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("applications:dashboard") + "#interview-title")


def _booking_question(starts_at) -> str:
    """The confirmation's question, in the applicant's zone (the active one) and the
    program's: "Book Friday 4 December 2026, 16:30 your time (17:30 Houston time)?"."""
    local = timezone.localtime(starts_at)
    program = timezone.localtime(starts_at, zoneinfo.ZoneInfo(settings.PROGRAM_TIME_ZONE))
    values = {"date": written(local, "date"), "time": written(local, "time")}
    if local.utcoffset() == program.utcoffset():
        return _("Book %(date)s, %(time)s Houston time?") % values
    with timezone.override(program.tzinfo):
        values.update(program_date=written(program, "date"), program_time=written(program, "time"))
    if local.date() == program.date():
        return _("Book %(date)s, %(time)s your time (%(program_time)s Houston time)?") % values
    return (
        _("Book %(date)s, %(time)s your time (%(program_date)s, %(program_time)s Houston time)?")
        % values
    )


class PickSlotView(LoginRequiredMixin, View):
    """Book one of the offered interview times in two steps: the dashboard's slot cards send
    the chosen one here (GET), which asks for confirmation; Book posts it back, and only then
    is it booked. Someone else's slot is a 404."""

    def _slot(self, request, data):
        form = PickSlotForm(data)
        if not form.is_valid():
            return None
        return get_object_or_404(
            interview_slots_for_user(user=request.user)
            .filter(application__applicant=request.user)
            .select_related("interviewer"),
            pk=form.cleaned_data["slot"],
        )

    def get(self, request):
        slot = self._slot(request, request.GET)
        if slot is None:
            messages.error(request, _("Choose one of the times offered."))
            return _back_to_the_card()
        if not slot_is_open(slot=slot):
            messages.error(request, NO_LONGER_AVAILABLE)
            return _back_to_the_card()
        return render(
            request,
            "applications/interview_confirm.html",
            {"slot": slot, "question": _booking_question(slot.starts_at)},
        )

    def post(self, request):
        slot = self._slot(request, request.POST)
        if slot is None:
            messages.error(request, _("Choose one of the times offered."))
            return _back_to_the_card()
        try:
            interview = services.pick_interview_slot(slot=slot, by=request.user)
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return _back_to_the_card()
        messages.success(
            request,
            _(
                "Your interview is booked for %(when)s. We have emailed you "
                "the invitation with a calendar file."
            )
            % {"when": _when(interview.starts_at)},
        )
        return redirect("applications:dashboard")


class RequestInterviewTimeView(LoginRequiredMixin, View):
    """None of the times suits the applicant: they write when they are available, and the
    program office receives it by email (reply goes to the applicant)."""

    def _application(self, request):
        application = selectors.current_application(user=request.user)
        if application is None or not permissions.can_request_interview_time(
            request.user, application
        ):
            messages.info(request, _("There is no interview to ask another time for."))
            return None
        return application

    def _render(self, request, application, form, status=200):
        panel = interview_panel(application=application)
        return render(
            request,
            "applications/interview_request_time.html",
            {"application": application, "form": form, "panel": panel},
            status=status,
        )

    def get(self, request):
        application = self._application(request)
        if application is None:
            return redirect("applications:dashboard")
        return self._render(request, application, InterviewTimeRequestForm())

    def post(self, request):
        application = self._application(request)
        if application is None:
            return redirect("applications:dashboard")
        form = InterviewTimeRequestForm(request.POST)
        if not form.is_valid():
            return self._render(request, application, form, status=400)
        try:
            services.request_interview_time(
                application=application,
                by=request.user,
                availability=form.cleaned_data["availability"],
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self._render(request, application, form, status=400)
        messages.success(
            request,
            _(
                "We sent your availability to the program office. A coordinator will reply "
                "by email to %(email)s, with new times to choose from or a confirmed time."
            )
            % {"email": request.user.email},
        )
        panel = interview_panel(application=application)
        if panel.upcoming is not None:
            messages.info(
                request,
                _("Your interview stays booked for %(when)s until the program office moves it.")
                % {"when": _when(panel.upcoming.starts_at)},
            )
        elif panel.open_slots:
            messages.info(request, _("Until then, you can still choose one of the times offered."))
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

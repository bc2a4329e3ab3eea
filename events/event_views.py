"""The events pages: the list with live places left, one event with Register / Cancel, the
availability JSON and the registered person's calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from hmc_portal.ids import TooManyIds, parse_ids

from . import event_calendar
from .enums import RegistrationStatus
from .event_forms import CancelRegistrationForm, EventFilterForm, RegisterForm
from .models import Registration
from .selectors import events as selectors
from .services import events as services


class EventListView(View):
    """/events/: upcoming events (filtered by kind and format) with places left, past below."""

    def get(self, request):
        form = EventFilterForm(request.GET or None)
        upcoming = list(selectors.upcoming_events(**form.filters()))
        mine = selectors.registrations_by_event(
            user=request.user, event_ids=[event.pk for event in upcoming]
        )
        for event in upcoming:
            event.my_registration = mine.get(event.pk)
        return render(
            request,
            "events/event_list.html",
            {
                "filter_form": form,
                "filtered": bool(form.filters() and any(form.filters().values())),
                "events": upcoming,
                "past_events": selectors.past_events(),
            },
        )


class EventDetailView(View):
    """/events/<id>/: one published event, its speakers, and Register or Cancel."""

    def get(self, request, pk: int):
        event = get_object_or_404(selectors.published_events(), pk=pk)
        registration = (
            selectors.registration_for(user=request.user, event=event)
            if request.user.is_authenticated
            else None
        )
        problem = (
            services.registration_problem(event=event, user=request.user)
            if request.user.is_authenticated and registration is None
            else ""
        )
        return render(
            request,
            "events/event_detail.html",
            {
                "event": event,
                "registration": registration,
                "problem": problem,
                "show_join_link": selectors.join_link_visible(
                    event=event, registration=registration
                ),
                "register_form": RegisterForm(),
                "cancel_form": CancelRegistrationForm(),
                "RegistrationStatus": RegistrationStatus,
            },
        )


class RegisterView(LoginRequiredMixin, View):
    """POST /events/<id>/register/: a place, or a place on the waiting list."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        event = get_object_or_404(selectors.published_events(), pk=pk)
        try:
            registration = services.register_for_event(event=event, user=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            if registration.status == RegistrationStatus.REGISTERED:
                messages.success(
                    request,
                    _("You are registered. The calendar invitation is on its way by email."),
                )
            else:
                messages.info(
                    request,
                    _(
                        "The event is full: you are on its waiting list. "
                        "We email you if a place frees up."
                    ),
                )
        return redirect("events:detail", pk=event.pk)


class CancelRegistrationView(LoginRequiredMixin, View):
    """POST /events/<id>/cancel/: give the place back (the next in line gets it)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        event = get_object_or_404(selectors.published_events(), pk=pk)
        registration = get_object_or_404(
            Registration.objects.filter(user=request.user, event=event).exclude(
                status=RegistrationStatus.CANCELLED
            )
        )
        try:
            services.cancel_registration(registration=registration, by=request.user)
        except services.EventError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration is cancelled."))
        return redirect("events:detail", pk=event.pk)


class EventCalendarView(LoginRequiredMixin, View):
    """/events/<id>/event.ics: the event for the registered person's calendar (else 404)."""

    def get(self, request, pk: int):
        registration = get_object_or_404(
            Registration.objects.select_related("event", "user").filter(
                user=request.user,
                event__published=True,
                status=RegistrationStatus.REGISTERED,
            ),
            event_id=pk,
        )
        response = HttpResponse(
            event_calendar.event_ics(registration, method=event_calendar.REQUEST),
            content_type="text/calendar; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="event.ics"'
        return response


@never_cache
def availability(request):
    """JSON {event id: places left} for ?ids=1,2,3: the pages refresh their counts."""
    try:
        ids = parse_ids(request.GET.get("ids", ""))
    except TooManyIds:
        return JsonResponse({"error": _("Too many ids.")}, status=400)
    places = selectors.places_left(event_ids=ids)
    return JsonResponse({"free_places": {str(pk): free for pk, free in places.items()}})

"""The public catalogue, live availability, and the applicant's choice of rotations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from applications.selectors import current_application
from hmc_portal.ids import TooManyIds, parse_id, parse_ids

from . import permissions, selectors, services
from .enums import RequestStatus
from .forms import CancelRequestForm, CatalogueFilterForm, ChooseRotationsForm, FinishPlacementForm
from .models import RotationRequest


class RotationListView(ListView):
    """/rotations/: upcoming published blocks with free places, filtered, paginated."""

    template_name = "rotations/rotation_list.html"
    context_object_name = "rotations"

    def get_paginate_by(self, queryset):
        return settings.ROTATIONS_PER_PAGE

    def get_filter_form(self) -> CatalogueFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = CatalogueFilterForm(
                self.request.GET or None,
                specialties=selectors.catalogue_specialties(),
                sites=selectors.catalogue_sites(),
                months=selectors.catalogue_months(),
            )
        return self._filter_form

    def get_queryset(self):
        return selectors.catalogue_rotations(**self.get_filter_form().filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        application = (
            current_application(user=self.request.user)
            if self.request.user.is_authenticated
            else None
        )
        context.update(
            filter_form=self.get_filter_form(),
            filter_query=query.urlencode(),
            can_choose=permissions.can_choose_rotations(self.request.user, application),
        )
        return context


class RotationDetailView(DetailView):
    """/rotations/<pk>/: one block; an applicant who may choose gets a link to ask for it."""

    template_name = "rotations/rotation_detail.html"
    context_object_name = "rotation"

    def get_queryset(self):
        return selectors.public_rotations()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = (
            current_application(user=self.request.user)
            if self.request.user.is_authenticated
            else None
        )
        context["can_choose"] = (
            permissions.can_choose_rotations(self.request.user, application)
            and self.object.start_date > timezone.localdate()
        )
        context["date_range"] = selectors.date_range(self.object)
        return context


@never_cache
def availability(request):
    """JSON {rotation id: free places} for ?ids=1,2,3: the pages refresh their counts."""
    try:
        ids = parse_ids(request.GET.get("ids", ""))
    except TooManyIds:
        return JsonResponse({"error": _("Too many ids.")}, status=400)
    places = selectors.free_places(rotation_ids=ids)
    return JsonResponse({"free_places": {str(pk): free for pk, free in places.items()}})


class ChooseRotationsView(LoginRequiredMixin, View):
    """/dashboard/rotations/: the applicant's choices with their answers, and once the offer
    is accepted, the ranked choice of more (up to MAX_ROTATION_CHOICES)."""

    def get_application(self):
        return current_application(user=self.request.user)

    def get_requests(self, application) -> list[RotationRequest]:
        """Every request of the application, read once per request-response."""
        return list(selectors.requests_for_application(application_id=application.pk))

    def build_form(self, application, requests, data=None):
        active = [r for r in requests if r.is_active]
        slots = settings.MAX_ROTATION_CHOICES - len(active)
        if slots <= 0 or not permissions.can_choose_rotations(self.request.user, application):
            return None
        initial = {}
        preselect = parse_id(self.request.GET.get("rotation"))
        if preselect is not None:
            initial["choice_1"] = preselect
        return ChooseRotationsForm(
            data,
            initial=initial,
            rotations=selectors.choosable_rotations(application_id=application.pk),
            slots=slots,
            first_rank=max((r.rank for r in active), default=0) + 1,
        )

    def render_page(self, application, requests, form, status=200):
        active = [r for r in requests if r.is_active]
        user = self.request.user
        can_choose = permissions.can_choose_rotations(user, application)
        context = {
            "application": application,
            "requests": requests,
            "cancellable": {r.pk for r in requests if permissions.can_cancel_request(user, r)},
            "form": form,
            # The form's own options (one query for the form and this table).
            "open_rotations": form.rotation_options[:50] if form is not None else [],
            "max_choices": settings.MAX_ROTATION_CHOICES,
            "can_choose": can_choose,
            # What finish_placement accepts: at least one choice, every one confirmed.
            "can_finish": (
                can_choose
                and bool(active)
                and all(r.status == RequestStatus.CONFIRMED for r in active)
            ),
            "finish_form": FinishPlacementForm(),
        }
        return render(self.request, "rotations/choose.html", context, status=status)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.is_staff:
            return redirect("admin:rotations_rotation_changelist")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        application = self.get_application()
        if application is None:
            messages.info(request, _("Start an application first; rotations come after the offer."))
            return redirect("applications:dashboard")
        requests = self.get_requests(application)
        return self.render_page(application, requests, self.build_form(application, requests))

    def post(self, request):
        application = self.get_application()
        if application is None or not permissions.can_choose_rotations(request.user, application):
            messages.error(request, _("You cannot choose rotations now."))
            return redirect("applications:dashboard")
        requests = self.get_requests(application)
        form = self.build_form(application, requests, request.POST)
        if form is None:
            messages.error(request, _("You have chosen as many rotations as you can."))
            return redirect("rotations:choose")
        if not form.is_valid():
            return self.render_page(application, requests, form, status=400)
        try:
            created = services.choose_rotations(
                application=application, rotations=form.cleaned_data["rotations"], by=request.user
            )
        except services.PlacementError as error:
            form.add_error(None, str(error))
            return self.render_page(application, requests, form, status=400)
        messages.success(
            request,
            ngettext(
                "%(count)s request sent. Each preceptor confirms by email; you will hear from "
                "us as soon as they answer.",
                "%(count)s requests sent. Each preceptor confirms by email; you will hear from "
                "us as soon as they answer.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("rotations:choose")


class CancelRequestView(LoginRequiredMixin, View):
    """Confirm, then cancel one of the applicant's choices (a confirmed place goes to the
    waiting list)."""

    def get_request(self) -> RotationRequest:
        return get_object_or_404(
            selectors.requests_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )

    def render_form(self, rotation_request, form, status=200):
        return render(
            self.request,
            "rotations/cancel.html",
            {
                "rotation_request": rotation_request,
                "date_range": selectors.date_range(rotation_request.rotation),
                "form": form,
            },
            status=status,
        )

    def refuse(self, request):
        messages.error(request, _("This request can no longer be cancelled here."))
        return redirect("rotations:choose")

    def get(self, request, pk):
        rotation_request = self.get_request()
        if not permissions.can_cancel_request(request.user, rotation_request):
            return self.refuse(request)
        return self.render_form(rotation_request, CancelRequestForm())

    def post(self, request, pk):
        rotation_request = self.get_request()
        if not permissions.can_cancel_request(request.user, rotation_request):
            return self.refuse(request)
        form = CancelRequestForm(request.POST)
        if not form.is_valid():
            return self.render_form(rotation_request, form, status=400)
        try:
            services.cancel_rotation_request(
                rotation_request=rotation_request,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.PlacementError as error:
            form.add_error(None, str(error))
            return self.render_form(rotation_request, form, status=400)
        messages.success(
            request,
            _("Your request for %(rotation)s is cancelled.")
            % {"rotation": rotation_request.rotation},
        )
        return redirect("rotations:choose")


class FinishPlacementView(LoginRequiredMixin, View):
    """Enrol with the rotations confirmed so far (after a decline, when no more are wanted)."""

    def post(self, request):
        application = current_application(user=request.user)
        if application is None or not permissions.can_choose_rotations(request.user, application):
            messages.error(request, _("There is nothing to finish."))
            return redirect("applications:dashboard")
        try:
            services.finish_placement(application=application, by=request.user)
        except services.PlacementError as error:
            messages.error(request, str(error))
            return redirect("rotations:choose")
        messages.success(request, _("You are enrolled. We have emailed you your itinerary."))
        return redirect("applications:dashboard")

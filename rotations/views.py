"""The public catalogue, live availability, and the applicant's choice of rotations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from applications.enums import ApplicationStatus
from applications.selectors import current_application
from hmc_portal import public_cache
from hmc_portal.ids import TooManyIds, parse_ids
from hmc_portal.panels import before_cancelling, rotation_plan

from . import permissions, selectors, services
from .enums import RequestStatus
from .forms import CancelRequestForm, CatalogueFilterForm, FinishPlacementForm, PlanActionForm
from .models import Rotation, RotationRequest
from .offered import offered_page
from .plan import RotationPlan, has_overlaps, rotation_cards, timeline


@method_decorator(
    public_cache.cache_public_page(("specialty", "month", "site", "free", "page")),
    name="dispatch",
)
class RotationListView(ListView):
    """/rotations/: upcoming published blocks with free places, filtered, paginated. An
    anonymous visitor's page, and for anyone the list of blocks, come from the cache while
    nothing they show changed (hmc_portal/public_cache.py)."""

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
            cache_key=public_cache.fragment_key(),
            cache_seconds=settings.PUBLIC_FRAGMENT_CACHE_SECONDS,
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
        # Offered to this applicant: open, not chosen, not too soon for their visa.
        context["can_choose"] = (
            permissions.can_choose_rotations(self.request.user, application)
            and selectors.offered_rotations(application=application, show_all=True)
            .filter(pk=self.object.pk)
            .exists()
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
    """/dashboard/rotations/: the applicant's requests with their answers, and once the offer
    is accepted, the open rotations as cards (matching the application, or all with ?all=1),
    a page of ROTATION_CHOICES_PER_PAGE at a time (?page=2), and the plan: the rotations to
    ask for, in order of preference, on a timeline, sent together. Every change of the plan
    is a plain POST to this page, which comes back to the same page of cards."""

    def get_application(self):
        application = current_application(user=self.request.user)
        if application is not None:
            # The applicant is the one signed in: their profile (citizenship) is read once.
            application.applicant = self.request.user
        return application

    def get_requests(self, application) -> list[RotationRequest]:
        """Every request of the application, read once per request-response."""
        return selectors.requests_of(application)

    def get_plan(self, application) -> RotationPlan:
        return RotationPlan(self.request.session, application_id=application.pk)

    def planned_rotations(self, application, plan: RotationPlan) -> list[Rotation]:
        """The plan's rotations in order, after dropping (and saying so) any no longer offered:
        started, unpublished, chosen meanwhile, or now too soon for a visa."""
        ids = plan.ids
        if not ids:
            return []
        offered = selectors.offered_rotations(application=application, show_all=True)
        rotations = offered.in_bulk(ids)
        dropped = plan.keep_only(set(rotations))
        for rotation in Rotation.objects.select_related("specialty").filter(pk__in=dropped):
            messages.info(
                self.request,
                _("%(rotation)s is no longer open to you, so it left your plan.")
                % {"rotation": rotation},
            )
        return [rotations[pk] for pk in plan.ids]

    def slots(self, application, requests) -> int:
        """How many more rotations may be asked for: once enrolled, the replacement blocks."""
        if application.status == ApplicationStatus.ENROLLED:
            return selectors.replacement_slots(application_id=application.pk)
        return settings.MAX_ROTATION_CHOICES - sum(1 for r in requests if r.is_active)

    def render_page(self, application, requests, *, status=200):
        user = self.request.user
        active = [r for r in requests if r.is_active]
        can_choose = permissions.can_choose_rotations(user, application)
        slots = self.slots(application, requests)
        confirmed = application.status == ApplicationStatus.CONFIRMED
        context = {
            "application": application,
            "requests": requests,
            "cancellable": {r.pk for r in requests if permissions.can_cancel_request(user, r)},
            "max_choices": settings.MAX_ROTATION_CHOICES,
            "can_choose": can_choose,
            "choosing": can_choose and slots > 0,
            "replacing": can_choose and not confirmed,
            "slots": slots,
            # What finish_placement accepts: at least one choice, every one confirmed.
            "can_finish": (
                can_choose
                and confirmed
                and bool(active)
                and all(r.status == RequestStatus.CONFIRMED for r in active)
            ),
            "finish_form": FinishPlacementForm(),
        }
        if context["choosing"]:
            show_all = self.request.GET.get("all") == "1"
            plan = self.get_plan(application)
            planned = self.planned_rotations(application, plan)
            entries = timeline(planned)
            wanted_specialties = list(application.specialties.order_by("name"))
            page = offered_page(
                application=application,
                show_all=show_all,
                specialty_ids=[specialty.pk for specialty in wanted_specialties],
                number=self.request.GET.get("page"),
                per_page=settings.ROTATION_CHOICES_PER_PAGE,
            )
            months = selectors.preferred_months(application)
            context.update(
                show_all=show_all,
                # The page's rotations, and what each card writes of them.
                cards=page.object_list,
                rotation_cards=rotation_cards(
                    page.object_list, planned_ids={rotation.pk for rotation in planned}
                ),
                page_obj=page,
                paginator=page.paginator,
                # The pages' links keep "show all"; the plan's forms keep the page too.
                cards_query="all=1" if show_all else "",
                planned=planned,
                planned_ids={rotation.pk for rotation in planned},
                # What other apps show beside the plan (the quote: billing).
                plan_panels=(
                    rotation_plan.render(
                        request=self.request, application=application, rotations=planned
                    )
                    if planned
                    else []
                ),
                plan_full=len(planned) >= slots,
                timeline=entries,
                plan_overlaps=has_overlaps(entries),
                earliest_start=selectors.earliest_start(application),
                min_weeks=settings.MIN_WEEKS_BEFORE_START,
                citizenship=selectors.citizenship(application),
                program_office_email=settings.PROGRAM_OFFICE_EMAIL,
                wanted_specialties=wanted_specialties,
                preferred_first=months[0] if months else None,
                preferred_last=months[1] if months else None,
            )
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
        return self.render_page(application, self.get_requests(application))

    def back(self, form, anchor: str = "plan"):
        """To the page of cards the change was made on (with "show all" if it was)."""
        url = reverse("rotations:choose")
        query = {}
        if form.is_valid():
            if form.cleaned_data.get("all"):
                query["all"] = "1"
            if (form.cleaned_data.get("page") or 1) > 1:
                query["page"] = form.cleaned_data["page"]
        if query:
            url += "?" + urlencode(query)
        return redirect(f"{url}#{anchor}")

    def post(self, request):
        application = self.get_application()
        if application is None or not permissions.can_choose_rotations(request.user, application):
            messages.error(request, _("You cannot choose rotations now."))
            return redirect("applications:dashboard")
        requests = self.get_requests(application)
        form = PlanActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That change of your plan was not understood; try again."))
            return self.back(form)
        action, pk = form.cleaned_data["action"], form.cleaned_data.get("rotation")
        plan = self.get_plan(application)
        if action == "send":
            return self.send(application, plan, form)
        if action == "add":
            return self.add(application, requests, plan, pk, form)
        if pk not in plan.ids:
            messages.error(request, _("That rotation is not in your plan."))
            return self.back(form)
        rotation = Rotation.objects.select_related("specialty").get(pk=pk)
        if action == "remove":
            plan.remove(pk)
            messages.success(request, _("%(rotation)s left your plan.") % {"rotation": rotation})
        else:
            plan.move(pk, up=action == "up")
            messages.success(
                request,
                _("%(rotation)s is now choice %(rank)s in your plan.")
                % {"rotation": rotation, "rank": plan.ids.index(pk) + 1},
            )
        return self.back(form)

    def add(self, application, requests, plan, pk, form):
        request = self.request
        rotation = (
            selectors.offered_rotations(application=application, show_all=True)
            .filter(pk=pk)
            .first()
        )
        if rotation is None:
            messages.error(request, _("This rotation is not open to you; choose another."))
            return self.back(form, "rotations")
        slots = self.slots(application, requests)
        if pk not in plan.ids and len(plan.ids) >= slots:
            messages.error(
                request,
                ngettext(
                    "Your plan holds %(count)s rotation, as many as you can still ask for. "
                    "Remove one to add another.",
                    "Your plan holds %(count)s rotations, as many as you can still ask for. "
                    "Remove one to add another.",
                    slots,
                )
                % {"count": slots},
            )
            return self.back(form)
        if plan.add(pk):
            messages.success(
                request,
                _("%(rotation)s is in your plan as choice %(rank)s.")
                % {"rotation": rotation, "rank": len(plan.ids)},
            )
        else:
            messages.info(
                request, _("%(rotation)s is in your plan already.") % {"rotation": rotation}
            )
        return self.back(form)

    def send(self, application, plan, form):
        request = self.request
        planned = self.planned_rotations(application, plan)
        if not planned:
            messages.error(request, _("Add at least one rotation to your plan first."))
            return self.back(form)
        try:
            created = services.choose_rotations(
                application=application, rotations=planned, by=request.user
            )
        except services.PlacementError as error:
            messages.error(request, str(error))
            return self.back(form)
        plan.clear()
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
        return redirect(reverse("rotations:choose") + "#requests")


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
                # What the apps above say before cancelling (the refund): hmc_portal.panels.
                "panels": before_cancelling.render(
                    request=self.request,
                    application=rotation_request.application,
                    rotation_request=rotation_request,
                ),
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

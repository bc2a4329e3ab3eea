"""The public directory, the preceptor portal and the one-click link from the email."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from applications.selectors import applicant_summaries, placement_documents
from applications.views.documents import document_response
from hmc_portal import public_cache
from hmc_portal.panels import preceptor_portal as portal_panels
from hmc_portal.users.forms import ProfileForm as AccountForm
from hmc_portal.users.second_factor.selectors import has_second_factor
from hmc_portal.users.views import account_initial, save_account
from rotations import selectors as rotation_selectors
from rotations import services as rotation_services
from rotations.enums import RequestStatus
from rotations.models import RotationRequest

from . import permissions, selectors, services
from .errors import PreceptorError
from .forms import ConfirmRequestForm, DeclineRequestForm, DirectoryFilterForm, ProfileForm


@method_decorator(public_cache.cache_public_page(("specialty", "page")), name="dispatch")
class DirectoryView(ListView):
    """/preceptors/: active preceptors, their specialties, affiliation, bio, upcoming blocks.
    An anonymous visitor's page, and for anyone the list of preceptors, come from the cache
    while nothing they show changed (hmc_portal/public_cache.py)."""

    template_name = "preceptors/directory.html"
    context_object_name = "preceptors"

    def get_paginate_by(self, queryset):
        return settings.PRECEPTORS_PER_PAGE

    def get_filter_form(self) -> DirectoryFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = DirectoryFilterForm(
                self.request.GET or None,
                specialties=rotation_selectors.catalogue_specialties(),
            )
        return self._filter_form

    def get_queryset(self):
        return selectors.directory_preceptors(specialty=self.get_filter_form().chosen_specialty())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.get_filter_form(),
            filter_query=query.urlencode(),
            cache_key=public_cache.fragment_key(),
            cache_seconds=settings.PUBLIC_FRAGMENT_CACHE_SECONDS,
        )
        return context


class PreceptorRequiredMixin(LoginRequiredMixin):
    """Logged in as a preceptor; anyone else gets a 404 (the portal is not theirs)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not permissions.is_preceptor(request.user):
            raise Http404(_("Not a preceptor."))
        self.preceptor = request.user.preceptor
        return super().dispatch(request, *args, **kwargs)


class PortalView(PreceptorRequiredMixin, View):
    """/preceptor/: requests to answer, the waiting list, upcoming and past observers, each
    section a page at a time."""

    def get(self, request):
        # Each section pages on its own (?waiting=2): its links keep the other sections' pages.
        other_pages = {}
        for key in selectors.PORTAL_SECTIONS:
            query = request.GET.copy()
            query.pop(key, None)
            other_pages[key] = query.urlencode()
        portal = selectors.portal(preceptor=self.preceptor, pages=request.GET)
        return render(
            request,
            "preceptors/portal.html",
            {
                "preceptor": self.preceptor,
                "portal": portal,
                "other_pages": other_pages,
                "has_second_factor": has_second_factor(user=request.user),
                # What the apps above add (seminars to host, ...): hmc_portal.panels.
                "panels": portal_panels.render(
                    request=request,
                    preceptor=self.preceptor,
                    upcoming_observers=portal.sections["upcoming"].count,
                    past_observers=portal.sections["past"].count,
                ),
            },
        )


class PortalRequestMixin(PreceptorRequiredMixin):
    """Resolves the request in the URL within the preceptor's own rotations (else 404)."""

    def get_request(self) -> RotationRequest:
        return get_object_or_404(
            rotation_selectors.requests_for_preceptor(preceptor_id=self.preceptor.pk),
            pk=self.kwargs["pk"],
        )

    def render_request(self, rotation_request, *, decline_form=None, error="", status=200):
        user = self.request.user
        pk = rotation_request.pk
        summary = applicant_summaries(application_ids=[rotation_request.application_id]).get(
            rotation_request.application_id
        )
        may_view_documents = permissions.can_view_documents(user, rotation_request)
        context = {
            "rotation_request": rotation_request,
            "summary": summary,
            "date_range": rotation_selectors.date_range(rotation_request.rotation),
            "error": error,
            "confirm_form": (
                ConfirmRequestForm(action=reverse("preceptors:request_confirm", args=[pk]))
                if permissions.can_confirm_request(user, rotation_request)
                else None
            ),
            "decline_form": (
                (
                    decline_form
                    or DeclineRequestForm(action=reverse("preceptors:request_decline", args=[pk]))
                )
                if permissions.can_decline_request(user, rotation_request)
                else None
            ),
            "documents": (
                placement_documents(application_id=rotation_request.application_id)
                if may_view_documents
                else None
            ),
        }
        return render(self.request, "preceptors/request_detail.html", context, status=status)


class PortalRequestView(PortalRequestMixin, View):
    """/preceptor/requests/<pk>/: the applicant's summary and the answer buttons."""

    def get(self, request, pk):
        return self.render_request(self.get_request())


class PortalConfirmView(PortalRequestMixin, View):
    def post(self, request, pk):
        rotation_request = self.get_request()
        if not permissions.can_confirm_request(request.user, rotation_request):
            messages.error(request, _("This request is not waiting for an answer any more."))
            return redirect("preceptors:request", pk=pk)
        try:
            result = rotation_services.confirm_rotation_request(
                rotation_request=rotation_request, by=request.user
            )
        except rotation_services.PlacementError as error:
            return self.render_request(rotation_request, error=str(error), status=400)
        messages.success(request, confirmation_message(result))
        return redirect("preceptors:portal")


class PortalDeclineView(PortalRequestMixin, View):
    def post(self, request, pk):
        rotation_request = self.get_request()
        if not permissions.can_decline_request(request.user, rotation_request):
            messages.error(request, _("This request can no longer be declined here."))
            return redirect("preceptors:request", pk=pk)
        form = DeclineRequestForm(
            request.POST, action=reverse("preceptors:request_decline", args=[pk])
        )
        if not form.is_valid():
            return self.render_request(rotation_request, decline_form=form, status=400)
        try:
            rotation_services.decline_rotation_request(
                rotation_request=rotation_request,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except rotation_services.PlacementError as error:
            form.add_error(None, str(error))
            return self.render_request(rotation_request, decline_form=form, status=400)
        messages.success(
            request,
            _("Declined: we have told %(applicant)s.")
            % {"applicant": rotation_request.application.applicant},
        )
        return redirect("preceptors:portal")


class PortalDocumentView(PortalRequestMixin, View):
    """An applicant's document, to the rotation's preceptor when staff allow it."""

    def get(self, request, pk, document_pk):
        rotation_request = self.get_request()
        if not permissions.can_view_documents(request.user, rotation_request):
            raise Http404(_("Documents are not shared with you."))
        documents = placement_documents(application_id=rotation_request.application_id)
        document = next((d for d in documents if d.pk == document_pk), None)
        if document is None:
            raise Http404(_("No such document."))
        return document_response(document)


class ProfileView(PreceptorRequiredMixin, View):
    """/preceptor/profile/: a preceptor's one profile page, in two parts, each its own form:
    the entry the directory shows (title, affiliation, bio) and the account (names, time
    zone, language; the account page's own form and save). A form with a refused value is
    shown again with its errors, the other part as saved."""

    ACCOUNT_FIELDS = ("first_name", "last_name", "timezone", "language")

    def render_page(self, *, form=None, account_form=None, status=200):
        return render(
            self.request,
            "preceptors/profile_form.html",
            {
                "form": ProfileForm(instance=self.preceptor) if form is None else form,
                "account_form": AccountForm(
                    initial=account_initial(self.request.user), with_contact=False
                )
                if account_form is None
                else account_form,
                "preceptor": self.preceptor,
                "now": timezone.localtime(),  # in the zone the middleware activated
            },
            status=status,
        )

    def get(self, request):
        return self.render_page()

    def post(self, request):
        if any(name in request.POST for name in self.ACCOUNT_FIELDS):
            return self.post_account(request)
        form = ProfileForm(request.POST, instance=self.preceptor)
        if not form.is_valid():
            return self.render_page(form=form, status=400)
        try:
            services.update_preceptor_profile(
                preceptor=self.preceptor,
                by=request.user,
                title=form.cleaned_data["title"],
                affiliation=form.cleaned_data["affiliation"],
                bio=form.cleaned_data["bio"],
                accepts_early_letter_requests=form.cleaned_data["accepts_early_letter_requests"],
            )
        except PreceptorError as error:
            form.add_error(None, str(error))
            return self.render_page(form=form, status=400)
        messages.success(request, _("Your profile is saved; the directory shows it now."))
        return redirect("preceptors:profile")

    def post_account(self, request):
        account_form = AccountForm(request.POST, with_contact=False)
        if not account_form.is_valid() or not save_account(request, account_form):
            return self.render_page(account_form=account_form, status=400)
        return redirect("preceptors:profile")


LINK_STATUS = {"invalid": 404, "other_preceptor": 404, "expired": 410, "used": 410}


@method_decorator(never_cache, name="dispatch")  # personal, though opened without a login
class RespondView(View):
    """/preceptor/respond/<token>/: the one-click link from the email. GET shows the request
    and the two answers and changes nothing; the answer is a POST. Expired, altered, used
    links and another preceptor's are refused with a page that says which."""

    def refuse(self, error: rotation_services.RequestLinkError):
        return render(
            self.request,
            "preceptors/respond.html",
            {"problem": str(error), "reason": error.reason},
            status=LINK_STATUS.get(error.reason, 400),
        )

    def render_page(self, rotation_request, *, decline_form=None, error="", status=200):
        summary = applicant_summaries(application_ids=[rotation_request.application_id]).get(
            rotation_request.application_id
        )
        return render(
            self.request,
            "preceptors/respond.html",
            {
                "rotation_request": rotation_request,
                "summary": summary,
                "date_range": rotation_selectors.date_range(rotation_request.rotation),
                "confirm_form": ConfirmRequestForm(),
                "decline_form": decline_form or DeclineRequestForm(),
                "error": error,
            },
            status=status,
        )

    def get(self, request, token):
        try:
            rotation_request, _nonce = rotation_selectors.request_for_link(
                token=token, viewer=request.user
            )
        except rotation_services.RequestLinkError as error:
            return self.refuse(error)
        return self.render_page(rotation_request)

    def post(self, request, token):
        try:
            rotation_request, nonce = rotation_selectors.request_for_link(
                token=token, viewer=request.user
            )
        except rotation_services.RequestLinkError as error:
            return self.refuse(error)
        preceptor_user = rotation_request.rotation.preceptor.user
        try:
            if "decline" in request.POST:
                form = DeclineRequestForm(request.POST)
                if not form.is_valid():
                    return self.render_page(rotation_request, decline_form=form, status=400)
                rotation_services.decline_rotation_request(
                    rotation_request=rotation_request,
                    by=preceptor_user,
                    reason=form.cleaned_data["reason"],
                    link_nonce=nonce,
                )
                outcome = _(
                    "You declined %(applicant)s's request. We have told them. Thank you for "
                    "answering."
                ) % {"applicant": rotation_request.application.applicant}
            else:
                result = rotation_services.confirm_rotation_request(
                    rotation_request=rotation_request, by=preceptor_user, link_nonce=nonce
                )
                outcome = confirmation_message(result)
        except rotation_services.RequestLinkError as error:
            return self.refuse(error)
        except rotation_services.PlacementError as error:
            return self.render_page(rotation_request, error=str(error), status=400)
        return render(
            request,
            "preceptors/respond_done.html",
            {"outcome": outcome, "rotation_request": rotation_request},
        )


def confirmation_message(rotation_request: RotationRequest) -> str:
    name = rotation_request.application.applicant
    if rotation_request.status == RequestStatus.WAITLISTED:
        return _(
            "The rotation is full, so %(name)s is on its waiting list: they get the first "
            "place that opens. We have told them."
        ) % {"name": name}
    return _("Confirmed: %(name)s observes with you. We have emailed them the details.") % {
        "name": name
    }

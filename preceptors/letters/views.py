"""Letters of recommendation: the applicant's page (/dashboard/letters/), the preceptor's
(/preceptor/letters/...) and the one-time link from the email. The letter's file is served
only here and from admin: to its preceptor, and to the applicant only when they did not
waive their right to read it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from applications.selectors import current_application
from hmc_portal.private_files import private_file_response
from hmc_portal.users.pages import ApplicantPageMixin

from ..errors import LetterError, LetterLinkError
from ..models import LetterRequest, LetterStatus
from ..views import PreceptorRequiredMixin
from . import selectors, services
from .draft import draft_for
from .forms import (
    AcceptLetterForm,
    DeclineLetterForm,
    ErasUploadedForm,
    LetterRequestForm,
    UploadLetterForm,
    WriteLetterForm,
)


def letter_file_response(letter_request: LetterRequest):
    """The letter's PDF as a download, for a viewer the caller has checked."""
    if not letter_request.letter:
        raise Http404(_("No letter yet."))
    applicant = letter_request.application.applicant
    name = "".join(c for c in applicant.get_full_name() if c.isalnum()) or "applicant"
    return private_file_response(
        letter_request.letter,
        filename=f"letter-{name}-{letter_request.eras_letter_id}.pdf",
        content_type="application/pdf",
        size=letter_request.letter_size,
    )


# --- the applicant ------------------------------------------------------------------------


class LettersView(ApplicantPageMixin, View):
    """/dashboard/letters/: the applicant's letter requests and their state (never a waived
    letter's content), and the form to ask a preceptor they observed with."""

    def render_page(self, *, form=None, status=200):
        application = current_application(user=self.request.user)
        blocks = (
            selectors.blocks_ready_for_letter(application=application, today=timezone.localdate())
            if application is not None
            else []
        )
        if form is None and blocks:
            form = LetterRequestForm(blocks=blocks)
        return render(
            self.request,
            "preceptors/letters/applicant_letters.html",
            {
                "letters": list(selectors.letters_for_applicant(user=self.request.user)),
                "form": form,
                "application": application,
            },
            status=status,
        )

    def get(self, request):
        return self.render_page()

    def post(self, request):
        application = current_application(user=request.user)
        if application is None:
            messages.error(request, _("Apply first: letters follow a block you observed."))
            return redirect("preceptors:letters")
        blocks = selectors.blocks_ready_for_letter(
            application=application, today=timezone.localdate()
        )
        form = LetterRequestForm(request.POST, blocks=blocks)
        if not form.is_valid():
            return self.render_page(form=form, status=400)
        try:
            services.request_letter(
                application=application,
                rotation_request=form.cleaned_data["block"],
                eras_letter_id=form.cleaned_data["eras_letter_id"],
                specialty=form.cleaned_data["specialty"],
                due_date=form.cleaned_data["due_date"],
                waived=form.waived,
                by=request.user,
            )
        except LetterError as error:
            form.add_error(None, str(error))
            return self.render_page(form=form, status=400)
        messages.success(
            request,
            _("Your request is sent. We email you when the preceptor answers."),
        )
        return redirect("preceptors:letters")


class ApplicantLetterFileView(ApplicantPageMixin, View):
    """/dashboard/letters/<pk>/letter.pdf: the applicant's own letter, only when they did not
    waive their right to read it; a 404 otherwise, whoever asks."""

    def get(self, request, pk):
        letter_request = get_object_or_404(
            selectors.letters_for_applicant(user=request.user).filter(waived=False), pk=pk
        )
        return letter_file_response(letter_request)


# --- the preceptor ------------------------------------------------------------------------


class PreceptorLetterMixin(PreceptorRequiredMixin):
    def get_letter(self) -> LetterRequest:
        return get_object_or_404(
            selectors.letters_for_preceptor(preceptor_id=self.preceptor.pk), pk=self.kwargs["pk"]
        )

    def render_letter(self, letter_request, *, decline_form=None, upload_form=None, status=200):
        pk = letter_request.pk
        status_now = letter_request.status
        context = {
            "letter_request": letter_request,
            "accept_form": AcceptLetterForm(action=reverse("preceptors:letter_accept", args=[pk]))
            if status_now == LetterStatus.REQUESTED
            else None,
            "decline_form": (
                decline_form
                or DeclineLetterForm(action=reverse("preceptors:letter_decline", args=[pk]))
            )
            if status_now == LetterStatus.REQUESTED
            else None,
            "upload_form": (
                upload_form
                or UploadLetterForm(action=reverse("preceptors:letter_upload", args=[pk]))
            )
            if status_now in (LetterStatus.ACCEPTED, LetterStatus.WRITTEN)
            else None,
            "eras_form": ErasUploadedForm(action=reverse("preceptors:letter_eras", args=[pk]))
            if status_now == LetterStatus.WRITTEN
            else None,
        }
        return render(self.request, "preceptors/letters/letter_detail.html", context, status=status)


class PreceptorLettersView(PreceptorRequiredMixin, View):
    """/preceptor/letters/: the letters asked of the preceptor and where each stands."""

    def get(self, request):
        letters = list(selectors.letters_for_preceptor(preceptor_id=self.preceptor.pk))
        return render(
            request,
            "preceptors/letters/preceptor_letters.html",
            {
                "waiting": [lr for lr in letters if lr.status == LetterStatus.REQUESTED],
                "to_write": [
                    lr
                    for lr in letters
                    if lr.status in (LetterStatus.ACCEPTED, LetterStatus.WRITTEN)
                ],
                "done": [
                    lr
                    for lr in letters
                    if lr.status in (LetterStatus.UPLOADED, LetterStatus.DECLINED)
                ],
            },
        )


class PreceptorLetterView(PreceptorLetterMixin, View):
    """/preceptor/letters/<pk>/: the request, the answer buttons, the letter, the ERAS
    Letter ID with a copy button and the upload steps."""

    def get(self, request, pk):
        return self.render_letter(self.get_letter())


class LetterAcceptView(PreceptorLetterMixin, View):
    def post(self, request, pk):
        letter_request = self.get_letter()
        try:
            services.accept_letter_request(letter_request=letter_request, by=request.user)
        except LetterError as error:
            messages.error(request, str(error))
            return redirect("preceptors:letter", pk=pk)
        messages.success(request, _("Accepted. Your draft is ready: review it and save it."))
        return redirect("preceptors:letter_write", pk=pk)


class LetterDeclineView(PreceptorLetterMixin, View):
    def post(self, request, pk):
        letter_request = self.get_letter()
        form = DeclineLetterForm(
            request.POST, action=reverse("preceptors:letter_decline", args=[pk])
        )
        if not form.is_valid():
            return self.render_letter(letter_request, decline_form=form, status=400)
        try:
            services.decline_letter_request(
                letter_request=letter_request, by=request.user, message=form.cleaned_data["message"]
            )
        except LetterError as error:
            messages.error(request, str(error))
            return redirect("preceptors:letter", pk=pk)
        messages.success(request, _("Declined: we have told the applicant."))
        return redirect("preceptors:portal_letters")


class LetterWriteView(PreceptorLetterMixin, View):
    """/preceptor/letters/<pk>/write/: the letter form, pre-filled with a draft from the
    block; "Preview" shows the text as it will read, "Save letter" renders and stores the
    PDF. Nothing is saved before the preceptor presses it."""

    def page(self, letter_request, form, *, preview=False, status=200):
        return render(
            self.request,
            "preceptors/letters/letter_write.html",
            {"letter_request": letter_request, "form": form, "preview": preview},
            status=status,
        )

    def writable(self, letter_request) -> bool:
        return letter_request.status in (LetterStatus.ACCEPTED, LetterStatus.WRITTEN)

    def get(self, request, pk):
        letter_request = self.get_letter()
        if not self.writable(letter_request):
            messages.error(request, _("This letter cannot be written or changed here now."))
            return redirect("preceptors:letter", pk=pk)
        body = letter_request.letter_text or draft_for(letter_request)
        form = WriteLetterForm(initial={"body": body, "contact": request.user.email})
        return self.page(letter_request, form)

    def post(self, request, pk):
        letter_request = self.get_letter()
        if not self.writable(letter_request):
            messages.error(request, _("This letter cannot be written or changed here now."))
            return redirect("preceptors:letter", pk=pk)
        form = WriteLetterForm(request.POST)
        if not form.is_valid():
            return self.page(letter_request, form, status=400)
        if "save" not in request.POST:
            return self.page(letter_request, form, preview=True)
        try:
            services.save_written_letter(
                letter_request=letter_request,
                by=request.user,
                body=form.cleaned_data["body"],
                contact=form.cleaned_data["contact"],
            )
        except LetterError as error:
            form.add_error(None, str(error))
            return self.page(letter_request, form, status=400)
        messages.success(
            request, _("Your letter is saved as a PDF. Upload it to ERAS with the Letter ID.")
        )
        return redirect("preceptors:letter", pk=pk)


class LetterUploadView(PreceptorLetterMixin, View):
    def post(self, request, pk):
        letter_request = self.get_letter()
        form = UploadLetterForm(
            request.POST, request.FILES, action=reverse("preceptors:letter_upload", args=[pk])
        )
        if not form.is_valid():
            return self.render_letter(letter_request, upload_form=form, status=400)
        try:
            services.upload_letter(
                letter_request=letter_request, by=request.user, upload=form.cleaned_data["file"]
            )
        except LetterError as error:
            form.add_error("file", str(error))
            return self.render_letter(letter_request, upload_form=form, status=400)
        messages.success(request, _("Your letter is saved. Upload it to ERAS with the Letter ID."))
        return redirect("preceptors:letter", pk=pk)


class LetterErasView(PreceptorLetterMixin, View):
    def post(self, request, pk):
        letter_request = self.get_letter()
        form = ErasUploadedForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick the box once the letter is in ERAS."))
            return redirect("preceptors:letter", pk=pk)
        try:
            services.mark_uploaded_to_eras(letter_request=letter_request, by=request.user)
        except LetterError as error:
            messages.error(request, str(error))
            return redirect("preceptors:letter", pk=pk)
        messages.success(request, _("Recorded: the letter is in ERAS. Thank you!"))
        return redirect("preceptors:portal_letters")


class PreceptorLetterFileView(PreceptorLetterMixin, View):
    def get(self, request, pk):
        return letter_file_response(self.get_letter())


LINK_STATUS = {"invalid": 404, "other_preceptor": 404, "expired": 410, "used": 410}


@method_decorator(never_cache, name="dispatch")  # personal, though opened without a login
class LetterRespondView(View):
    """/preceptor/letters/respond/<token>/: the one-time link from the email. GET shows the
    request and the two answers and changes nothing; the answer is a POST. Expired, altered,
    used links and another preceptor's are refused with a page that says which."""

    def refuse(self, error: LetterLinkError):
        return render(
            self.request,
            "preceptors/letters/respond.html",
            {"problem": str(error), "reason": error.reason},
            status=LINK_STATUS.get(error.reason, 400),
        )

    def page(self, letter_request, *, decline_form=None, error="", status=200):
        return render(
            self.request,
            "preceptors/letters/respond.html",
            {
                "letter_request": letter_request,
                "accept_form": AcceptLetterForm(),
                "decline_form": decline_form or DeclineLetterForm(),
                "error": error,
            },
            status=status,
        )

    def get(self, request, token):
        try:
            letter_request, _nonce = selectors.letter_for_link(token=token, viewer=request.user)
        except LetterLinkError as error:
            return self.refuse(error)
        return self.page(letter_request)

    def post(self, request, token):
        try:
            letter_request, nonce = selectors.letter_for_link(token=token, viewer=request.user)
        except LetterLinkError as error:
            return self.refuse(error)
        preceptor_user = letter_request.preceptor.user
        try:
            if "decline" in request.POST:
                form = DeclineLetterForm(request.POST)
                if not form.is_valid():
                    return self.page(letter_request, decline_form=form, status=400)
                services.decline_letter_request(
                    letter_request=letter_request,
                    by=preceptor_user,
                    message=form.cleaned_data["message"],
                    link_nonce=nonce,
                )
                accepted = False
            else:
                services.accept_letter_request(
                    letter_request=letter_request, by=preceptor_user, link_nonce=nonce
                )
                accepted = True
        except LetterLinkError as error:
            return self.refuse(error)
        except LetterError as error:
            return self.page(letter_request, error=str(error), status=400)
        return render(
            request,
            "preceptors/letters/respond_done.html",
            {"letter_request": letter_request, "accepted": accepted},
        )

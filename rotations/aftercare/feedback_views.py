"""The observer's feedback page (/dashboard/feedback/<block>/): the form from the block's
last day, a thank-you once given; only the applicant's own confirmed blocks (404
otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hmc_portal.users.pages import ApplicantPageMixin

from ..models import RotationFeedback
from .feedback import feedback_is_open, feedback_opens_on
from .feedback_forms import FeedbackForm
from .feedback_selectors import feedback_blocks_for_user
from .feedback_services import FeedbackError, give_feedback


class FeedbackView(ApplicantPageMixin, View):
    """GET: the form (or the thank-you, or the day it opens). POST: give the feedback; bad
    input or a refusal shows the page again with the reason (400) and stores nothing."""

    template_name = "rotations/aftercare/feedback.html"

    def page(self, rotation_request, *, form=None, status: int = 200):
        try:
            given = rotation_request.feedback
        except RotationFeedback.DoesNotExist:
            given = None
        is_open = feedback_is_open(rotation_request.rotation, today=timezone.localdate())
        if given is None and is_open and form is None:
            form = FeedbackForm()
        return render(
            self.request,
            self.template_name,
            {
                "rotation_request": rotation_request,
                "rotation": rotation_request.rotation,
                "given": given,
                "is_open": is_open,
                "opens_on": feedback_opens_on(rotation_request.rotation),
                "form": form if given is None and is_open else None,
            },
            status=status,
        )

    def get_block(self, pk):
        return get_object_or_404(feedback_blocks_for_user(user=self.request.user), pk=pk)

    def get(self, request, pk):
        return self.page(self.get_block(pk))

    def post(self, request, pk):
        rotation_request = self.get_block(pk)
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.page(rotation_request, form=form, status=400)
        try:
            give_feedback(
                rotation_request=rotation_request, answers=form.answers(), by=request.user
            )
        except FeedbackError as error:
            # Shown whatever the page's state now (the form may be gone: given already).
            messages.error(request, str(error))
            return self.page(self.get_block(pk), form=form, status=400)
        messages.success(request, _("Thank you: your feedback was sent to the program office."))
        return redirect(reverse("rotations:feedback", args=[pk]))

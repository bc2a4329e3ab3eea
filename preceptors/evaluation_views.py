"""/preceptor/evaluations/: the preceptor's observers after their first day, where they
confirm attendance and evaluate them; and the weekly email's one-click attendance link.
The pages resolve the block within the preceptor's own confirmed blocks (else 404) and call
rotations' follow-up services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from rotations.aftercare import rules
from rotations.aftercare import selectors as aftercare
from rotations.aftercare import services as aftercare_services
from rotations.aftercare.errors import AftercareError, AttendanceLinkError
from rotations.aftercare.forms import AttendanceForm, ConfirmAttendanceLinkForm, EvaluationForm
from rotations.aftercare.links import check_attendance_link_unused, read_attendance_token
from rotations.enums import EvaluationKind
from rotations.selectors import date_range

from .views import LINK_STATUS, PreceptorRequiredMixin


class EvaluationsView(PreceptorRequiredMixin, View):
    """/preceptor/evaluations/: each started block, what waits (attendance, evaluations)
    and what is done; in a fixed number of queries however many observers."""

    def get(self, request):
        return render(
            request,
            "preceptors/evaluations.html",
            {"blocks": aftercare.blocks_for_preceptor(preceptor_id=self.preceptor.pk)},
        )


class BlockMixin(PreceptorRequiredMixin):
    def get_block(self):
        rotation_request = get_object_or_404(
            aftercare.confirmed_block_for_preceptor(preceptor_id=self.preceptor.pk),
            pk=self.kwargs["pk"],
        )
        return aftercare.block_state(rotation_request)


class AttendanceView(BlockMixin, View):
    """/preceptor/evaluations/<pk>/attendance/: every weekday up to today attended unless
    ticked as missed (and the hours, when the program records them)."""

    def form(self, block, data=None):
        attendance = block.attendance
        initial = (
            {
                "missed_days": [d.isoformat() for d in attendance.missed_days],
                "hours": attendance.hours,
            }
            if attendance
            else {}
        )
        return AttendanceForm(
            data,
            initial=initial,
            rotation_request=block.rotation_request,
            today=block.today,
            records_hours=settings.ATTENDANCE_RECORDS_HOURS,
            action=reverse("preceptors:attendance", args=[block.rotation_request.pk]),
        )

    def render_page(self, block, *, form=None, status=200):
        return render(
            self.request,
            "preceptors/attendance.html",
            {
                "followup": block,
                "date_range": date_range(block.rotation),
                "form": (form or self.form(block)) if block.started else None,
                "completed": block.rotation_request.application.status == "completed",
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_block())

    def post(self, request, pk):
        block = self.get_block()
        form = self.form(block, request.POST)
        if not form.is_valid():
            return self.render_page(block, form=form, status=400)
        try:
            aftercare_services.confirm_attendance(
                rotation_request=block.rotation_request,
                by=request.user,
                missed_days=form.missed(),
                hours=form.cleaned_data.get("hours"),
            )
        except AftercareError as error:
            form.add_error(None, str(error))
            return self.render_page(block, form=form, status=400)
        messages.success(
            request,
            _("Attendance of %(name)s confirmed. Thank you.")
            % {"name": block.rotation_request.application.applicant.display_name},
        )
        return redirect("preceptors:evaluations")


class EvaluationView(BlockMixin, View):
    """/preceptor/evaluations/<pk>/final/ and /midpoint/: the evaluation form while it is
    open, the submitted evaluation once it is in (never edited)."""

    kind = EvaluationKind.FINAL

    def render_page(self, block, *, form=None, status=200):
        kind = self.kind
        if kind not in rules.evaluation_kinds(block.rotation):
            raise Http404(_("This block has no mid-point evaluation."))
        submitted = block.evaluations.get(kind)
        is_open = block.evaluation_open(kind)
        return render(
            self.request,
            "preceptors/evaluation.html",
            {
                "followup": block,
                "kind": kind,
                "kind_label": EvaluationKind(kind).label,
                "date_range": date_range(block.rotation),
                "submitted": submitted,
                "answers": (
                    [
                        (c, getattr(submitted, c.name), c.anchors[getattr(submitted, c.name) - 1])
                        for c in rules.CRITERIA
                    ]
                    if submitted
                    else []
                ),
                "opens_on": rules.opens_on(block.rotation, kind),
                "form": (
                    form
                    or EvaluationForm(
                        kind=kind,
                        action=reverse(
                            f"preceptors:evaluation_{kind}", args=[block.rotation_request.pk]
                        ),
                    )
                )
                if is_open
                else None,
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_block())

    def post(self, request, pk):
        block = self.get_block()
        form = EvaluationForm(
            request.POST,
            kind=self.kind,
            action=reverse(f"preceptors:evaluation_{self.kind}", args=[pk]),
        )
        if not block.evaluation_open(self.kind):
            if self.kind not in rules.evaluation_kinds(block.rotation):
                raise Http404(_("This block has no mid-point evaluation."))
            messages.error(
                request,
                _("This evaluation was submitted already: nothing was changed.")
                if self.kind in block.evaluations
                else _("This evaluation is not open yet: nothing was stored."),
            )
            return self.render_page(block, status=400)
        if not form.is_valid():
            return self.render_page(block, form=form, status=400)
        try:
            aftercare_services.submit_evaluation(
                rotation_request=block.rotation_request,
                kind=self.kind,
                scores=form.scores(),
                strengths=form.cleaned_data["strengths"],
                areas_to_grow=form.cleaned_data["areas_to_grow"],
                by=request.user,
            )
        except AftercareError as error:
            form.add_error(None, str(error))
            return self.render_page(block, form=form, status=400)
        messages.success(
            request,
            _("Your evaluation of %(name)s is submitted. Thank you.")
            % {"name": block.rotation_request.application.applicant.display_name},
        )
        return redirect("preceptors:evaluations")


@method_decorator(never_cache, name="dispatch")  # personal, though opened without a login
class AttendanceLinkView(View):
    """/preceptor/attendance/<token>/: the weekly email's one-click link. GET shows the
    observer and one button and changes nothing (mail scanners open links); the POST
    confirms. Expired, altered, used links and another preceptor's are refused with a page
    that says which, changing nothing."""

    def refuse(self, error: AttendanceLinkError):
        return render(
            self.request,
            "preceptors/attendance_link.html",
            {"problem": str(error), "reason": error.reason},
            status=LINK_STATUS.get(error.reason, 400),
        )

    def resolve(self, token):
        claims = read_attendance_token(token)
        rotation_request = (
            aftercare.confirmed_block_for_preceptor(preceptor_id=claims.preceptor_id)
            .filter(pk=claims.request_id)
            .first()
        )
        if rotation_request is None:
            raise AttendanceLinkError(
                _("This link does not name one of your observers any more."), reason="invalid"
            )
        user = self.request.user
        if user.is_authenticated and rotation_request.rotation.preceptor.user_id != user.pk:
            raise AttendanceLinkError(
                _("This link was sent to another preceptor. Log out, then open it again."),
                reason="other_preceptor",
            )
        return rotation_request, claims.state

    def render_page(self, rotation_request, *, error="", status=200):
        return render(
            self.request,
            "preceptors/attendance_link.html",
            {
                "rotation_request": rotation_request,
                "date_range": date_range(rotation_request.rotation),
                "through": rules.attendance_through(
                    rotation_request.rotation, timezone.localdate()
                ),
                "form": ConfirmAttendanceLinkForm(),
                "error": error,
            },
            status=status,
        )

    def get(self, request, token):
        try:
            rotation_request, state = self.resolve(token)
            check_attendance_link_unused(rotation_request=rotation_request, state=state)
        except AttendanceLinkError as error:
            return self.refuse(error)
        return self.render_page(rotation_request)

    def post(self, request, token):
        try:
            rotation_request, state = self.resolve(token)
            aftercare_services.confirm_attendance(
                rotation_request=rotation_request,
                by=rotation_request.rotation.preceptor.user,
                link_state=state,
            )
        except AttendanceLinkError as error:
            return self.refuse(error)
        except AftercareError as error:
            return self.render_page(rotation_request, error=str(error), status=400)
        return render(
            request,
            "preceptors/attendance_link.html",
            {
                "done": True,
                "rotation_request": rotation_request,
                "date_range": date_range(rotation_request.rotation),
            },
        )

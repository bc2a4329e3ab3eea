"""Mentoring's pages: the applicant's /events/mentoring/ (mentors, open times, their
sessions) and the mentor's /events/mentoring/times/ (publish, withdraw, notes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from applications.selectors import current_application
from hmc_portal.users.pages import ApplicantPageMixin

from ..models import BookingStatus, MentoringBooking, MentoringSlot
from . import selectors, services
from .errors import MentoringError
from .forms import BookForm, NoteForm, OneOffSlotForm, ReasonForm, WeeklySlotForm


def can_cancel(booking: MentoringBooking) -> bool:
    return booking.status == BookingStatus.BOOKED and timezone.now() <= services.cancel_deadline(
        booking
    )


class MentoringView(ApplicantPageMixin, TemplateView):
    """GET /events/mentoring/: the mentors and their open times in the applicant's zone, a
    booking form under each (when booking is allowed), and the applicant's sessions with
    their follow-up actions. A mentor who is not a preceptor goes to their times."""

    template_name = "events/mentoring/mentoring.html"

    def get(self, request, *args, **kwargs):
        if selectors.is_mentor(request.user) and current_application(user=request.user) is None:
            return redirect("events:mentoring_times")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, bound_form: BookForm | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        allowed = selectors.booking_allowed(user=user)
        mentors = selectors.mentors_with_open_slots() if allowed else []
        for mentor in mentors:
            for slot in mentor.open_slots:
                if bound_form is not None and bound_form.prefix == f"s{slot.pk}":
                    slot.form = bound_form
                else:
                    slot.form = BookForm(slot_id=slot.pk)
        bookings = selectors.applicant_bookings(user=user)
        now = timezone.now()
        for booking in bookings:
            booking.upcoming = booking.status == BookingStatus.BOOKED and booking.ends_at > now
            booking.cancel_form = (
                ReasonForm(
                    action=reverse("events:mentoring_cancel", args=[booking.pk]),
                    button=_("Cancel this session"),
                    prefix=f"c{booking.pk}",
                )
                if can_cancel(booking)
                else None
            )
        upcoming = [b for b in bookings if b.upcoming]
        context.update(
            allowed=allowed,
            mentors=mentors,
            bookings=bookings,
            at_limit=len(upcoming) >= services.settings.MENTORING_MAX_UPCOMING,
            max_upcoming=services.settings.MENTORING_MAX_UPCOMING,
            cancel_hours=services.settings.MENTORING_CANCEL_HOURS,
        )
        return context


class BookView(MentoringView):
    """POST /events/mentoring/slots/<id>/book/: book an open time with an agenda. A time that
    is not open (withdrawn, passed, unknown) is a 404; an empty or long agenda the page again
    with the form's errors (400); a refusal (taken meanwhile, the limit, an overlap) a
    message above the list, nothing written."""

    http_method_names = ["post"]

    def post(self, request, pk):
        slot = get_object_or_404(selectors.bookable_slots(), pk=pk)
        form = BookForm(request.POST, slot_id=slot.pk)
        if form.is_valid():
            try:
                services.book_slot(
                    slot=slot, applicant=request.user, agenda=form.cleaned_data["agenda"]
                )
            except MentoringError as error:
                # The time may be gone from the list (taken meanwhile): say why above it.
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Your session is booked. We emailed you and your mentor the invitation."),
                )
            return redirect("events:mentoring")
        return self.render_to_response(self.get_context_data(bound_form=form), status=400)


class CancelBookingView(LoginRequiredMixin, TemplateView):
    """POST /events/mentoring/sessions/<id>/cancel/: the applicant or the mentor cancels
    with a reason; someone else's session is a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = request.user
        booking = get_object_or_404(
            MentoringBooking.objects.filter(Q(applicant=user) | Q(slot__mentor__user=user)),
            pk=pk,
        )
        back = "events:mentoring" if booking.applicant_id == user.pk else "events:mentoring_times"
        form = ReasonForm(request.POST, action="", button="", prefix=f"c{booking.pk}")
        if not form.is_valid():
            messages.error(request, _("Give a reason: the other side reads it."))
            return redirect(back)
        try:
            services.cancel_booking(booking=booking, reason=form.cleaned_data["reason"], by=user)
        except MentoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session is cancelled; both of you were emailed."))
        return redirect(back)


class MentorPageMixin(LoginRequiredMixin):
    """The mentor's pages: anyone else gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mentor = selectors.mentor_of(request.user)
        if self.mentor is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class MentorTimesView(MentorPageMixin, TemplateView):
    """GET /events/mentoring/times/: publish times (one or weekly, in the mentor's zone),
    the upcoming ones with their bookings, and the notes of past sessions."""

    template_name = "events/mentoring/times.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slots = selectors.mentor_slots(mentor=self.mentor)
        for slot in slots:
            slot.cancel_form = (
                ReasonForm(
                    action=reverse("events:mentoring_withdraw", args=[slot.pk]),
                    button=_("Withdraw this time"),
                    prefix=f"w{slot.pk}",
                )
                if slot.starts_at > timezone.now()
                and (slot.booking is None or can_cancel(slot.booking))
                else None
            )
            # A booked session can be cancelled on its own (the time stays open for others).
            slot.booking_cancel_form = (
                ReasonForm(
                    action=reverse("events:mentoring_cancel", args=[slot.booking.pk]),
                    button=_("Cancel this session"),
                    prefix=f"c{slot.booking.pk}",
                )
                if slot.booking is not None and can_cancel(slot.booking)
                else None
            )
        past = selectors.mentor_past_sessions(mentor=self.mentor)
        for booking in past:
            booking.note_form = kwargs.get("note_forms", {}).get(booking.pk) or NoteForm(
                booking_id=booking.pk,
                initial={"private_note": booking.private_note, "follow_up": booking.follow_up},
            )
        context.update(
            mentor=self.mentor,
            zone=services.mentor_zone(self.mentor).key,
            once_form=kwargs.get("once_form") or OneOffSlotForm(),
            weekly_form=kwargs.get("weekly_form") or WeeklySlotForm(),
            slots=slots,
            past=past,
        )
        return context


class PublishOnceView(MentorTimesView):
    """POST /events/mentoring/times/once/: one time; refused in the past or overlapping."""

    http_method_names = ["post"]

    def post(self, request):
        form = OneOffSlotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                zone = services.mentor_zone(self.mentor)
                start = services.local_start(data["day"], data["at"], zone)
                services.publish_slots(
                    mentor=self.mentor,
                    starts=[start],
                    duration_minutes=data["duration_minutes"],
                    where=form.where(),
                    by=request.user,
                )
            except MentoringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your time is published."))
                return redirect("events:mentoring_times")
        return self.render_to_response(self.get_context_data(once_form=form), status=400)


class PublishWeeklyView(MentorTimesView):
    """POST /events/mentoring/times/weekly/: a weekly series, all times or none."""

    http_method_names = ["post"]

    def post(self, request):
        form = WeeklySlotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                starts = services.weekly_starts(
                    weekday=data["weekday"],
                    at=data["at"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    zone=services.mentor_zone(self.mentor),
                )
                slots = services.publish_slots(
                    mentor=self.mentor,
                    starts=starts,
                    duration_minutes=data["duration_minutes"],
                    where=form.where(),
                    by=request.user,
                )
            except MentoringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("%(count)s times are published.") % {"count": len(slots)}
                )
                return redirect("events:mentoring_times")
        return self.render_to_response(self.get_context_data(weekly_form=form), status=400)


class WithdrawSlotView(MentorPageMixin, TemplateView):
    """POST /events/mentoring/times/<id>/withdraw/: the mentor withdraws one of their times
    (its session, if booked, is cancelled); another mentor's time is a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        slot = get_object_or_404(MentoringSlot.objects.filter(mentor=self.mentor), pk=pk)
        form = ReasonForm(request.POST, action="", button="", prefix=f"w{slot.pk}")
        if not form.is_valid():
            messages.error(request, _("Give a reason: the other side reads it."))
            return redirect("events:mentoring_times")
        try:
            services.cancel_slot(slot=slot, reason=form.cleaned_data["reason"], by=request.user)
        except MentoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The time is withdrawn."))
        return redirect("events:mentoring_times")


class NoteView(MentorTimesView):
    """POST /events/mentoring/sessions/<id>/note/: the mentor's private note and the
    follow-up actions the applicant sees; another mentor's session is a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        booking = get_object_or_404(selectors.bookings_of_mentor(mentor=self.mentor), pk=pk)
        form = NoteForm(request.POST, booking_id=booking.pk)
        if form.is_valid():
            try:
                services.record_session_note(
                    booking=booking,
                    private_note=form.cleaned_data["private_note"],
                    follow_up=form.cleaned_data["follow_up"],
                    by=request.user,
                )
            except MentoringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The note is saved."))
                return redirect("events:mentoring_times")
        return self.render_to_response(
            self.get_context_data(note_forms={booking.pk: form}), status=400
        )

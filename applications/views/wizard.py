"""/apply/: the application in steps, each saved as a draft.

Reading a page writes nothing: until the applicant first saves a step (any POST here, or
"Start my application", a POST to /apply/), the pages show an application that is not stored
yet; the first POST creates the draft (applications.services.start_application).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .. import forms, selectors, services
from ..models import ApplicantProfile, Application
from ..wizard import STEPS, step_by_slug, steps_context


class ApplicantDraftMixin(LoginRequiredMixin):
    """Resolves the signed-in applicant's application for the current intake: the stored
    one, or an unsaved draft (pk None) when they have not started; `start_draft()` stores
    it, from a POST only."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.user.role != "applicant":
            messages.info(request, _("Applications are made from an applicant account."))
            return redirect("pages:home")
        self.application = selectors.application_for_intake(
            user=request.user, intake=settings.APPLICATION_INTAKE
        ) or Application(applicant=request.user, intake=settings.APPLICATION_INTAKE)
        return super().dispatch(request, *args, **kwargs)

    @property
    def started(self) -> bool:
        return self.application.pk is not None

    def start_draft(self) -> Application:
        """Store the draft if it is not yet (the first save); POST handlers only."""
        if not self.started:
            self.application = services.start_application(
                applicant=self.request.user, intake=settings.APPLICATION_INTAKE
            )
        return self.application


class ApplyView(ApplicantDraftMixin, View):
    """/apply/: continue where the applicant is, or their dashboard once submitted. A POST
    starts the draft explicitly ("Start my application")."""

    def get(self, request):
        if not self.application.is_draft:
            return redirect("applications:dashboard")
        return redirect(STEPS[0].url)

    def post(self, request):
        if self.application.is_draft:
            self.start_draft()
            return redirect(STEPS[0].url)
        return redirect("applications:dashboard")


class StepView(ApplicantDraftMixin, View):
    """Steps 1, 2, 3 and 5 (documents have their own view)."""

    form_steps = {"personal", "background", "interests"}

    def dispatch(self, request, *args, step: str = "", **kwargs):
        self.step = step_by_slug(step)
        if self.step is None or self.step.url_name != "apply_step":
            raise Http404("No such step.")
        return super().dispatch(request, *args, step=step, **kwargs)

    # --- forms of each step -------------------------------------------------------------
    def get_form(self, data=None):
        context = steps_context(application=self.application, current=self.step.slug)
        previous_url = context["previous_step"].url if context["previous_step"] else None
        user = self.request.user
        # Not stored before the first save: an empty profile fills the forms.
        profile = getattr(user, "applicant_profile", None) or ApplicantProfile(user=user)
        if self.step.slug == "personal":
            initial = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "timezone": user.timezone,
                "country": profile.country,
                "phone": profile.phone,
                "city": profile.city,
                "date_of_birth": profile.date_of_birth,
            }
            return forms.PersonalForm(data, initial=initial, previous_url=previous_url)
        if self.step.slug == "background":
            return forms.BackgroundForm(data, instance=profile, previous_url=previous_url)
        if self.step.slug == "interests":
            ranked = (
                list(self.application.ranked_specialties.values_list("specialty_id", flat=True))
                if self.started
                else []
            )
            return forms.InterestsForm(
                data, instance=self.application, previous_url=previous_url, ranked=ranked
            )
        return forms.SubmitForm(data)

    def save(self, form) -> None:
        data, application, user = form.cleaned_data, self.application, self.request.user
        if self.step.slug == "personal":
            services.save_personal_details(application=application, by=user, **data)
        elif self.step.slug == "background":
            services.save_background(application=application, by=user, **data)
        elif self.step.slug == "interests":
            services.save_interests(
                application=application,
                by=user,
                specialties=form.ranked_specialties,
                preferred_start=data["preferred_start"],
                program_weeks=data["program_weeks"],
                target_specialty=data["target_specialty"],
                career_goals=data["career_goals"],
                personal_statement=data["personal_statement"],
            )

    def save_draft(self, form) -> list[str]:
        """Save a draft: every field that passed its checks is saved through the drafts
        service; a refused field keeps its stored value. Returns what was not saved, as
        "Label (reason)", and leaves on the form only the errors of those fields (a field
        left as it was loses nothing, so its error waits for "Save and continue")."""
        groups = getattr(form, "draft_groups", {})
        grouped = {name for names in groups.values() for name in names}
        changed = set(form.changed_data)
        answers = {
            name: form.cleaned_data[name]
            for name in form.fields
            if name not in grouped and name not in form.errors and name in form.cleaned_data
        }
        for group, names in groups.items():
            if any(name in form.errors for name in names):
                for name in names:
                    if name in changed and name not in form.errors:
                        form.add_error(name, form.draft_group_reason)
            else:  # the only group is step 3's ranking
                answers[group] = form.ranked_specialties
        for name in list(form.errors):
            if name != NON_FIELD_ERRORS and name not in changed:
                del form.errors[name]
        services.save_draft_answers(
            application=self.application, by=self.request.user, step=self.step.slug, answers=answers
        )
        return [
            _("%(field)s (%(reason)s)")
            % {"field": form[name].label, "reason": " ".join(form.errors[name])}
            for name in form.fields
            if name in form.errors
        ]

    # --- request handling ----------------------------------------------------------------
    def render_step(self, form, status=200):
        context = steps_context(application=self.application, current=self.step.slug)
        context["form"] = form
        context["not_started"] = not self.started
        if self.step.slug == "review":
            context.update(self.review_context())
        template = "apply_review" if self.step.slug == "review" else "apply_form"
        return render(self.request, f"applications/{template}.html", context, status=status)

    def review_context(self) -> dict:
        application, user = self.application, self.request.user
        started = self.started
        documents = list(application.documents.order_by("uploaded_at", "pk")) if started else []
        return {
            "profile": getattr(user, "applicant_profile", None) or ApplicantProfile(user=user),
            "ranked": (
                application.ranked_specialties.select_related("specialty") if started else []
            ),
            "checklist": selectors.document_checklist(application=application, documents=documents),
            "problems": selectors.submission_problems(application=application, documents=documents),
        }

    def get(self, request, step):
        if not self.application.is_draft:
            messages.info(request, _("Your application has been submitted; here is where it is."))
            return redirect("applications:dashboard")
        return self.render_step(self.get_form())

    def post(self, request, step):
        if not self.application.is_draft:
            messages.error(
                request, _("Your application has been submitted and can no longer be changed.")
            )
            return redirect("applications:dashboard")
        self.start_draft()  # the first POST stores the draft, even if the form is refused
        form = self.get_form(request.POST)
        if "stay" in request.POST and self.step.slug in self.form_steps:
            return self.post_draft(form)
        if not form.is_valid():
            return self.render_step(form, status=400)
        if self.step.slug == "review":
            return self.submit(form)
        try:
            self.save(form)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_step(form, status=400)
        context = steps_context(application=self.application, current=self.step.slug)
        messages.success(request, _("%(step)s saved.") % {"step": self.step.title})
        return redirect(context["next_step"].url)

    def post_draft(self, form):
        form.is_valid()  # runs every check; the valid fields are saved whatever the others
        try:
            not_saved = self.save_draft(form)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
            return self.render_step(form, status=400)
        if not_saved:
            # Shown again with what was typed, so a refused value is not lost either.
            messages.warning(
                self.request,
                _("Draft saved. Not saved: %(fields)s") % {"fields": "; ".join(not_saved)},
            )
            return self.render_step(form, status=400)
        messages.success(self.request, _("Draft saved. You can come back and continue any time."))
        return redirect(self.step.url)

    def submit(self, form):
        try:
            services.submit_application(application=self.application, by=self.request.user)
        except services.SubmissionIncomplete:
            form.add_error(None, _("Your application is not complete yet. See the list below."))
            return self.render_step(form, status=400)
        except services.TransitionError as error:
            form.add_error(None, str(error))
            return self.render_step(form, status=400)
        messages.success(
            self.request,
            _(
                "Your application was submitted. We have emailed you a receipt; the program "
                "office will review it and write to you."
            ),
        )
        return redirect("applications:dashboard")

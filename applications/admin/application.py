"""Staff review in Django admin.

Nothing here edits an application, a document or a status by hand: the change pages are
read-only, and every decision (a status move, verifying or rejecting a document, a note) is
a button or an action that calls applications.services, which checks the role again.
Who sees which button is decided by applications.permissions.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_field
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q, QuerySet
from django.http import (
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hmc_portal.admin_lists import QuickChangeList
from hmc_portal.admin_mixins import ReadOnlyAdminMixin, quick_hidden_inputs_renderer
from hmc_portal.audit.admin import AuditHistoryMixin, with_admin_urls
from hmc_portal.audit.selectors import log_for_person

from .. import permissions, services
from ..enums import ApplicationStatus, DocumentStatus
from ..lifecycle import STATUS_EMAILS, find_move
from ..models import (
    ApplicantProfile,
    Application,
    InternalNote,
    Interview,
    StatusChange,
)
from ..selectors.review import (
    applicants_matching,
    applications_for_review,
    document_counts,
    emails_to_applicant,
    for_review_list,
    for_review_page,
    preview_kind,
    review_summary,
    search_terms,
    specialty_names,
    unverified_documents,
)
from ..services.drafts import DRAFT_FIELDS
from ..services.interviews import INTERVIEW_STAGES
from .dossier import DossierAdminMixin
from .export import csv_response
from .listing import (
    CitizenshipFilter,
    DocumentsFilter,
    IntakeFilter,
    PageKeysPaginator,
    SpecialtyFilter,
)
from .review import (
    MOVE_LABELS,
    MoveForm,
    NoteForm,
    Outcome,
    ServiceViewsMixin,
    move_label,
    results_response,
)

S = ApplicationStatus

# How many entries the application page lists of what happened to the applicant.
APPLICANT_ACTIVITY_LIMIT = 200


# --- Inlines of the application page ----------------------------------------------------------


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    # Django's tabular markup without its editing branches (no add, change or delete here).
    template = "admin/edit_inline/readonly_tabular.html"

    def get_formset(self, request, obj=None, **kwargs):
        # The rows' keys and the management form are hidden inputs: written in Python.
        kwargs.setdefault("renderer", quick_hidden_inputs_renderer())
        return super().get_formset(request, obj, **kwargs)


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = _("status history")
    fields = ["created_at", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class InternalNoteInline(ReadOnlyInline):
    model = InternalNote
    verbose_name_plural = _("internal notes (never shown to the applicant)")
    fields = ["created_at", "author", "body"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class InterviewInline(ReadOnlyInline):
    model = Interview
    fields = [
        "starts_at",
        "duration_minutes",
        "meeting_url",
        "interviewer",
        "status",
        "recommendation",
        "outcome_notes",
    ]
    readonly_fields = fields
    show_change_link = True  # the interview admin reschedules, cancels, records the outcome

    def get_queryset(self, request):
        # Each row is named by its interview's applicant (Interview.__str__).
        return super().get_queryset(request).select_related("interviewer", "application__applicant")


# --- The application list and page ------------------------------------------------------------


# The applicant's profile answers in the wizard's order: step 1's (after the account's own
# names and zone), then the medical background.
PROFILE_FIELDS = [
    name
    for step in ("personal", "background")
    for name in DRAFT_FIELDS[step]
    if name in {field.name for field in ApplicantProfile._meta.get_fields()}
]


def _profile_display(name: str):
    field = ApplicantProfile._meta.get_field(name)

    def display(self, application):
        profile = getattr(application.applicant, "applicant_profile", None)
        if profile is None:
            return self.get_empty_value_display()
        value = getattr(profile, name)
        if isinstance(field, CountryField):
            # The country's name, as display_for_field gives it from the field's choices,
            # without translating and flattening the names of all 250 countries to find it.
            return (value.name if value else "") or self.get_empty_value_display()
        return display_for_field(value, field, self.get_empty_value_display())

    display.short_description = field.verbose_name
    display.__name__ = f"profile_{name}"
    return display


class ApplicationChangeList(QuickChangeList):
    """The staff list: the page's rows read what the columns show (selectors.for_review_list)
    and are written in one pass. The list's own query (filters, actions, the export) keeps
    applications_for_review()'s prefetches, which the actions' pages read."""

    def get_results(self, request):
        super().get_results(request)
        if isinstance(self.result_list, QuerySet):
            self.result_list = for_review_list(self.result_list)


def _move_action(to: str):
    def action(modeladmin, request, queryset):
        return modeladmin.bulk_move(request, queryset, to)

    action.__name__ = f"move_to_{to}"
    return admin.action(
        description=format_lazy(_("{move}: selected applications"), move=MOVE_LABELS[to]),
        permissions=["change_status"],
    )(action)


class ApplicationAdmin(
    DossierAdminMixin, AuditHistoryMixin, ReadOnlyAdminMixin, ServiceViewsMixin, admin.ModelAdmin
):
    list_display = [
        "applicant_name",
        "applicant_email",
        "country",
        "specialties_list",
        "status",
        "submitted_at",
        "documents",
        "next_interview",
    ]
    list_filter = [
        "status",
        SpecialtyFilter,
        CitizenshipFilter,
        "submitted_at",
        DocumentsFilter,
        IntakeFilter,
    ]
    search_fields = [
        "applicant__first_name",
        "applicant__last_name",
        "applicant__email",
        "applicant__applicant_profile__medical_school",
    ]
    search_help_text = _("Name, email or medical school.")
    ordering = [F("submitted_at").desc(nulls_last=True), "-pk"]
    list_select_related = ["applicant__applicant_profile"]
    show_full_result_count = False
    list_per_page = 100
    paginator = PageKeysPaginator
    actions = [
        "export_selected_csv",
        "download_dossiers",
        *[_move_action(to) for to in MOVE_LABELS],
    ]
    # The documents are on the review screen at the top of the page (preview, Verify, Reject).
    inlines = [InternalNoteInline, InterviewInline, StatusChangeInline]
    fieldsets = [
        (
            _("Applicant"),
            {
                "fields": [
                    "applicant_name",
                    "applicant_email",
                    "applicant_timezone",
                    *[f"profile_{name}" for name in PROFILE_FIELDS[:4]],
                ]
            },
        ),
        (
            _("Medical background"),
            {"fields": [f"profile_{name}" for name in PROFILE_FIELDS[4:]]},
        ),
        (
            _("Application"),
            {
                "fields": [
                    "intake",
                    "status",
                    "specialties_list",
                    "preferred_start",
                    "program_weeks",
                    "target_specialty",
                    "career_goals",
                    "personal_statement",
                    "declaration_accepted_at",
                    "submitted_at",
                    "offer_expires_at",
                    "withdrawal_reason",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "applicant_name",
        "applicant_email",
        "applicant_timezone",
        *[f"profile_{name}" for name in PROFILE_FIELDS],
        "status",
        "specialties_list",
        "declaration_accepted_at",
        "submitted_at",
        "offer_expires_at",
        "withdrawal_reason",
        "created_at",
        "updated_at",
    ]

    # -- permissions: the page is read-only for everybody; decisions go through services --

    def has_change_status_permission(self, request):
        return permissions.can_change_status(request.user)

    def get_changelist(self, request, **kwargs):
        return ApplicationChangeList

    def get_queryset(self, request):
        queryset = applications_for_review()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_object(self, request, object_id, from_field=None):
        """Django's lookup of the page's application (ModelAdmin.get_object), from
        selectors.for_review_page: the review screen names each document's reviewer. (The
        admin's queryset holds every application too, only ordered and annotated for the
        list.)"""
        queryset = for_review_page()
        model = queryset.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            object_id = field.to_python(object_id)
            return queryset.get(**{field.name: object_id})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def get_search_results(self, request, queryset, search_term):
        """Any part of the name, the email or the medical school, as `search_fields` says,
        but asked of each table on its own (selectors.applicants_matching), where the
        trigram indexes answer it; the admin's own search ORs the columns across the joined
        tables, which only a scan of every row can answer. Substring search stays because
        staff look people up by a part of a name or a school ("Lagos"), which a prefix
        search would miss."""
        queryset = queryset.filter(
            *(Q(applicant_id__in=applicants_matching(term)) for term in search_terms(search_term))
        )
        return queryset, False

    # -- columns ------------------------------------------------------------------------------

    @admin.display(description=_("applicant"), ordering="applicant__last_name")
    def applicant_name(self, application):
        return application.applicant.get_full_name() or application.applicant.email

    @admin.display(description=_("email"), ordering="applicant__email")
    def applicant_email(self, application):
        return application.applicant.email

    @admin.display(description=_("time zone"))
    def applicant_timezone(self, application):
        return application.applicant.timezone

    @admin.display(description=_("country"), ordering="applicant__applicant_profile__country")
    def country(self, application):
        profile = getattr(application.applicant, "applicant_profile", None)
        return (profile.country.name if profile else "") or self.get_empty_value_display()

    @admin.display(description=_("specialties of interest"))
    def specialties_list(self, application):
        return ", ".join(specialty_names(application)) or self.get_empty_value_display()

    @admin.display(description=_("required documents"))
    def documents(self, application):
        return str(document_counts(application=application))

    @admin.display(description=_("next interview"), ordering="next_interview_at")
    def next_interview(self, application):
        return getattr(application, "next_interview_at", None)

    # -- the change page ---------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            user = request.user
            can_review = permissions.can_review(user)
            moves = permissions.allowed_status_moves(user, obj)
            context.update(
                status_moves=[
                    (move_label(to, obj.status), self._url("move", obj.pk, to))
                    for to in MOVE_LABELS
                    if to in moves
                ],
                interview_links=self._interview_links(user, obj),
                can_change_status=permissions.can_change_status(user),
                can_review=can_review,
                unverified_documents=(
                    unverified_documents(application=obj, documents=list(obj.documents.all()))
                    if S.ACCEPTED in moves
                    else []
                ),
                **self._review_context(user, obj),
                note_form=NoteForm() if can_review else None,
                note_url=self._url("add_note", obj.pk),
                emails=list(emails_to_applicant(application=obj)),
                can_view_emails=user.has_perm("notifications.view_notification"),
                **self._activity_context(user, obj),
                **self.dossier_context(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _review_context(self, user, application: Application) -> dict:
        """The review screen: the summary header and each document with its preview and,
        for a reviewer or coordinator once the application is submitted, Verify / Reject."""
        documents = list(application.documents.all())
        reviewable = permissions.can_review(user) and not application.is_draft
        return {
            "review_summary": review_summary(application=application, documents=documents),
            "review_documents": [
                {
                    "document": document,
                    "preview": preview_kind(document),
                    "preview_url": reverse(
                        "admin:applications_document_preview", args=[document.pk]
                    ),
                    "download_url": reverse("applications:document_download", args=[document.pk]),
                    "can_verify": reviewable and document.status != DocumentStatus.VERIFIED,
                    "can_reject": reviewable and document.status != DocumentStatus.REJECTED,
                    "verify_url": reverse("admin:applications_document_verify", args=[document.pk]),
                    "reject_url": reverse("admin:applications_document_reject", args=[document.pk]),
                }
                for document in documents
            ],
            "documents_reviewable": reviewable,
        }

    def _activity_context(self, user, application: Application) -> dict:
        """Everything that happened to the applicant, whatever the object (their
        applications, documents, interviews, rotation requests...), newest first and bounded;
        one query whatever the number of entries."""
        if not user.has_perm("audit.view_activitylog"):
            return {"applicant_activity": None}
        entries = list(log_for_person(application.applicant)[: APPLICANT_ACTIVITY_LIMIT + 1])
        return {
            "applicant_activity": with_admin_urls(entries[:APPLICANT_ACTIVITY_LIMIT]),
            "applicant_activity_truncated": len(entries) > APPLICANT_ACTIVITY_LIMIT,
            "applicant_activity_limit": APPLICANT_ACTIVITY_LIMIT,
        }

    def _interview_links(self, user, application: Application) -> list[tuple[str, str]]:
        """Scheduling lives in the interview admin (admin.interviews): link to it."""
        if not (
            permissions.can_schedule_interviews(user) and application.status in INTERVIEW_STAGES
        ):
            return []
        query = f"?application={application.pk}"
        return [
            (gettext("Schedule an interview"), reverse("admin:applications_interview_add") + query),
            (
                gettext("Offer interview times"),
                reverse("admin:applications_interview_offer_slots") + query,
            ),
        ]

    # -- URLs of the buttons -------------------------------------------------------------------

    def _url(self, name: str, *args) -> str:
        return reverse(f"admin:applications_application_{name}", args=args)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("export/", wrap(self.export_view), name="applications_application_export"),
            path(
                "<path:object_id>/move/<slug:to>/",
                wrap(self.move_view),
                name="applications_application_move",
            ),
            path(
                "<path:object_id>/notes/",
                wrap(self.add_note_view),
                name="applications_application_add_note",
            ),
            *super().get_urls(),
        ]

    def move_view(self, request, object_id, to):
        """One staff move from the change page: a confirmation page with the optional
        message to the applicant, then the service."""
        if not permissions.can_change_status(request.user):
            raise PermissionDenied
        if to not in MOVE_LABELS:
            raise Http404(gettext("No such move."))
        application = self._get_or_404(request, object_id)
        label = move_label(to, application.status)
        change_url = self._url("change", application.pk)
        form = MoveForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                application = services.change_status(
                    application=application, to=to, by=request.user, note=form.cleaned_data["note"]
                )
            except services.ApplicationError as error:
                self.message_user(request, f"{application}: {error}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(application)s: %(move)s done; the status is now %(status)s.")
                    % {
                        "application": application,
                        "move": label,
                        "status": application.get_status_display(),
                    },
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(change_url)
        if to not in permissions.allowed_status_moves(request.user, application):
            self.message_user(
                request,
                gettext("%(application)s is %(status)s: “%(move)s” is not possible now.")
                % {
                    "application": application,
                    "status": application.get_status_display().lower(),
                    "move": label,
                },
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        return TemplateResponse(
            request,
            "admin/applications/application/move_confirm.html",
            self._context(
                request,
                title=gettext("%(move)s: %(application)s")
                % {"move": label, "application": application},
                move_label=label,
                to_label=S(to).label,
                sends_email=bool(getattr(find_move(application.status, to), "email", "")),
                rows=self._move_rows([application], to),
                check_documents=to == S.ACCEPTED,
                form=form,
                cancel_url=change_url,
                bulk=False,
            ),
        )

    def bulk_move(self, request, queryset: QuerySet[Application], to: str):
        """The changelist actions: a confirmation page listing the applications, then the
        service once per application and a page saying which moved and why others did not."""
        if not permissions.can_change_status(request.user):
            raise PermissionDenied
        applications = list(queryset)
        form = MoveForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            outcomes = []
            for application in applications:
                try:
                    moved = services.change_status(
                        application=application,
                        to=to,
                        by=request.user,
                        note=form.cleaned_data["note"],
                    )
                except services.ApplicationError as error:
                    outcomes.append(self._outcome(application, False, str(error)))
                else:
                    outcomes.append(
                        self._outcome(
                            application,
                            True,
                            gettext("Moved to %(status)s.")
                            % {"status": moved.get_status_display()},
                        )
                    )
            return self._results(
                request, gettext("%(move)s: results") % {"move": MOVE_LABELS[to]}, outcomes
            )
        return TemplateResponse(
            request,
            "admin/applications/application/move_confirm.html",
            self._context(
                request,
                title=ngettext(
                    "%(move)s: %(count)d application",
                    "%(move)s: %(count)d applications",
                    len(applications),
                )
                % {"move": MOVE_LABELS[to], "count": len(applications)},
                move_label=MOVE_LABELS[to],
                to_label=S(to).label,
                sends_email=to in STATUS_EMAILS,
                rows=self._move_rows(applications, to),
                check_documents=to == S.ACCEPTED,
                form=form,
                action=f"move_to_{to}",
                cancel_url=request.get_full_path(),
                bulk=True,
            ),
        )

    def _move_rows(self, applications: list[Application], to: str) -> list[dict]:
        return [
            {
                "application": application,
                "unverified": (
                    unverified_documents(
                        application=application, documents=list(application.documents.all())
                    )
                    if to == S.ACCEPTED
                    else []
                ),
            }
            for application in applications
        ]

    def _outcome(self, application: Application, done: bool, message: str) -> Outcome:
        return Outcome(str(application), self._url("change", application.pk), done, message)

    def _results(self, request, title: str, outcomes: list[Outcome]):
        return results_response(self, request, title, outcomes)

    def add_note_view(self, request, object_id):
        """Add an internal note from the change page, through the service."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not permissions.can_review(request.user):
            raise PermissionDenied
        application = self._get_or_404(request, object_id)
        form = NoteForm(request.POST)
        if form.is_valid():
            try:
                services.add_internal_note(
                    application=application, by=request.user, body=form.cleaned_data["body"]
                )
            except services.ApplicationError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, gettext("Internal note added."), messages.SUCCESS)
        else:
            self.message_user(request, gettext("Write the note first."), messages.ERROR)
        return HttpResponseRedirect(self._url("change", application.pk))

    # -- CSV export ---------------------------------------------------------------------------

    @admin.action(description=_("Export selected as CSV"), permissions=["view"])
    def export_selected_csv(self, request, queryset):
        return csv_response(queryset)

    def export_view(self, request):
        """The whole filtered, searched and ordered list as CSV: the changelist's own
        ChangeList reads the same query string."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(self._url("changelist") + "?e=1")
        return csv_response(changelist.get_queryset(request))


for _name in PROFILE_FIELDS:
    setattr(ApplicationAdmin, f"profile_{_name}", _profile_display(_name))


class ApplicantProfileAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Staff correct an applicant's profile here; the save goes through
    services.update_applicant_profile, which validates and logs it."""

    list_display = ["user", "country", "medical_school", "graduation_year"]
    search_fields = ["user__email", "user__last_name", "medical_school"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user"] if obj is not None else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.ApplicationError as error:
            # The service refused what the form let through; the admin's transaction
            # rolled back, so nothing was saved.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name != "user"}
        profile = services.update_applicant_profile(user=obj.user, by=request.user, **changed)
        # The admin goes on with `obj` (its own log entry, the redirect): make it the row.
        obj.pk = profile.pk
        obj._state.adding = False

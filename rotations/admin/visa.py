"""Visa invitation letter requests in admin: what the applicant entered beside their
verified passport, filters by state, the soonest consulate interview first; a coordinator
approves (the letter is issued and emailed) or sends back with a reason."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.admin_mixins import ApplicantColumnMixin, ReadOnlyAdminMixin

from ..arrival import visa_services as services
from ..arrival.eligibility import passport_document
from ..arrival.visa_forms import SendBackForm
from ..enums import VisaLetterStatus
from ..errors import VisaLetterError
from ..models import VisaLetterRequest


class StateFilter(admin.SimpleListFilter):
    """Waiting for a decision, approved (ever), issued (a valid letter now), revoked."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting")),
            ("approved", _("Approved")),
            ("issued", _("Issued")),
            ("revoked", _("Revoked")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "waiting":
            return queryset.filter(status=VisaLetterStatus.WAITING)
        if value == "approved":
            return queryset.filter(letters_issued__gt=0)
        if value == "issued":
            return queryset.filter(status=VisaLetterStatus.ISSUED)
        if value == "revoked":
            return queryset.filter(status=VisaLetterStatus.REVOKED)
        return queryset


@admin.register(VisaLetterRequest)
class VisaLetterRequestAdmin(ApplicantColumnMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "passport_name",
        "applicant",
        "status",
        "consulate",
        "interview_date",
        "created_at",
        "number",
    ]
    list_filter = [StateFilter, "status"]
    list_select_related = ["application__applicant", "letter"]
    search_fields = ["passport_name", "passport_number", "application__applicant__email"]
    fields = [
        "application",
        "status",
        "passport_check",
        "consulate",
        "interview_date",
        "created_at",
        "decided_at",
        "decided_by",
        "send_back_reason",
        "letter_link",
        "revoked_at",
    ]
    readonly_fields = fields
    actions = ["approve", "send_back"]

    def get_ordering(self, request):
        # The soonest consulate interview first; requests without a date after them.
        return [F("interview_date").asc(nulls_last=True), "created_at"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("rotations.view_visaletterrequest")

    def has_decide_permission(self, request):
        return request.user.has_perm("rotations.change_visaletterrequest")

    @admin.display(description=_("letter number"))
    def number(self, obj):
        return obj.letter_number if obj.letters_issued else "–"

    @admin.display(description=_("current letter"))
    def letter_link(self, obj):
        if obj.letter_id is None:
            return "–"
        url = reverse("admin:issuance_issueddocument_change", args=[obj.letter_id])
        return format_html('<a href="{}">{}</a>', url, obj.letter)

    @admin.display(description=_("entered by the applicant, beside the passport on file"))
    def passport_check(self, obj):
        """The details to check, side by side with the passport document (open it to
        compare): approve only when they match."""
        document = passport_document(obj.application)
        if document is None:
            on_file = gettext("No passport uploaded.")
        else:
            url = reverse("applications:document_download", args=[document.pk])
            on_file = format_html(
                '<a href="{}">{}</a> ({})',
                url,
                document.original_name,
                document.get_status_display(),
            )
        rows = [
            (gettext("Full name (machine-readable zone)"), obj.passport_name),
            (gettext("Date of birth"), obj.date_of_birth),
            (gettext("Nationality"), obj.nationality.name),
            (gettext("Passport number"), obj.passport_number),
            (gettext("Passport expiry date"), obj.passport_expiry),
        ]
        body = format_html(
            "<tr><th>{}</th><td>{}</td><td rowspan='{}'>{}</td></tr>",
            rows[0][0],
            rows[0][1],
            len(rows),
            on_file,
        )
        for label, value in rows[1:]:
            body += format_html("<tr><th>{}</th><td>{}</td></tr>", label, value)
        return format_html(
            '<table class="visa-passport-check"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            gettext("Field"),
            gettext("Entered"),
            gettext("Passport document"),
            body,
        )

    @admin.action(
        description=_("Approve the selected requests and issue their letters"),
        permissions=["decide"],
    )
    def approve(self, request, queryset):
        if not self.has_decide_permission(request):
            raise PermissionDenied
        done = 0
        for visa_request in queryset.filter(status=VisaLetterStatus.WAITING):
            try:
                services.approve_visa_letter_request(visa_request=visa_request, by=request.user)
                done += 1
            except VisaLetterError as error:
                self.message_user(request, f"{visa_request}: {error}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d letter issued.", "%(count)d letters issued.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Send the selected requests back to the applicant (with a reason)"),
        permissions=["decide"],
    )
    def send_back(self, request, queryset):
        """Asks for the reason the applicant reads, then sends each request back."""
        if not self.has_decide_permission(request):
            raise PermissionDenied
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done = 0
            for visa_request in queryset:
                try:
                    services.send_back_visa_letter_request(
                        visa_request=visa_request,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except VisaLetterError as error:
                    self.message_user(request, f"{visa_request}: {error}", messages.ERROR)
            self.message_user(
                request,
                ngettext("%(count)d request sent back.", "%(count)d requests sent back.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Send visa letter requests back"),
            "visa_requests": list(queryset),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "rotations/admin/visa_letter_send_back.html", context)

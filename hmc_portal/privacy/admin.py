"""Erasure requests in admin: read-only (they are written by the services), and the page
staff use to erase an account at once for a request received by mail (linked from the
user's page, see erase_account_view)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.audit.admin import AuditHistoryMixin

from .errors import ErasureError
from .forms import StaffErasureForm
from .models import ErasureRequest
from .selectors import scheduled_erasure, what_erasure_deletes, what_erasure_keeps
from .services.erasure import erase_account_now, erasure_refusal


@admin.register(ErasureRequest)
class ErasureRequestAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """Who asked, when it is due or was done, and what each shredder did. The account is
    shown by its id: after the erasure nothing personal is left to show anyway."""

    list_display = ["__str__", "account", "status", "requested_at", "erase_after", "done_at"]
    list_filter = ["status"]
    search_fields = ["user__id__exact"]  # compared as text: any term is a safe search
    date_hierarchy = "requested_at"
    fields = [
        "account",
        "status",
        "requested_at",
        "erase_after",
        "requested_by",
        "reason",
        "held_at",
        "cancelled_at",
        "done_at",
        "summary",
    ]
    readonly_fields = fields

    @admin.display(description=_("account"), ordering="user_id")
    def account(self, obj) -> str:
        return gettext("Account %(id)s") % {"id": obj.user_id}

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def erase_account_view(model_admin, request, object_id):
    """The user admin's "Erase this account": what will be erased and kept, a required
    reason, then the erasure at once (services.erasure.erase_account_now). Needs
    privacy.erase_account (403 otherwise); a blocker is shown and the form left out."""
    if not request.user.has_perm("privacy.erase_account"):
        raise PermissionDenied
    account = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    opts = model_admin.model._meta
    change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[account.pk])
    form = StaffErasureForm(request.POST or None)
    refusal = erasure_refusal(user=account)
    erased_already = ErasureRequest.objects.filter(user=account, status="done").exists()
    if request.method == "POST" and form.is_valid() and not refusal and not erased_already:
        try:
            erasure = erase_account_now(
                user=account, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ErasureError as error:
            form.add_error(None, str(error))
        else:
            model_admin.message_user(
                request,
                gettext("Account %(id)s was erased; what was kept is listed on its request.")
                % {"id": account.pk},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:privacy_erasurerequest_change", args=[erasure.pk])
            )
    return TemplateResponse(
        request,
        "admin/privacy/erase.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": gettext("Erase the account of %(person)s") % {"person": account},
            "account": account,
            "form": form,
            "refusal": refusal,
            "erased_already": erased_already,
            "waiting": scheduled_erasure(user=account),
            "deletes": what_erasure_deletes(),
            "keeps": what_erasure_keeps(),
            "cancel_url": change_url,
        },
    )

"""Releasing the places of an applicant who has not paid, in the invoices' admin: the
"Places held until" column (an active declared wire), the "Overdue, places may be
released" filter, and "Release places for non-payment" as a list action and as a button on
the invoice, both asking before acting. Coordinators act through
billing.services.release_unpaid_places; reviewers see the column and the filter only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hmc_portal.ids import parse_id

from . import services
from .admin_actions import action_page, each, with_form
from .enums import InvoiceStatus
from .models import Invoice, local_today
from .places import releasable, with_hold


class OverdueFilter(admin.SimpleListFilter):
    """Overdue invoices; those whose places a coordinator may release today; the others."""

    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Overdue")),
            ("release", _("Overdue, places may be released")),
            ("no", _("Not overdue")),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        overdue = Q(status=InvoiceStatus.OPEN, due_date__lt=today)
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "release":
            return releasable(queryset, today=today)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class ConfirmReleaseForm(forms.Form):
    """Nothing to fill in: the page only asks before the places go."""


def _intro() -> str:
    return gettext(
        "The applicant's rotation requests are cancelled (confirmed places go to the waiting "
        "lists); the applicant and the preceptors are emailed. The invoice stays open: the "
        "applicant may still pay it."
    )


def _done(count: int) -> str:
    return (
        ngettext("Places released for %d invoice.", "Places released for %d invoices.", count)
        % count
    )


class ReleasePlacesAdminMixin:
    """For InvoiceAdmin (whose queryset carries `paid_total`)."""

    def get_queryset(self, request):
        return with_hold(super().get_queryset(request), today=local_today())

    @admin.display(description=_("places held until"), ordering="held_until")
    def places_held_until(self, obj):
        return obj.held_until or "—"

    def has_release_permission(self, request) -> bool:
        return services.may_release_places(request.user)

    @admin.action(description=_("Release places for non-payment…"), permissions=["release"])
    def release_places(self, request, queryset):
        if not self.has_release_permission(request):
            raise PermissionDenied
        return with_form(
            self,
            request,
            queryset,
            form_class=ConfirmReleaseForm,
            call=lambda invoice, data: services.release_unpaid_places(
                invoice=invoice, by=request.user
            ),
            done_message=_done,
            action="release_places",
            title=gettext("Release places for non-payment"),
            intro=_intro(),
            button=gettext("Release places"),
        )

    # -- the button on one invoice -------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = parse_id(object_id)
        obj = Invoice.objects.filter(pk=pk).first() if pk is not None else None
        show = (
            obj is not None
            and obj.status == InvoiceStatus.OPEN
            and self.has_release_permission(request)
        )
        extra_context = {
            **(extra_context or {}),
            "release_places_url": (
                reverse("admin:billing_invoice_release_places", args=[obj.pk]) if show else ""
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/release-places/",
                self.admin_site.admin_view(self.release_places_view),
                name="billing_invoice_release_places",
            ),
            *super().get_urls(),
        ]

    def release_places_view(self, request, object_id):
        """Asks, then releases the places of one invoice; a refusal is shown as it is."""
        if not self.has_release_permission(request):
            raise PermissionDenied
        pk = parse_id(object_id)
        if pk is None:
            raise Http404
        invoice = get_object_or_404(Invoice, pk=pk)
        if request.method == "POST" and request.POST.get("post") == "yes":
            each(
                self,
                request,
                [invoice],
                lambda obj: services.release_unpaid_places(invoice=obj, by=request.user),
                _done,
            )
            return redirect("admin:billing_invoice_change", invoice.pk)
        return action_page(
            self,
            request,
            objects=[invoice],
            form=ConfirmReleaseForm(),
            action="release_places",
            title=gettext("Release places for non-payment"),
            intro=_intro(),
            button=gettext("Release places"),
            cancel_url=reverse("admin:billing_invoice_change", args=[invoice.pk]),
        )

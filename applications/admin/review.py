"""Pieces the review admin pages share: the staff moves' labels, the small forms, the
result page of a bulk action, CSV cells."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..enums import ApplicationStatus
from ..lifecycle import STAFF_MOVES

S = ApplicationStatus

# The buttons and actions of the staff moves (permissions.STAFF_MOVES), in lifecycle order.
MOVE_LABELS: dict[str, str] = {
    S.UNDER_REVIEW: _("Start review"),
    S.INTERVIEW: _("Invite to interview"),
    S.ACCEPTED: _("Accept (make an offer)"),
    S.WAITLISTED: _("Waitlist"),
    S.REJECTED: _("Reject"),
    S.ENROLLED: _("Enrol"),
    S.COMPLETED: _("Mark completed"),
}
assert set(MOVE_LABELS) == STAFF_MOVES
# Where a move to the same status reads differently from another status (by source, target).
MOVE_LABELS_FROM: dict[tuple[str, str], str] = {
    (S.COMPLETED, S.ENROLLED): _("Reopen completion"),
}


def move_label(to: str, source: str = "") -> str:
    """The button's words for the move from `source` to `to`."""
    return MOVE_LABELS_FROM.get((source, to), MOVE_LABELS[to])


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the applicant (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Shown in the status email and on the applicant's dashboard."),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("New internal note"),
        max_length=5000,
        # The field sits in the read-only change form; `form` ties it to the note's own
        # form, rendered after it (forms cannot nest).
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60, "form": "internal-note-form"}),
        help_text=_("Only staff see internal notes, never the applicant."),
    )


@dataclass(frozen=True)
class Outcome:
    """One line of a bulk action's result page."""

    label: str
    url: str
    done: bool
    message: str


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def csv_cell(value) -> str:
    """A value as a CSV cell that a spreadsheet will not run as a formula (applicants type
    their own names)."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def local_iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def admin_context(modeladmin, request, **extra) -> dict:
    """What every admin page of ours needs (header, sidebar, breadcrumbs)."""
    return {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "app_label": modeladmin.opts.app_label,
        **extra,
    }


class ServiceViewsMixin:
    """For a ModelAdmin whose extra views (buttons that call a service) need the object or a
    404, and the context every admin page of ours needs."""

    def _get_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such %(kind)s.") % {"kind": self.opts.verbose_name})
        return obj

    def _context(self, request, **extra) -> dict:
        return admin_context(self, request, **extra)


def results_response(modeladmin, request, title: str, outcomes: list[Outcome]):
    """The page after a bulk action: one line per object, done or why not."""
    done = sum(outcome.done for outcome in outcomes)
    refused = len(outcomes) - done
    if refused:
        message = gettext("%(done)d done, %(refused)d not done.") % {
            "done": done,
            "refused": refused,
        }
    else:
        message = ngettext("%(done)d done.", "%(done)d done.", done) % {"done": done}
    modeladmin.message_user(request, message, messages.WARNING if refused else messages.SUCCESS)
    return TemplateResponse(
        request,
        "admin/applications/results.html",
        admin_context(
            modeladmin,
            request,
            title=title,
            outcomes=outcomes,
            back_url=request.get_full_path(),
        ),
    )

"""The panels this app puts on /dashboard/privacy/ (hmc_portal.panels.privacy): the copy of
the applicant's data (order 10) and deleting the account (order 20)."""

from __future__ import annotations

from django.conf import settings

from . import selectors
from .forms import DeleteAccountForm
from .selectors import scheduled_erasure, what_erasure_deletes, what_erasure_keeps
from .services.erasure import erasure_refusal


def export_panel_context(*, request, **page_objects) -> dict:
    """ "Download my data": the newest export's state, and whether another may be asked for."""
    export = selectors.latest_export(request.user)
    return {
        "export": export,
        "can_request": export is None or not export.in_progress,
        "days": settings.DATA_EXPORT_DAYS,
    }


def erasure_context(*, request, **kwargs) -> dict:
    """What deleting the account does, and its form; or the date a waiting erasure runs and
    the button that cancels it; or why the account cannot be deleted now."""
    user = request.user
    scheduled = scheduled_erasure(user=user)
    blockers = [] if scheduled else erasure_refusal(user=user)
    return {
        "scheduled": scheduled,
        "blockers": blockers,
        "deletes": what_erasure_deletes(),
        "keeps": what_erasure_keeps(),
        "wait_days": settings.ERASURE_WAIT_DAYS,
        "form": None
        if scheduled or blockers
        else getattr(request, "erasure_form", None) or DeleteAccountForm(),
    }

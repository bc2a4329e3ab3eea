"""The panels this app puts on /dashboard/privacy/ (hmc_portal.panels.privacy)."""

from django.conf import settings

from . import selectors


def export_panel_context(*, request, **page_objects) -> dict:
    """ "Download my data": the newest export's state, and whether another may be asked for."""
    export = selectors.latest_export(request.user)
    return {
        "export": export,
        "can_request": export is None or not export.in_progress,
        "days": settings.DATA_EXPORT_DAYS,
    }

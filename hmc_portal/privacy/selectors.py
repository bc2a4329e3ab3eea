"""Named reads of the privacy app's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import DataExport

if TYPE_CHECKING:
    from hmc_portal.users.models import User


def exports_of(user: User) -> QuerySet[DataExport]:
    """The user's own exports, newest first (anyone else's are not there: a 404)."""
    return DataExport.objects.filter(user=user).order_by("-requested_at", "-pk")


def latest_export(user: User) -> DataExport | None:
    """The user's newest export, which the page shows."""
    return exports_of(user).first()

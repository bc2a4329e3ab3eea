"""Named reads of the privacy app's rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import DataExport, ErasureRequest, ErasureStatus
from .registry import shredders

if TYPE_CHECKING:
    from hmc_portal.users.models import User


def exports_of(user: User) -> QuerySet[DataExport]:
    """The user's own exports, newest first (anyone else's are not there: a 404)."""
    return DataExport.objects.filter(user=user).order_by("-requested_at", "-pk")


def latest_export(user: User) -> DataExport | None:
    """The user's newest export, which the page shows."""
    return exports_of(user).first()


def scheduled_erasure(*, user) -> ErasureRequest | None:
    """The account's erasure request still waiting, if any."""
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.SCHEDULED).first()


def what_erasure_deletes() -> list[str]:
    """What each shredder erases, in words for the applicant (its verbose_name)."""
    return [str(shredder.verbose_name) for shredder in shredders if shredder.verbose_name]


def what_erasure_keeps() -> list[str]:
    """What the shredders keep after an erasure and why (their `keeps`, the empty left out)."""
    return [str(shredder.keeps) for shredder in shredders if shredder.keeps]

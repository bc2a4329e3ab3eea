"""Named reads of the privacy package."""

from __future__ import annotations

from .models import ErasureRequest, ErasureStatus
from .registry import shredders


def scheduled_erasure(*, user) -> ErasureRequest | None:
    """The account's erasure request still waiting, if any."""
    return ErasureRequest.objects.filter(user=user, status=ErasureStatus.SCHEDULED).first()


def what_erasure_deletes() -> list[str]:
    """What each shredder erases, in words for the applicant (its verbose_name)."""
    return [str(shredder.verbose_name) for shredder in shredders if shredder.verbose_name]


def what_erasure_keeps() -> list[str]:
    """What the shredders keep after an erasure and why (their `keeps`, the empty left out)."""
    return [str(shredder.keeps) for shredder in shredders if shredder.keeps]

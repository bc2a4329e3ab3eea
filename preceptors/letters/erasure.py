"""An applicant's erasure, the letters' part: run by preceptors.privacy's shredder inside
the erasure's transaction. Not logged here: the erasure logs itself once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from hmc_portal.privacy.shredding import delete_files_on_commit

from ..models import LetterRequest

if TYPE_CHECKING:
    from hmc_portal.users.models import User


@transaction.atomic
def erase_letter_requests(*, user: User) -> int:
    """Delete the applicant's letter requests (ERAS Letter ID, target specialty, the letter's
    text, the preceptor's message) now and their letters' PDFs once the erasure commits.
    Letters already uploaded to ERAS live on there, where the applicant's ERAS account
    governs them. Returns how many requests were deleted."""
    requests = list(LetterRequest.objects.select_for_update().filter(application__applicant=user))
    delete_files_on_commit(request.letter for request in requests)
    LetterRequest.objects.filter(pk__in=[request.pk for request in requests]).delete()
    return len(requests)

"""Named reads of letter requests, each scoped to who asks (another person's request is
never in their queryset: a 404)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from applications.models import Application
from rotations.aftercare.selectors import with_aftercare
from rotations.enums import RequestStatus
from rotations.models import RotationRequest

from ..errors import LetterLinkError
from ..models import LetterRequest
from .draft import block_ready_for_letter
from .links import check_link_unused, read_letter_token

JOINS = (
    "application__applicant",
    "preceptor__user",
    "rotation_request__rotation__specialty",
    "rotation_request__rotation__site",
)


def letters_for_applicant(*, user) -> QuerySet[LetterRequest]:
    """The applicant's own letter requests, newest first."""
    return (
        LetterRequest.objects.filter(application__applicant=user)
        .select_related(*JOINS)
        .order_by("-created_at", "-pk")
    )


def letters_for_preceptor(*, preceptor_id: int) -> QuerySet[LetterRequest]:
    """The letter requests sent to one preceptor, those waiting for them first, then by due
    date."""
    return (
        LetterRequest.objects.filter(preceptor_id=preceptor_id)
        .select_related(*JOINS)
        .order_by("due_date", "pk")
    )


def blocks_ready_for_letter(
    *, application: Application, today: datetime.date
) -> list[RotationRequest]:
    """The applicant's confirmed blocks whose preceptor they may ask for a letter today."""
    blocks = with_aftercare(
        RotationRequest.objects.filter(application=application, status=RequestStatus.CONFIRMED)
        .select_related("rotation__specialty", "rotation__site", "rotation__preceptor__user")
        .order_by("rotation__start_date", "pk")
    )
    return [block for block in blocks if block_ready_for_letter(block, today=today)]


def letter_for_link(*, token: str, viewer) -> tuple[LetterRequest, str]:
    """The letter request a preceptor's one-time link opens, and the link's nonce. Raises
    LetterLinkError when the token is altered or expired, made for another preceptor (or
    the viewer is logged in as another preceptor), or used already. Changes nothing."""
    request_id, preceptor_id, nonce = read_letter_token(token)
    letter_request = LetterRequest.objects.select_related(*JOINS).filter(pk=request_id).first()
    if letter_request is None:
        raise LetterLinkError(_("This link is not valid."), reason="invalid")
    viewer_preceptor = getattr(viewer, "preceptor", None) if viewer.is_authenticated else None
    if preceptor_id != letter_request.preceptor_id or (
        viewer_preceptor is not None and viewer_preceptor.pk != letter_request.preceptor_id
    ):
        raise LetterLinkError(
            _("This link was sent to another preceptor, so it cannot be used here."),
            reason="other_preceptor",
        )
    check_link_unused(letter_request=letter_request, nonce=nonce)
    return letter_request, nonce

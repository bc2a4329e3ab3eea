"""The weekly email's one-click "Confirm full attendance" link: signed, expiring
(ATTENDANCE_LINK_MAX_AGE) and single-use. Its nonce is the attendance's state when the link
was made (the day it was confirmed through, or none): once attendance is recorded, by this
link or in the portal, the state moves on and the link is refused as used."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from hmc_portal.signed_links import LinkExpired, LinkInvalid, make_token, nonce_matches, read_token

from ..models import Attendance, RotationRequest
from .errors import AttendanceLinkError

LINK_SALT = "rotations.attendance-link"
NOT_CONFIRMED = "none"


@dataclass(frozen=True)
class AttendanceClaims:
    request_id: int
    preceptor_id: int
    state: str


def attendance_state(rotation_request: RotationRequest) -> str:
    """The nonce of the request's attendance now: the day confirmed through, or "none"."""
    try:
        return rotation_request.attendance.confirmed_through.isoformat()
    except Attendance.DoesNotExist:
        return NOT_CONFIRMED


def make_attendance_token(*, rotation_request: RotationRequest) -> str:
    return make_token(
        salt=LINK_SALT,
        claims={
            "r": rotation_request.pk,
            "p": rotation_request.rotation.preceptor_id,
            "n": attendance_state(rotation_request),
        },
    )


def attendance_link_url(*, rotation_request: RotationRequest) -> str:
    """The absolute link for the weekly email."""
    token = make_attendance_token(rotation_request=rotation_request)
    return settings.SITE_URL + reverse("preceptors:attendance_link", kwargs={"token": token})


def read_attendance_token(token: str) -> AttendanceClaims:
    """What a token says; AttendanceLinkError when altered (`invalid`) or expired."""
    try:
        data = read_token(
            token,
            salt=LINK_SALT,
            max_age=settings.ATTENDANCE_LINK_MAX_AGE,
            required=("r", "p", "n"),
        )
    except LinkExpired as exc:
        raise AttendanceLinkError(
            _(
                "This link has expired. Log in to the preceptor portal to confirm the "
                "observer's attendance."
            ),
            reason="expired",
        ) from exc
    except LinkInvalid as exc:
        raise AttendanceLinkError(
            _(
                "This link is not valid. Check that you opened the whole link from the email, "
                "or log in to the preceptor portal to confirm the attendance."
            ),
            reason="invalid",
        ) from exc
    return AttendanceClaims(request_id=data["r"], preceptor_id=data["p"], state=str(data["n"]))


def check_attendance_link_unused(*, rotation_request: RotationRequest, state: str) -> None:
    """AttendanceLinkError (`used`) when attendance was recorded since the link was made."""
    if not nonce_matches(stored=attendance_state(rotation_request), presented=state):
        raise AttendanceLinkError(
            _(
                "This link was used already: the attendance was recorded since the email was "
                "sent. Open the preceptor portal to see or correct it."
            ),
            reason="used",
        )

"""The preceptor's signed one-click link to answer a request: expiring (ROTATION_LINK_MAX_AGE)
and single-use (it carries the request's `link_nonce`, which answering clears)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .errors import RequestLinkError
from .models import RotationRequest

# A token signed for another purpose (another salt) never opens a request.
LINK_SALT = "rotations.rotation-request-link"


@dataclass(frozen=True)
class LinkClaims:
    request_id: int
    preceptor_id: int
    nonce: str


def make_request_token(*, request: RotationRequest) -> str:
    """A URL-safe token naming the request, the preceptor it was sent to and its nonce."""
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"r": request.pk, "p": request.rotation.preceptor_id, "n": request.link_nonce}
    )


def read_request_token(token: str) -> LinkClaims:
    """What a token says. Raises RequestLinkError when it was altered (`invalid`) or is
    older than ROTATION_LINK_MAX_AGE seconds (`expired`)."""
    signer = signing.TimestampSigner(salt=LINK_SALT)
    try:
        data = signer.unsign_object(token, max_age=settings.ROTATION_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise RequestLinkError(
            "This link has expired. Log in to the preceptor portal to answer the request.",
            reason="expired",
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise RequestLinkError(
            "This link is not valid. Check that you opened the whole link from the email, or "
            "log in to the preceptor portal to answer the request.",
            reason="invalid",
        ) from exc
    if not isinstance(data, dict) or not {"r", "p", "n"} <= data.keys():
        raise RequestLinkError("This link is not valid.", reason="invalid")
    return LinkClaims(request_id=data["r"], preceptor_id=data["p"], nonce=data["n"])


def check_link_unused(*, request: RotationRequest, nonce: str) -> None:
    """Raises RequestLinkError (`used`) when the request's link was answered already, i.e. its
    nonce was cleared or replaced since the link with `nonce` was made."""
    if not request.link_nonce or request.link_nonce != nonce:
        raise RequestLinkError(
            f"This link was used already: the request is {request.get_status_display().lower()}.",
            reason="used",
        )


def request_link_url(*, request: RotationRequest) -> str:
    """The absolute link for an email (SITE_URL, never the request's host)."""
    token = make_request_token(request=request)
    return settings.SITE_URL + reverse("preceptor_respond", kwargs={"token": token})

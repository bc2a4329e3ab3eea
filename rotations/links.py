"""The preceptor's signed one-click link to answer a request: expiring (ROTATION_LINK_MAX_AGE)
and single-use (it carries the request's `link_nonce`, which answering clears), on the one
scheme of hmc_portal.signed_links."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from hmc_portal.signed_links import LinkExpired, LinkInvalid, make_token, nonce_matches, read_token

from .errors import RequestLinkError
from .models import RotationRequest

# A token signed for another purpose (another salt) never opens a request.
LINK_SALT = "rotations.rotation-request-link"


@dataclass(frozen=True)
class LinkClaims:
    request_id: int
    preceptor_id: int
    nonce: str


def make_request_token(*, rotation_request: RotationRequest) -> str:
    """A URL-safe token naming the request, the preceptor it was sent to and its nonce."""
    return make_token(
        salt=LINK_SALT,
        claims={
            "r": rotation_request.pk,
            "p": rotation_request.rotation.preceptor_id,
            "n": rotation_request.link_nonce,
        },
    )


def read_request_token(token: str) -> LinkClaims:
    """What a token says. Raises RequestLinkError when it was altered (`invalid`) or is
    older than ROTATION_LINK_MAX_AGE seconds (`expired`)."""
    try:
        data = read_token(
            token, salt=LINK_SALT, max_age=settings.ROTATION_LINK_MAX_AGE, required=("r", "p", "n")
        )
    except LinkExpired as exc:
        raise RequestLinkError(
            _("This link has expired. Log in to the preceptor portal to answer the request."),
            reason="expired",
        ) from exc
    except LinkInvalid as exc:
        raise RequestLinkError(
            _(
                "This link is not valid. Check that you opened the whole link from the email, "
                "or log in to the preceptor portal to answer the request."
            ),
            reason="invalid",
        ) from exc
    return LinkClaims(request_id=data["r"], preceptor_id=data["p"], nonce=data["n"])


def check_link_unused(*, rotation_request: RotationRequest, nonce: str) -> None:
    """Raises RequestLinkError (`used`) when the request's link was answered already, i.e. its
    nonce was cleared or replaced since the link with `nonce` was made."""
    if not nonce_matches(stored=rotation_request.link_nonce, presented=nonce):
        raise RequestLinkError(
            _("This link was used already: the request is %(status)s.")
            % {"status": rotation_request.get_status_display().lower()},
            reason="used",
        )


def request_link_url(*, rotation_request: RotationRequest) -> str:
    """The absolute link for an email (SITE_URL, never the request's host)."""
    token = make_request_token(rotation_request=rotation_request)
    return settings.SITE_URL + reverse("preceptors:respond", kwargs={"token": token})

"""The preceptor's signed one-time link to accept or decline a letter request: expiring
(LETTER_LINK_MAX_AGE) and single-use (it carries the request's `link_nonce`, which answering
clears), on the one scheme of hmc_portal.signed_links."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from hmc_portal.signed_links import LinkExpired, LinkInvalid, make_token, nonce_matches, read_token

from ..errors import LetterLinkError
from ..models import LetterRequest

# A token signed for another purpose (another salt) never opens a letter request.
LINK_SALT = "preceptors.letter-request-link"


def make_letter_token(*, letter_request: LetterRequest) -> str:
    return make_token(
        salt=LINK_SALT,
        claims={
            "r": letter_request.pk,
            "p": letter_request.preceptor_id,
            "n": letter_request.link_nonce,
        },
    )


def letter_link_url(*, letter_request: LetterRequest) -> str:
    """The absolute link for an email (SITE_URL, never the request's host)."""
    token = make_letter_token(letter_request=letter_request)
    return settings.SITE_URL + reverse("preceptors:letter_respond", kwargs={"token": token})


def read_letter_token(token: str) -> tuple[int, int, str]:
    """(request id, preceptor id, nonce). LetterLinkError when altered or expired."""
    try:
        data = read_token(
            token, salt=LINK_SALT, max_age=settings.LETTER_LINK_MAX_AGE, required=("r", "p", "n")
        )
    except LinkExpired as exc:
        raise LetterLinkError(
            _("This link has expired. Log in to the preceptor portal to answer the request."),
            reason="expired",
        ) from exc
    except LinkInvalid as exc:
        raise LetterLinkError(
            _(
                "This link is not valid. Check that you opened the whole link from the email, "
                "or log in to the preceptor portal to answer the request."
            ),
            reason="invalid",
        ) from exc
    return data["r"], data["p"], data["n"]


def check_link_unused(*, letter_request: LetterRequest, nonce: str) -> None:
    if not nonce_matches(stored=letter_request.link_nonce, presented=nonce):
        raise LetterLinkError(
            _("This link was used already: the letter request is %(status)s.")
            % {"status": letter_request.get_status_display().lower()},
            reason="used",
        )

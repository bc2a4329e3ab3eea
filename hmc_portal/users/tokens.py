"""Email verification links, signed and expiring (hmc_portal.signed_links)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hmc_portal.signed_links import LinkExpired, LinkInvalid, make_token, read_token

from .errors import VerificationLinkError

# A token signed for another purpose (with another salt) never verifies an email.
VERIFICATION_SALT = "hmc_portal.users.verify-email"


def make_verification_token(*, user_id: int, email: str) -> str:
    """A URL-safe token that names the account and the address it was sent to."""
    return make_token(salt=VERIFICATION_SALT, claims={"user": user_id, "email": email.lower()})


def read_verification_token(token: str) -> tuple[int, str]:
    """The account id and address a token was made for.

    Raises VerificationLinkError when the token is altered, or older than
    EMAIL_VERIFICATION_MAX_AGE seconds (then with `expired=True`).
    """
    try:
        data = read_token(
            token,
            salt=VERIFICATION_SALT,
            max_age=settings.EMAIL_VERIFICATION_MAX_AGE,
            required=("user", "email"),
        )
    except LinkExpired as exc:
        raise VerificationLinkError(
            _("This link has expired. Ask for a new one below."), expired=True
        ) from exc
    except LinkInvalid as exc:
        raise VerificationLinkError(
            _(
                "This link is not valid. Check that you opened the whole link from the email, "
                "or ask for a new one below."
            )
        ) from exc
    return data["user"], data["email"]


def verification_url(*, user_id: int, email: str) -> str:
    """The absolute link for an email (SITE_URL, never the request's host)."""
    token = make_verification_token(user_id=user_id, email=email)
    return settings.SITE_URL + reverse("accounts:verify_email", kwargs={"token": token})


def describe_duration(seconds: int) -> str:
    """`3 days`, `1 hour`, `15 minutes`: for emails that say how long a link works."""
    units = (
        (86_400, lambda n: ngettext("%(count)s day", "%(count)s days", n)),
        (3_600, lambda n: ngettext("%(count)s hour", "%(count)s hours", n)),
        (60, lambda n: ngettext("%(count)s minute", "%(count)s minutes", n)),
    )
    for size, words in units:
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return words(count) % {"count": count}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": seconds}

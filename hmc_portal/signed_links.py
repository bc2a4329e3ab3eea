"""Signed, expiring links sent by email (verify an address, answer a request in one click):
no table, the signature is the record. One scheme for every such link:

- `make_token(salt, claims)`: a URL-safe token carrying `claims` (a small dict) and the time;
  a token made with another salt (for another purpose) never reads under this one;
- `read_token(token, salt, max_age, required)`: the claims, or LinkExpired / LinkInvalid;
- single use, where a link must work once: the claims carry a nonce that the row also holds
  and the answering service clears under the row's lock (`nonce_matches`).

Each caller turns LinkExpired / LinkInvalid into its own error and words.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core import signing


class LinkError(Exception):
    """A link that cannot be used; callers raise their own error with their own words."""


class LinkExpired(LinkError):
    """The signature is right but older than the link's lifetime."""


class LinkInvalid(LinkError):
    """Altered, cut short, made for another purpose, or missing what it must carry."""


def make_token(*, salt: str, claims: dict[str, Any]) -> str:
    """A URL-safe, timestamped token carrying `claims`, valid only under `salt`."""
    return signing.TimestampSigner(salt=salt).sign_object(claims)


def read_token(
    token: str, *, salt: str, max_age: int, required: Iterable[str] = ()
) -> dict[str, Any]:
    """The claims of a token made under `salt` at most `max_age` seconds ago, holding every
    key in `required`. Raises LinkExpired or LinkInvalid."""
    signer = signing.TimestampSigner(salt=salt)
    try:
        claims = signer.unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkInvalid from exc
    if not isinstance(claims, dict) or not set(required) <= claims.keys():
        raise LinkInvalid
    return claims


def nonce_matches(*, stored: str, presented: str) -> bool:
    """Whether a single-use link is still unused: the row still holds the nonce it carries
    (answering clears or replaces it)."""
    return bool(stored) and secrets.compare_digest(stored, presented)

"""The languages the portal speaks (settings.LANGUAGES), and speaking someone's language.

Pages follow the visitor's choice (LocaleMiddleware: the language cookie, else the browser's
Accept-Language) and, once logged in, the account's `User.language`. Emails follow the
recipient's language, stored on each outbox row when it is queued. A language the portal no
longer offers (or never did) falls back to English, the default, with no error.

Documents for US authorities (visa invitation letters, certificates) are always rendered in
English, whatever the holder's language: wrap their rendering in `translation.override("en")`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def offered_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_or_default(code: str | None) -> str:
    """`code` if the portal offers it (also "es-mx" -> "es"), else settings.LANGUAGE_CODE."""
    if code:
        code = code.lower()
        offered = offered_languages()
        if code in offered:
            return code
        base = code.split("-")[0]
        if base in offered:
            return base
    return settings.LANGUAGE_CODE


def language_of(user) -> str:
    """The language to speak to `user` (None, or an account without one: the default)."""
    return language_or_default(getattr(user, "language", None))


@contextmanager
def speaking_to(user) -> Iterator[str]:
    """Translate everything inside in `user`'s language: build an email's context (labels,
    dates written out) for its recipient, not for the staff member whose act sent it."""
    language = language_of(user)
    with translation.override(language):
        yield language

"""Caching of the public pages (home, catalogue, directory) in the shared Redis cache.

What these pages show changes rarely (a block published, a preceptor's profile edited, an
observer confirmed) and is the same for every anonymous visitor who speaks the same
language, so they are cached on two levels, both keyed by one *version*:

- fragments (`{% cache %}` in the templates) of the lists, keyed by `fragment_key()`: the
  version, the day and the language; signed-in visitors profit from them too;
- whole pages (`cache_public_page`), for anonymous GETs only, for `PUBLIC_PAGE_CACHE_SECONDS`.

The version is a counter in the cache. Each app names the models whose rows these pages
show (`invalidate_on_change`, from its AppConfig.ready); saving or deleting one bumps the
version (at once and when the transaction commits), so the next request renders afresh. A
service that changes such rows with `QuerySet.update()` (which sends no signal) calls
`bump_version()`.
Short timeouts are the safety net.

A cached page is never personal: it is stored only for a visitor with no session and no
pending message, holds no cookie, and its CSRF token (the language switcher's form) is
replaced by a placeholder that each visitor's own token fills in when it is served. When
the cache is unreachable the pages are rendered as if nothing were cached.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# The language switcher's hidden input (`{% csrf_token %}`): its value is the one personal
# thing on an anonymous public page.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = b"\x00csrf-token\x00"
# A whole page is cached only for these query parameters, each at most once and short, so
# that made-up query strings cannot fill the cache.
_MAX_PARAMETER_LENGTH = 64
# Should the counter expire, the next reader starts another: every page renders once more.
_VERSION_SECONDS = 24 * 60 * 60


class FailSoftRedisCache(RedisCache):
    """The cache of the templates' `{% cache %}` fragments (the `template_fragments` alias):
    when Redis does not answer, a fragment is a miss and is not stored, so the page renders
    in full instead of failing."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError:
            logger.warning("fragment cache unreachable: rendering the fragment")
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            logger.warning("fragment cache unreachable: fragment not stored")


def _key(name: str) -> str:
    return f"{settings.PUBLIC_CACHE_KEY_PREFIX}:{name}"


def version() -> int:
    """The current version of what the public pages show (created on first use)."""
    key = _key("version")
    try:
        current = cache.get(key)
        if current is None:
            # Random, not 1: after the cache lost the counter, old keys cannot come back.
            cache.add(key, secrets.randbits(48), timeout=_VERSION_SECONDS)
            current = cache.get(key)
    except RedisError:
        logger.warning("public page cache unreachable: rendering without it", exc_info=True)
        return 0
    return current or 0


def bump_version() -> None:
    """Makes every cached public page and fragment stale: at once, and again when the
    current transaction commits, so that a request served between the change and the
    commit cannot keep the old rows under the new version."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    key = _key("version")
    try:
        cache.incr(key)
    except ValueError:  # no counter yet: the next reader creates a fresh one
        pass
    except RedisError:
        logger.warning("public page cache unreachable: could not invalidate", exc_info=True)


def fragment_key() -> str:
    """What every cached fragment of a public page varies on: the version, the day (the
    lists show upcoming blocks) and the active language."""
    return f"{version()}:{timezone.localdate().isoformat()}:{translation.get_language()}"


def invalidate_on_change(model, *, fields: frozenset[str] | None = None) -> None:
    """Bump the version whenever a row of `model` is saved or deleted (or, for a many-to-many
    through model, changed). With `fields`, a save that names its `update_fields` bumps only
    when one of them is among `fields` (a login's `last_login` changes no public page)."""

    def on_save(sender, instance, update_fields=None, **kwargs):
        if fields is not None and update_fields is not None and not fields & set(update_fields):
            return
        bump_version()

    def on_delete(sender, instance, **kwargs):
        bump_version()

    uid = f"public_cache:{model._meta.label}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=f"{uid}:save")
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
    if model._meta.auto_created:  # a many-to-many through model: add, remove, clear

        def on_m2m(sender, action, **kwargs):
            if action.startswith("post_"):
                bump_version()

        m2m_changed.connect(on_m2m, sender=model, weak=False, dispatch_uid=f"{uid}:m2m")


def _cacheable_request(request, parameters: frozenset[str]) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in (
        request.COOKIES
    ):
        return False  # signed in, or something personal (a message) waiting
    for name, values in request.GET.lists():
        if name not in parameters or len(values) != 1:
            return False
        if len(values[0]) > _MAX_PARAMETER_LENGTH:
            return False
    return True


def _page_key(request) -> str:
    address = f"{request.get_host()}{request.get_full_path()}".encode()
    return _key(f"page:{fragment_key()}:{hashlib.sha256(address).hexdigest()}")


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def cache_public_page(parameters: tuple[str, ...] = ()):
    """Decorator of a public view: an anonymous visitor's GET is served from the cache
    (queries none, renders nothing) when the same page, in the same language, was rendered
    in the last `PUBLIC_PAGE_CACHE_SECONDS` and nothing it shows changed since. `parameters`
    are the query parameters the page may be cached for (filters, page number)."""
    allowed = frozenset(parameters)

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if seconds <= 0 or not _cacheable_request(request, allowed):
                return view(request, *args, **kwargs)
            key = _page_key(request)
            try:
                stored = cache.get(key)
            except RedisError:
                logger.warning("public page cache unreachable: rendering without it")
                return view(request, *args, **kwargs)
            if stored is not None:
                return _serve(request, stored)
            response = view(request, *args, **kwargs)

            def store(response):
                if _storable(request, response):
                    body = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACEHOLDER + rb"\2", response.content)
                    try:
                        cache.set(key, (response["Content-Type"], body), seconds)
                    except RedisError:
                        logger.warning("public page cache unreachable: page not stored")
                return response

            if hasattr(response, "render") and not response.is_rendered:
                response.add_post_render_callback(store)
            else:
                store(response)
            return response

        return wrapped

    return decorator


def _serve(request, stored):
    content_type, body = stored
    if _CSRF_PLACEHOLDER in body:
        # This visitor's own token; CsrfViewMiddleware sets their cookie on the way out.
        body = body.replace(_CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(body, content_type=content_type)

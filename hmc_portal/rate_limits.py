"""Rate limits on public endpoints, counted in Redis: at most `limit` hits per `window`
seconds from one subject (an address), in fixed windows. `hit` counts one and says how long
the subject must wait (0: go ahead).

When Redis cannot be reached the hit goes through (logged as an error): a public page must
not depend on Redis, and what the limit protects does not rest on it alone.
"""

from __future__ import annotations

import hashlib
import logging
import time

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

_clients: dict[str, redis.Redis] = {}


def redis_client() -> redis.Redis:
    """One client per REDIS_URL, with short timeouts (a slow Redis must not hold a page)."""
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
    return _clients[url]


def hit(name: str, subject: str | None, *, limit: int, window: int) -> int:
    """Count one hit of `subject` (an IP address) on the limit `name`; return 0 when it is
    within `limit` hits in the current `window`-second window, or else the seconds left until
    the window ends."""
    if not subject or limit <= 0:
        return 0
    now = int(time.time())
    start = now - now % window
    # A digest: keys stay short whatever arrives, and Redis holds no addresses.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    key = f"{settings.RATE_LIMIT_KEY_PREFIX}:{name}:{digest}:{start}"
    try:
        pipe = redis_client().pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window)
        count, _ = pipe.execute()
    except redis.RedisError as exc:
        logger.error("rate limit %s: Redis unreachable, not counted: %s", name, exc)
        return 0
    if count <= limit:
        return 0
    return max(start + window - now, 1)

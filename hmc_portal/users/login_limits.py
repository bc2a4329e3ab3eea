"""The two failed-login limits django-axes cannot express, counted in Redis.

django-axes locks one account from one address after AXES_FAILURE_LIMIT (5) failures: a
stranger guessing at Amina's password locks only their own address out of her account. Axes
compares every parameter with that one limit, so the wider limits live here:

- an address: LOGIN_ADDRESS_FAILURE_LIMIT failures across all accounts (one guesser trying
  many accounts) lock the address out of every account;
- an account: LOGIN_ACCOUNT_FAILURE_LIMIT failures from all addresses together (guessing
  spread over many addresses, each under the five of axes) lock the account from everywhere.
  A password reset lifts it at once (`reset_account`), so its owner is never stuck.

Each is counted over LOGIN_LIMIT_WINDOW seconds from the first failure and, once reached,
locks for LOGIN_LIMIT_WINDOW seconds. Only failures that were really checked count: an
attempt refused because a lock was already on counts nowhere, so a stranger hammering one
locked account from one address adds nothing to the account's count. With the address limit
under half the account limit, one address cannot reach the account limit at all.

When Redis cannot be reached the limits let the attempt through (logged as an error): the
login page must not depend on Redis, and axes's limit, in PostgreSQL, still holds.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import redis
from django.conf import settings

from hmc_portal.rate_limits import redis_client

logger = logging.getLogger(__name__)

# Counts one failure; when the count reaches the limit, sets the lock (with its own expiry)
# and starts the count afresh. Atomic: concurrent failures are all counted.
_COUNT_FAILURE = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
if count >= tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
  redis.call('DEL', KEYS[1])
end
return count
"""

_client = redis_client


def _key(*parts: str) -> str:
    return ":".join([settings.LOGIN_LIMIT_KEY_PREFIX, *parts])


def _account_id(username: str) -> str:
    # A digest: keys stay short whatever a visitor types, and Redis holds no addresses.
    return hashlib.sha256(username.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Locks:
    """Seconds each lock has left (0: not locked)."""

    address: int = 0
    account: int = 0

    def __bool__(self) -> bool:
        return bool(self.address or self.account)


def current_locks(*, ip_address: str | None, username: str | None) -> Locks:
    """Which of the two locks hold for this address and this account, and for how long."""
    keys = []
    if ip_address:
        keys.append(("address", _key("lock", "address", ip_address)))
    if username:
        keys.append(("account", _key("lock", "account", _account_id(username))))
    if not keys:
        return Locks()
    try:
        pipe = _client().pipeline(transaction=False)
        for _, key in keys:
            pipe.ttl(key)
        ttls = pipe.execute()
    except redis.RedisError as exc:
        logger.error("login limits: Redis unreachable, not checked: %s", exc)
        return Locks()
    return Locks(**{name: max(ttl, 0) for (name, _), ttl in zip(keys, ttls, strict=True)})


def count_failure(*, ip_address: str | None, username: str | None) -> Locks:
    """Count one checked failed login against the address and the account; returns the locks
    that hold afterwards (the failure that reaches a limit already gets the lockout page)."""
    window = settings.LOGIN_LIMIT_WINDOW
    try:
        client = _client()
        script = client.register_script(_COUNT_FAILURE)
        if ip_address:
            script(
                keys=[_key("failures", "address", ip_address), _key("lock", "address", ip_address)],
                args=[window, settings.LOGIN_ADDRESS_FAILURE_LIMIT],
            )
        if username:
            account = _account_id(username)
            script(
                keys=[_key("failures", "account", account), _key("lock", "account", account)],
                args=[window, settings.LOGIN_ACCOUNT_FAILURE_LIMIT],
            )
    except redis.RedisError as exc:
        logger.error("login limits: Redis unreachable, failure not counted: %s", exc)
        return Locks()
    return current_locks(ip_address=ip_address, username=username)


def reset_account(*, username: str) -> None:
    """Forget the account's failures and lift its lock (after a password reset). The
    address locks stay: they are about the address, not about this account."""
    account = _account_id(username)
    try:
        _client().delete(_key("failures", "account", account), _key("lock", "account", account))
    except redis.RedisError as exc:
        logger.error("login limits: Redis unreachable, account lock not lifted: %s", exc)

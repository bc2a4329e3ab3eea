"""Readiness checks for /healthz: each answers None, or the reason it failed."""

import threading

import redis
from django.conf import settings
from django.db import connection

_broker_clients: dict[str, redis.Redis] = {}
_broker_clients_lock = threading.Lock()


def broker_client() -> redis.Redis:
    """One Redis client per process (and broker URL), over a pool that keeps its connection:
    a health check every few seconds from the container and the load balancer costs a PING,
    not a new TCP connection each time. redis-py's pool is thread-safe and starts afresh in
    a forked worker."""
    url = settings.CELERY_BROKER_URL
    client = _broker_clients.get(url)
    if client is None:
        with _broker_clients_lock:
            client = _broker_clients.get(url)
            if client is None:
                pool = redis.ConnectionPool.from_url(
                    url, socket_connect_timeout=1, socket_timeout=1
                )
                client = _broker_clients[url] = redis.Redis(connection_pool=pool)
    return client


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def check_broker() -> str | None:
    try:
        broker_client().ping()
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}".strip()
    return None

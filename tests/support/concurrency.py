"""Running one action from many threads at the same instant, on a real PostgreSQL, for the
tests that prove a lock: each thread opens its own connection and waits at a barrier, so
that all of them hit the database together."""

from __future__ import annotations

import threading

from django.db import connection


def all_at_once(action, items) -> list[Exception]:
    """Run `action(item)` for every item, each in its own thread and connection, released
    together by a barrier; returns the exceptions raised (none hangs: each is joined)."""
    barrier = threading.Barrier(len(items))
    errors: list[Exception] = []

    def run(item):
        try:
            connection.ensure_connection()  # connect first: only the work races
            barrier.wait(timeout=30)
            action(item)
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return errors

"""The email burst: `count` emails queued through the outbox, one transaction each, by a few
threads as fast as they can, sent by real Celery worker processes over the real Redis into a local
SMTP server (aiosmtpd) that notes when each Message-ID arrives.

Reports emails per second end to end (from the first email queued to the last one received),
the time from queueing to delivery of each (median, p95, max), and how many were lost or
received twice (both must be 0). Runs in a database of its own that is dropped afterwards
(the test settings' PostgreSQL and Redis: embedded unless DATABASE_URL / REDIS_URL are set).

    python -m benchmarks.email_burst --count 2000 [--workers 2] [--concurrency 4]

`run_burst(count, workers=...)` is the same, importable, returning the figures as a dict.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hmc_portal.settings.test")

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)
TEMPLATE = "application_withdrawn"
KEY = "emailburst:"
CONTEXT = {"intake": "2027", "reason": "A burst of the benchmark.", "home_url": "/"}


class ArrivalHandler:
    """aiosmtpd handler that keeps only each message's Message-ID and arrival time (parsing
    whole messages would take the CPU the workers need)."""

    def __init__(self):
        self.arrivals: list[tuple[str, float]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        with self.lock:
            self.arrivals.append((found.group(1).decode() if found else "", time.time()))
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def run_burst(
    count: int = 2000,
    *,
    workers: int = 2,
    concurrency: int = 4,
    batch_size: int = 50,
    producers: int = 4,
    backlog: bool = False,
    timeout: float = 600,
) -> dict:
    """Queue `count` emails and wait until the SMTP server has them all (or `timeout`
    seconds pass); `workers` worker processes of `concurrency` prefork processes each,
    claiming `batch_size` rows at a time. The emails are queued by `producers` threads at
    once, each with its own database connection, as web requests and reminder scans queue
    them side by side. With `backlog`, the emails are all queued before
    the workers start, which measures the workers alone (the time counts from the first
    delivery).
    Returns the figures (see the module docstring)."""
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.db import connection

    from tests.support.smtp import free_port
    from tests.support.worker import WorkerProcess

    drop_database = _throwaway_database(connection)
    handler = ArrivalHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    email_url = f"smtp://127.0.0.1:{controller.port}"
    env = {"NOTIFICATION_BATCH_SIZE": str(batch_size)}
    started = []
    queue = f"burst-{os.getpid()}"

    def start_workers() -> None:
        for _ in range(workers):
            worker = WorkerProcess(
                email_url=email_url,
                extra_env=env,
                queue=queue,
                pool="prefork",
                concurrency=concurrency,
            )
            started.append(worker.__enter__())

    try:
        if not backlog:
            start_workers()
        figures = _burst(
            count,
            producers=producers,
            queue=queue,
            handler=handler,
            timeout=timeout,
            before_waiting=start_workers if backlog else None,
        )
        return figures | {
            "workers": workers,
            "concurrency": concurrency,
            "batch_size": batch_size,
            "producers": producers,
            "backlog": backlog,
        }
    finally:
        for worker in reversed(started):
            worker.__exit__(None, None, None)
        controller.stop()
        drop_database()


def _throwaway_database(connection):
    """Switch to a database of the burst's own and return what drops it. A copy of the
    current database when nobody else is connected to it (`make bench` hands over one it has
    seeded and finished with: migrated already, copied in a second), its unsent emails put
    aside; otherwise a new one, migrated (slower)."""
    from django.db.utils import DatabaseError

    from hmc_portal.notifications.enums import NotificationStatus
    from hmc_portal.notifications.models import Notification

    source = connection.settings_dict["NAME"]
    name = f"{source}_emailburst"
    connection.close()
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        copied = True
    except DatabaseError:
        copied = False

    def drop() -> None:
        connection.close()
        connection.settings_dict["NAME"] = source
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    if copied:
        connection.settings_dict["NAME"] = name
        if Notification._meta.db_table in connection.introspection.table_names():
            Notification.objects.filter(
                status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]
            ).update(status=NotificationStatus.CANCELLED)
            return drop
        drop()  # a database never migrated: make one
    connection.settings_dict["TEST"]["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(source, verbosity=0)


def _burst(
    count: int,
    *,
    producers: int,
    queue: str,
    handler: ArrivalHandler,
    timeout: float,
    before_waiting=None,
) -> dict:
    from django.conf import settings
    from django.db import connection

    from hmc_portal.celery import app as celery_app
    from hmc_portal.notifications.enums import NotificationStatus
    from hmc_portal.notifications.models import Notification
    from hmc_portal.notifications.outbox import queue_notification
    from hmc_portal.users.models import User

    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    settings.NOTIFICATION_QUEUE = ""  # the workers consume this burst's queue only
    try:
        recipients = User.objects.bulk_create(
            User(email=f"burst{i}@example.com", first_name=f"Burst{i}", last_name="Applicant")
            for i in range(50)
        )

        def produce(first: int) -> None:
            try:
                for i in range(first, count, producers):
                    queue_notification(
                        to=recipients[i % len(recipients)],
                        template=TEMPLATE,
                        key=f"{KEY}{i}",
                        context=CONTEXT,
                    )
            finally:
                connection.close()  # each thread has its own

        threads = [threading.Thread(target=produce, args=(n,)) for n in range(producers)]
        start = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        queued = time.time()
        if before_waiting is not None:
            before_waiting()
            queued = time.time()
        deadline = time.monotonic() + timeout
        while handler.count() < count and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # room for a copy too many to arrive
        while (
            Notification.objects.filter(
                dedupe_key__startswith=KEY,
                status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING],
            ).exists()
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous

    rows = {n.message_id: n for n in Notification.objects.filter(dedupe_key__startswith=KEY)}
    arrivals = list(handler.arrivals)
    if before_waiting is not None and arrivals:
        # A backlog: the clock starts with the first delivery, once a worker is up.
        start = min(at for _, at in arrivals)
    seen = Counter(message_id for message_id, _ in arrivals)
    first_arrival = {}
    for message_id, at in arrivals:
        first_arrival.setdefault(message_id, at)
    latencies = [
        first_arrival[mid] - max(row.created_at.timestamp(), start)
        for mid, row in rows.items()
        if mid in first_arrival
    ]
    last = max((at for _, at in arrivals), default=start)
    per_second = round(len(first_arrival) / max(last - start, 1e-9), 1)
    p95 = round(_percentile(latencies, 0.95), 2) if latencies else None
    return {
        # The names `make bench` reads (benchmarks/__main__.py).
        "count": count,
        "per_second": per_second,
        "p95_s": p95,
        "emails": count,
        "received": len(first_arrival),
        "lost": len(set(rows) - set(first_arrival)),
        "duplicated": sum(1 for n in seen.values() if n > 1),
        "unsent_rows": sum(1 for row in rows.values() if row.status != NotificationStatus.SENT),
        "queue_seconds": round(queued - start, 2),
        "total_seconds": round(last - start, 2),
        "emails_per_second": per_second,
        "latency_median_s": round(statistics.median(latencies), 2) if latencies else None,
        "latency_p95_s": p95,
        "latency_max_s": round(max(latencies), 2) if latencies else None,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.email_burst")
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--producers", type=int, default=4)
    parser.add_argument(
        "--backlog", action="store_true", help="queue every email first, then start the workers"
    )
    args = parser.parse_args(argv)
    result = run_burst(
        args.count,
        workers=args.workers,
        concurrency=args.concurrency,
        batch_size=args.batch_size,
        producers=args.producers,
        backlog=args.backlog,
    )
    # One line, the last: `make bench` reads it (lost or duplicated emails are its to report).
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

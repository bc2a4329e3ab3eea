"""`make bench`: seed a throwaway database at scale, then time the pages and the outbox.

Runs in-process against the real PostgreSQL and Redis of the test settings (embedded unless
DATABASE_URL / REDIS_URL are set), in a database of its own that is dropped afterwards.
Prints a table and writes it as JSON to benchmarks/results/. Options:
  --applicants N   rows to seed (default 2000)
  --requests N     requests per page (default 200)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hmc_portal.settings.test")


def measure(name: str, count: int, call) -> dict:
    call()  # warm caches and connections
    timings = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "name": name,
        "runs": count,
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "per_second": round(1000 / statistics.mean(timings), 1),
    }


def get_ok(client, path: str):
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    return call


def measure_password_reset(count: int, *, known: str) -> list[dict]:
    """POST /accounts/password-reset/ for a registered and for an unknown address: the two
    medians should be equal (the page must not tell them apart by its time). Tasks go to the
    real broker, on a queue of their own that nobody consumes and that is deleted afterwards,
    as in production where a worker, not the request, does the rest."""
    import redis
    from django.conf import settings
    from django.test import Client

    from hmc_portal.celery import app as celery_app

    queue = f"bench-password-reset-{os.getpid()}"
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue

    def post(email: str):
        client = Client()

        def call():
            response = client.post("/accounts/password-reset/", {"email": email})
            if response.status_code != 302:
                raise SystemExit(f"password reset answered {response.status_code}")

        return call

    try:
        return [
            measure("POST /accounts/password-reset/ (registered)", count, post(known)),
            measure("POST /accounts/password-reset/ (unknown)", count, post("nobody@example.com")),
        ]
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(queue)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--applicants", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from benchmarks.seed import seed
    from hmc_portal.notifications.outbox import queue_notification

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        applicant = seed(applicants=args.applicants)
        seeded = time.perf_counter() - start
        print(f"seeded {args.applicants} applicants in {seeded:.1f} s")

        anonymous = Client()
        signed_in = Client()
        signed_in.force_login(applicant)
        results = [
            measure("GET / (landing page)", args.requests, get_ok(anonymous, "/")),
            measure("GET /healthz", args.requests, get_ok(anonymous, "/healthz")),
            measure("GET /dashboard/ (applicant)", args.requests, get_ok(signed_in, "/dashboard/")),
        ]
        counter = iter(range(10**9))

        def queue_and_send():
            queue_notification(  # eager: renders and sends to the in-memory backend
                to=applicant.email,
                template="application_withdrawn",
                key=f"bench:send:{next(counter)}",
                context={"intake": "2027", "reason": "benchmark", "home_url": "/"},
            )

        results.append(
            measure("outbox: queue + render + send one email", args.requests, queue_and_send)
        )
        results += measure_password_reset(args.requests, known=applicant.email)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    width = max(len(r["name"]) for r in results)
    print(f"{'':{width}}  median ms   p95 ms   per second")
    for r in results:
        print(
            f"{r['name']:{width}}  {r['median_ms']:9.2f} {r['p95_ms']:8.2f} {r['per_second']:12.1f}"
        )
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"bench-{stamp}.json").write_text(
        json.dumps({"applicants": args.applicants, "results": results}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

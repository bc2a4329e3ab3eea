"""The pages the benchmarks measure, and their CPU per request measured in-process.

`python -m benchmarks.pages --requests 200` (run by `make bench` with the production
settings, against one seeded database) asks each page `requests` times, one request at a
time, and prints one JSON line: per page the median CPU time of the process per request
(time.process_time: Python's work, not the database's), its SQL query count and its size,
and the session cookies of the three people signed in (for the load generator).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    who: str  # anonymous | applicant | preceptor | staff
    kind: str  # public | applicant | preceptor | admin | trivial: which goal applies
    path: str  # may hold {application} (the bench applicant's application id)


PAGES = [
    Page("ping", "trivial view (/healthz)", "anonymous", "trivial", "/healthz"),
    Page("home", "home", "anonymous", "public", "/"),
    Page("catalogue", "catalogue /rotations/", "anonymous", "public", "/rotations/"),
    Page("directory", "directory /preceptors/", "anonymous", "public", "/preceptors/"),
    Page("dashboard", "dashboard", "applicant", "applicant", "/dashboard/"),
    Page("documents", "documents", "applicant", "applicant", "/apply/documents/"),
    Page("choice", "rotation choice", "applicant", "applicant", "/dashboard/rotations/"),
    Page("portal", "preceptor portal", "preceptor", "preceptor", "/preceptor/"),
    Page(
        "admin_list",
        "admin application list",
        "staff",
        "admin",
        "/admin/applications/application/",
    ),
    Page(
        "admin_change",
        "admin application page",
        "staff",
        "admin",
        "/admin/applications/application/{application}/change/",
    ),
    Page(
        "admin_outbox",
        "admin outbox",
        "staff",
        "admin",
        "/admin/notifications/notification/",
    ),
]
# The CPU goals per request (ms), by kind of page (the goals).
CPU_GOALS_MS = {"public": 8, "applicant": 10, "preceptor": 10, "admin": 40}


def signed_in_clients():
    """A test client per person: the bench applicant, the busy preceptor, staff (past the
    second factor, as after entering a code)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from benchmarks.seed import BENCH_APPLICANT, BENCH_PRECEPTOR, BENCH_STAFF
    from hmc_portal.users.models import User

    clients = {"anonymous": Client()}
    for who, email in (
        ("applicant", BENCH_APPLICANT),
        ("preceptor", BENCH_PRECEPTOR),
        ("staff", BENCH_STAFF),
    ):
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        if user.is_staff:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="bench", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        clients[who] = client
    return clients


def page_paths() -> dict[str, str]:
    from applications.models import Application
    from benchmarks.seed import BENCH_APPLICANT

    application = Application.objects.get(applicant__email=BENCH_APPLICANT)
    return {page.key: page.path.format(application=application.pk) for page in PAGES}


def measure(requests: int) -> dict:
    from django.db import connection

    clients = signed_in_clients()
    paths = page_paths()
    results = {}
    for page in PAGES:
        client = clients[page.who]

        def get(page=page, client=client):
            response = client.get(paths[page.key], secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{paths[page.key]} answered {response.status_code}")
            return response

        for _ in range(3):  # warm templates, caches and the connection
            get()
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            size = len(get().content)
        timings = []
        for _ in range(requests):
            start = time.process_time()
            get()
            timings.append((time.process_time() - start) * 1000)
        results[page.key] = {
            "cpu_ms": round(statistics.median(timings), 2),
            "queries": len(queries),
            "bytes": size,
        }
    cookies = {
        who: client.cookies["sessionid"].value
        for who, client in clients.items()
        if who != "anonymous"
    }
    return {"pages": results, "cookies": cookies, "paths": paths}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    import django

    django.setup()
    print(json.dumps(measure(args.requests)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

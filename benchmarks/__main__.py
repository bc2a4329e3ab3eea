"""`make bench`: the portal measured at scale against the goals of the performance issue.

    python -m benchmarks [--applicants 1000,100000] [--requests 200] [--seconds 20]
                         [--connections 16] [--emails 2000] [--quick]

1. Seeds each size into a throwaway database of its own (copied from one migrated template)
   with COPY in committed batches (benchmarks/seed.py), timing it and its peak memory.
2. Measures each page's CPU per request in-process, one request at a time, the median of
   `--requests`, and its SQL query count (benchmarks/pages.py), at every size.
3. Starts gunicorn with the production settings as the Dockerfile runs it, once per size in
   the order 1k, 100k, 1k (interleaved, so a drift of the machine shows), and loads every
   page and a trivial view of ours with wrk at `--connections` for `--seconds` each.
4. Downloads the admin's CSV export of every application at the largest size through
   gunicorn: first byte, total time, the workers' memory growth.
5. Sends a burst of `--emails` through the real Redis and a real Celery worker into a local
   SMTP server (benchmarks/email_burst.py) when that module is present.

Prints one table, each goal with its figure and met / missed, and writes everything as JSON
to benchmarks/results/. It never fails on a timing: it exits 1 only when something could not
be measured (a page that does not answer 200, a server that does not start).
`--quick` runs all of it at tiny sizes in about a minute (`make test` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks import stack
from benchmarks.export import timed_export
from benchmarks.load import wrk
from benchmarks.pages import CPU_GOALS_MS, PAGES

RESULTS = Path(__file__).parent / "results"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--applicants", default="1000,100000", help="sizes, comma-separated")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a few seconds each")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.quick:
        args.applicants, args.requests, args.seconds = "20,40", 5, 2
        args.connections, args.emails = 2, 20
    args.sizes = [int(size) for size in args.applicants.split(",")]
    return args


def run(args: argparse.Namespace) -> dict:
    database, redis = stack.service_urls()
    tag = f"bench_{os.getpid()}"
    template = f"{tag}_template"
    names = {size: f"{tag}_{size}" for size in args.sizes}
    report: dict = {
        "sizes": args.sizes,
        "options": {k: v for k, v in vars(args).items() if k not in {"output", "sizes"}},
    }
    created = []
    try:
        url = stack.create_database(database, template)
        created.append(template)
        env = stack.environment(database=url, redis=redis)
        stack.manage(env, "migrate", "--noinput", "-v", "0")
        stack.manage(env, "collectstatic", "--noinput", "-v", "0")
        envs = {}
        report["seed"] = {}
        for size in args.sizes:
            envs[size] = stack.environment(
                database=stack.create_database(database, names[size], template=template),
                redis=redis,
            )
            created.append(names[size])
            report["seed"][size] = stack.run_json(
                envs[size], "benchmarks.seed", "--applicants", str(size)
            )
            print(f"seeded {size:,} applicants: {report['seed'][size]}", flush=True)
        report["cpu"] = {}
        cookies, paths = {}, {}
        for size in args.sizes:
            measured = stack.run_json(
                envs[size], "benchmarks.pages", "--requests", str(args.requests)
            )
            report["cpu"][size] = measured["pages"]
            cookies[size] = measured["cookies"]
            paths[size] = measured["paths"]
            print(f"CPU per request at {size:,}: measured", flush=True)
        order = [*args.sizes, *reversed(args.sizes[:-1])]
        report["load"] = []
        for size in order:
            with stack.gunicorn(envs[size]) as (base, _pid):
                run_result = {"size": size, "pages": {}}
                for page in PAGES:
                    cookie = cookies[size].get(page.who, "")
                    run_result["pages"][page.key] = wrk(
                        base + paths[size][page.key],
                        seconds=args.seconds,
                        connections=args.connections,
                        cookie=cookie,
                    )
                report["load"].append(run_result)
            print(f"load at {size:,}: measured", flush=True)
        largest = args.sizes[-1]
        with stack.gunicorn(envs[largest]) as (base, pid):
            report["export"] = timed_export(base, cookie=cookies[largest]["staff"], master_pid=pid)
            report["export"]["applicants"] = largest
        print(f"CSV export: {report['export']}", flush=True)
        report["email"] = measure_email(args, envs[args.sizes[0]])
    finally:
        for name in created:
            stack.drop_database(database, name)
    return report


def measure_email(args: argparse.Namespace, env: dict[str, str]) -> dict | None:
    if not (Path(__file__).parent / "email_burst.py").exists():
        return None
    return stack.run_json(env, "benchmarks.email_burst", "--count", str(args.emails))


def goals(report: dict) -> list[dict]:
    """Each goal of the issue with its figure: met, missed, or not measured."""
    sizes = report["sizes"]
    small, large = sizes[0], sizes[-1]
    rows = []

    def goal(name: str, figure: str, met: bool | None):
        rows.append({"goal": name, "figure": figure, "met": met})

    cpu = report["cpu"]
    for page in PAGES:
        counts = [cpu[size][page.key]["queries"] for size in sizes]
        goal(
            f"{page.label}: SQL queries the same at every size",
            " / ".join(str(count) for count in counts),
            len(set(counts)) == 1,
        )
    for page in PAGES:
        limit = CPU_GOALS_MS.get(page.kind)
        if limit is None:
            continue
        figures = [cpu[size][page.key]["cpu_ms"] for size in sizes]
        goal(
            f"{page.label}: CPU per request <= {limit} ms",
            " / ".join(f"{figure:.1f}" for figure in figures),
            max(figures) <= limit,
        )
        goal(
            f"{page.label}: CPU at {large:,} within 1.3x of {small:,}",
            f"{figures[-1] / figures[0]:.2f}x",
            figures[-1] <= 1.3 * figures[0],
        )
    for run in report["load"]:
        ping = run["pages"]["ping"]["per_second"]
        catalogue = run["pages"]["catalogue"]["per_second"]
        goal(
            f"catalogue under load >= 1/10 of the trivial view's req/s ({run['size']:,})",
            f"{catalogue:.0f} vs {ping:.0f} req/s (1/{ping / max(catalogue, 0.1):.1f})",
            catalogue * 10 >= ping,
        )
    for page in PAGES:
        small_p95 = statistics.mean(
            run["pages"][page.key]["p95_ms"] for run in report["load"] if run["size"] == small
        )
        large_p95 = statistics.mean(
            run["pages"][page.key]["p95_ms"] for run in report["load"] if run["size"] == large
        )
        goal(
            f"{page.label}: p95 under load at {large:,} <= 1.5x at {small:,}",
            f"{large_p95:.1f} vs {small_p95:.1f} ms",
            large_p95 <= 1.5 * small_p95,
        )
    errors = sum(
        page["non_2xx"] + page["socket_errors"]
        for run in report["load"]
        for page in run["pages"].values()
    )
    goal("no errors under load", f"{errors} non-2xx or failed", errors == 0)
    email = report.get("email")
    if email is None:
        goal("email >= 100 emails/s end to end", "not measured", None)
    else:
        goal(
            f"email >= 100 emails/s end to end ({email['count']:,})",
            f"{email['per_second']:.1f}/s",
            email["per_second"] >= 100,
        )
        goal("email p95 queue-to-delivery < 5 s", f"{email['p95_s']:.2f} s", email["p95_s"] < 5)
        goal(
            "email: none lost, none duplicated",
            f"{email['lost']} lost, {email['duplicated']} duplicated",
            email["lost"] == 0 and email["duplicated"] == 0,
        )
    export = report["export"]
    goal(
        f"CSV export of {export['applicants']:,}: complete, no timeout",
        f"HTTP {export['status']}, {export['rows']:,} rows in {export['total_s']} s",
        export["status"] == 200 and export["rows"] == export["applicants"],
    )
    goal(
        "CSV export: first bytes within 1 s",
        f"{export['first_byte_s']} s",
        export["first_byte_s"] <= 1,
    )
    goal(
        "CSV export: worker memory added < 20 MB",
        f"{export['memory_added_mb']} MB",
        export["memory_added_mb"] < 20,
    )
    seeded = report["seed"][large]
    goal(
        f"seeding {large:,} applicants < 120 s and < 500 MB",
        f"{seeded['seconds']} s, {seeded['peak_rss_mb']} MB ({seeded['rows']:,} rows)",
        seeded["seconds"] < 120 and seeded["peak_rss_mb"] < 500,
    )
    return rows


def table(rows: list[dict]) -> str:
    width = max(len(row["goal"]) for row in rows)
    figure_width = max(len(row["figure"]) for row in rows)
    words = {True: "met", False: "MISSED", None: "not measured"}
    lines = [f"{'goal':{width}}  {'figure':{figure_width}}  result"]
    lines += [
        f"{row['goal']:{width}}  {row['figure']:{figure_width}}  {words[row['met']]}"
        for row in rows
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    args = parse(argv)
    started = time.perf_counter()
    report = run(args)
    report["goals"] = goals(report)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print()
    print(table(report["goals"]))
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = args.output / f"bench-{stamp}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(report, indent=2))
    met = sum(row["met"] is True for row in report["goals"])
    print(
        f"\n{met} of {len(report['goals'])} goals met in {report['seconds']} s; written to {path}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

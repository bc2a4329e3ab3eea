"""What the benchmarks run against: throwaway databases (one per size, copied from one
migrated template), the environment of the production settings, and gunicorn started the way
the Dockerfile starts it.

PostgreSQL and Redis are the ones DATABASE_URL / REDIS_URL name, or the embedded ones
(hmc_portal.embedded) when they are not set, as for `make run`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def service_urls() -> tuple[str, str]:
    """The PostgreSQL and Redis URLs (starting the embedded ones where none is set)."""
    from hmc_portal.embedded import ensure_services

    ensure_services()
    return os.environ["DATABASE_URL"], os.environ["REDIS_URL"]


def database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _maintenance(base: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE / DROP DATABASE)."""
    connection = psycopg2.connect(database_url(base, "postgres"))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def drop_database(base: str, name: str) -> None:
    _maintenance(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(base: str, name: str, *, template: str | None = None) -> str:
    drop_database(base, name)
    suffix = f' TEMPLATE "{template}"' if template else ""
    _maintenance(base, f'CREATE DATABASE "{name}"{suffix}')
    return database_url(base, name)


def environment(*, database: str, redis: str, **extra: str) -> dict[str, str]:
    """The production settings' environment, for one database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="hmc_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=database,
        REDIS_URL=redis,
        PROGRAM_OFFICE_EMAIL="office@bench.test",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        EMAIL_URL=extra.pop("EMAIL_URL", "smtp://127.0.0.1:9"),
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def run_json(env: dict[str, str], module: str, *args: str) -> dict:
    """Run `python -m module args` and return the JSON its last line prints."""
    done = subprocess.run(
        [PYTHON, "-m", module, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dockerfile_command() -> list[str]:
    """The Dockerfile's CMD (the web server as deployed)."""
    text = (ROOT / "Dockerfile").read_text()
    found = re.findall(r"^CMD (\[.*\])\s*$", text, re.MULTILINE)
    return json.loads(found[-1])


@contextmanager
def gunicorn(env: dict[str, str]):
    """gunicorn as the Dockerfile runs it (its workers from WEB_CONCURRENCY, as there), bound
    to a free local port; yields (base URL, master pid)."""
    port = free_port()
    command = dockerfile_command()
    installed = Path(PYTHON).with_name(command[0])  # the virtualenv's gunicorn
    if installed.exists():
        command[0] = str(installed)
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    if "--access-logfile" in command:  # a log line per request would be measured too
        at = command.index("--access-logfile")
        del command[at : at + 2]
    process = subprocess.Popen(  # noqa: S603 - our own Dockerfile's command
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "gunicorn did not start: " + process.stderr.read().decode()[-2000:]
                    ) from None
                time.sleep(0.2)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def children_rss_kb(pid: int) -> int:
    """The resident memory of a process's children (gunicorn's workers), in KB."""
    total = 0
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total

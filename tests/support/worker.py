"""A real Celery worker process on the real broker, pointed at the test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """A URL for the database this test process is using (the test database)."""
    params = connection.settings_dict
    options = params.get("OPTIONS", {})
    host = params.get("HOST") or ""
    auth = quote(params["USER"] or "")
    if params.get("PASSWORD"):
        auth += ":" + quote(params["PASSWORD"])
    url = f"postgres://{auth}@{host}"
    if params.get("PORT"):
        url += f":{params['PORT']}"
    url += f"/{params['NAME']}"
    if not host and options.get("host"):
        url += f"?host={quote(options['host'])}"
    return url


class WorkerProcess:
    """`celery worker` on its own queue, so it consumes only what this test sends. One
    process (`--pool solo`) unless a pool and a concurrency are given, e.g. prefork and 4,
    as the mailer runs in production."""

    def __init__(
        self,
        *,
        email_url: str,
        extra_env: dict[str, str] | None = None,
        queue: str | None = None,
        pool: str = "solo",
        concurrency: int | None = None,
        name: str | None = None,
    ):
        # A restarted worker passes the queue of the one it replaces.
        self.queue = queue or f"test-{uuid.uuid4().hex[:10]}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hmc_portal.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": email_url,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            **(extra_env or {}),
        }
        self.pool, self.concurrency = pool, concurrency
        # Two workers on one queue need names of their own (the node name in the log).
        self.name = name or f"worker-{uuid.uuid4().hex[:6]}"
        self.process: subprocess.Popen | None = None
        self.log_path = ROOT / ".local" / f"{self.name}-{self.queue}.log"

    def __enter__(self) -> WorkerProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hmc_portal",
                "worker",
                "--pool",
                self.pool,
                *(["--concurrency", str(self.concurrency)] if self.concurrency else []),
                "--hostname",
                f"{self.name}@%h",
                "--queues",
                self.queue,
                "--loglevel",
                "INFO",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, for kill()
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the worker exited:\n{self.log_path.read_text()}")
            if " ready." in self.log_path.read_text():
                return
            time.sleep(0.1)
        raise AssertionError(f"the worker did not start:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL the worker's whole process group at once: no handler, no clean-up, no
        acknowledgement, the way a machine loses power or the OOM killer strikes."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def __exit__(self, *exc) -> None:
        if self.process.poll() is not None:  # killed already
            self._log.close()
            self.log_path.unlink(missing_ok=True)
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()
        self.log_path.unlink(missing_ok=True)

    def log(self) -> str:
        return self.log_path.read_text()


class BeatProcess:
    """`celery beat` sending the given periodic tasks every `every` seconds to `queue`
    (tests/support/fast_beat.py), as a second beat started by mistake would alongside the
    first: each due task is sent by both."""

    def __init__(self, *, queue: str, tasks: list[str], every: float = 0.5):
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hmc_portal.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "False",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "FAST_BEAT_TASKS": ",".join(tasks),
            "FAST_BEAT_EVERY": str(every),
        }
        self.name = f"beat-{uuid.uuid4().hex[:6]}"
        self.log_path = ROOT / ".local" / f"{self.name}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> BeatProcess:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tests.support.fast_beat",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(ROOT / ".local" / f"{self.name}-schedule"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def sent(self) -> int:
        """How many tasks this beat has sent so far (its log's "Sending due task" lines)."""
        return self.log_path.read_text().count("Sending due task")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()
        self.log_path.unlink(missing_ok=True)
        for leftover in self.log_path.parent.glob(f"{self.name}-schedule*"):
            leftover.unlink(missing_ok=True)


def run_with_broker_down(code: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh Django process on the test database whose broker is
    unreachable (nothing listens on port 1) and whose tasks are really sent, as a web
    process while Redis is down; returns the finished process (stdout, stderr, returncode)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hmc_portal.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "CELERY_TASK_ALWAYS_EAGER": "False",
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

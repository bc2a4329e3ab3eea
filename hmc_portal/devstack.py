"""`make run`: the whole stack in the foreground, stopped by one Ctrl-C.

Starts the embedded PostgreSQL and Redis when DATABASE_URL / REDIS_URL are unset, migrates,
seeds the demo data, then runs the web server, a Celery worker and Celery beat as child
processes that share those URLs. When any child dies or Ctrl-C is pressed, every child is
stopped, then the embedded servers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from hmc_portal.embedded import LOCAL_DIR, ensure_services

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
# Links in emails point at this server unless SITE_URL says otherwise (inherited by the
# worker, which renders the emails).
os.environ.setdefault("SITE_URL", f"http://{HOST}:{PORT}")


def _manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "hmc_portal", *args]


def _wait_healthy(url: str, children: list[subprocess.Popen], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(child.poll() is not None for child in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own URL
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    return False


def _banner(url: str) -> str:
    # The demo's roles are labelled with translatable words: Django must be set up first
    # (the terminal is in the default language, English).
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hmc_portal.settings.local")
    django.setup()
    from hmc_portal import demo_data as demo

    folder = os.environ.get("EMAIL_FILE_PATH") or LOCAL_DIR / "mail"
    mail = os.environ.get("EMAIL_URL") or f"files in {folder} (one .log per email)"
    width = max(len(email) for _, email, _ in demo.logins())
    lines = [
        "",
        "=" * 72,
        f"  HMC Observership Portal is running at {url}/",
        f"  Staff admin: {url}/admin/     Health: {url}/healthz",
        f"  Email goes to: {mail}",
        "  Demo logins:",
        *(f"    {email:<{width}}  {password}  {role}" for role, email, password in demo.logins()),
        "  Staff second factor: add the key "
        f"{' '.join(demo.DEMO_TOTP_SECRET[i : i + 4] for i in range(0, 16, 4))}"
        " (time-based) to an authenticator app,",
        "    or print the current code: make code EMAIL=admin@hmc.test",
        "  Press Ctrl-C once to stop everything.",
        "=" * 72,
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hmc_portal.settings.local")
    os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
    os.environ.setdefault("DEBUG", "True")
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print("Starting the database and the broker…", flush=True)
    ensure_services()
    for step in (_manage("migrate", "--noinput"), _manage("seed_demo")):
        if subprocess.run(step, check=False).returncode != 0:  # noqa: S603
            print(f"`{' '.join(step[1:])}` failed; stopping.", file=sys.stderr)
            return 1

    commands = {
        "web": _manage("runserver", f"{HOST}:{PORT}"),
        "worker": _celery("worker", "--loglevel", "INFO", "--concurrency", "2"),
        "beat": _celery("beat", "--loglevel", "INFO"),
    }
    children = [subprocess.Popen(command) for command in commands.values()]  # noqa: S603
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    url = f"http://{HOST}:{PORT}"
    try:
        if _wait_healthy(f"{url}/healthz", children):
            print(_banner(url), flush=True)
        else:
            print(f"{url}/healthz did not answer 200; see the messages above.", flush=True)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.3)
    finally:
        print("\nStopping web, worker and beat…", flush=True)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        print("Stopped. The embedded database keeps its data in .local/ for next time.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

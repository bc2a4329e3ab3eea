"""Production settings, checked in a fresh interpreter the way a deployment loads them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "t8Jq2vN5xR1mZ4cW7yB0eH3kL6pS9uA2dF5gI8jM1nQ4rT7wX0zC3vB6nM9qE2hK"


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "PROGRAM_OFFICE_EMAIL",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="hmc_portal.settings.production",
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=settings.REDIS_URL,
        ALLOWED_HOSTS="portal.example.org",
        PROGRAM_OFFICE_EMAIL="observerships@portal.example.org",
        # What a deployment sets besides: mail through a TLS relay, links to the HTTPS site,
        # one proxy in front.
        EMAIL_URL="smtp+tls://portal:relay-password@smtp.example.org:587",
        SITE_URL="https://portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
        TRUSTED_PROXY_COUNT="1",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_settings():
    # A fresh key as the README says to make one (django-environ would read a key that
    # starts with "$" as the name of another variable).
    env = production_env(SECRET_KEY=secrets.token_urlsafe(50))

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_pages_carry_the_security_headers():
    """The production middleware stack, in a fresh interpreter: HSTS, the CSP, the
    Permissions-Policy and no caching of a personal page."""
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='portal.example.org').get('/healthz', secure=True); "
        "print(r.status_code); print(r['Strict-Transport-Security']); "
        "print(r['Permissions-Policy']); print(r['Cache-Control']); "
        "print(r['Content-Security-Policy'])"
    )
    result = run(["-c", code], production_env())

    assert result.returncode == 0, result.stderr
    status, hsts, permissions, cache, csp = result.stdout.strip().splitlines()[-5:]
    assert status == "200"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert "camera=()" in permissions.split(", ")
    assert "no-store" in cache.split(", ")
    assert "script-src 'self'" in csp


def test_production_settings_without_secret_key_is_a_clear_error():
    env = production_env()
    del env["SECRET_KEY"]

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_settings_refuse_a_weak_secret_key():
    result = run(["manage.py", "check"], production_env(SECRET_KEY="short-and-guessable"))

    assert result.returncode != 0
    assert "SECRET_KEY must be a random string of at least 50 characters" in result.stderr


def test_production_settings_require_the_program_office_mailbox():
    env = production_env()
    del env["PROGRAM_OFFICE_EMAIL"]
    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "PROGRAM_OFFICE_EMAIL must name the program office's mailbox" in result.stderr


def test_production_settings_never_start_embedded_services():
    env = production_env()
    del env["DATABASE_URL"]

    result = run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "Set the DATABASE_URL environment variable" in result.stderr


def test_production_settings_are_hardened():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    result = run(["-c", code], production_env())

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "31536000", "True", "True", "True"]

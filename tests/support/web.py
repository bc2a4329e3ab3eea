"""A real web server process: gunicorn as the image runs it (benchmarks.stack.gunicorn, the
Dockerfile's command), on the test database and the real broker, and a visitor that posts its
forms the way a browser does (the CSRF cookie and the form's token)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import urllib.parse
import urllib.request
from contextlib import contextmanager

from django.conf import settings

from benchmarks.stack import ROOT, gunicorn

from .worker import database_url


@contextmanager
def web_process(*, queue: str, workers: int = 1):
    """gunicorn with the test settings, queueing its tasks on `queue` (a worker's): yields
    its base URL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hmc_portal.settings.test",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "WEB_CONCURRENCY": str(workers),
        "PYTHONPATH": str(ROOT),
    }
    with gunicorn(env) as (base, _pid):
        yield base


class Visitor:
    """A browser without JavaScript: keeps its cookies, reads a form's CSRF token, posts."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:  # noqa: S310
            return response.read().decode()

    def post_form(self, path: str, fields: dict[str, str]) -> int:
        """GET the page, then POST the form with its CSRF token; the final status (after
        redirects)."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path))
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields}).encode()
        with self.opener.open(self.base + path, data=data, timeout=30) as response:  # noqa: S310
            return response.status

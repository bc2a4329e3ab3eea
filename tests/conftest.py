"""Fixtures shared by every test. Everything here talks to real services: the PostgreSQL and
Redis of the test settings (embedded unless DATABASE_URL / REDIS_URL are set), a real SMTP
server on loopback, a real chromium."""

import os
import uuid

import pytest
from django.utils import translation

from hmc_portal.celery import app as celery_app
from tests.support.browser import CHROMIUM_ARGS, chromium_path
from tests.support.otp import OTPClient
from tests.support.smtp import SmtpServer

# Playwright's sync API runs an event loop in the test's thread; the ORM calls a test makes
# between two page actions are still synchronous, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request made by an earlier test (the
    locale middleware activates the visitor's language for the thread) must not leak."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def own_login_limits(settings):
    """Each test counts failed logins and rate-limited hits in Redis keys of its own
    (hmc_portal/users/login_limits.py, hmc_portal/rate_limits.py): tests share the Redis,
    and the test client's address is always 127.0.0.1, so otherwise one test's failures
    would lock the next one out."""
    settings.LOGIN_LIMIT_KEY_PREFIX = f"test-{uuid.uuid4().hex}:login-limits"
    settings.RATE_LIMIT_KEY_PREFIX = f"test-{uuid.uuid4().hex}:rate-limits"


@pytest.fixture(autouse=True)
def own_public_cache(settings):
    """Each test starts with an empty cache of the public pages (hmc_portal/public_cache.py):
    a version counter of its own, under which no page or fragment was stored yet."""
    settings.PUBLIC_CACHE_KEY_PREFIX = f"test-{uuid.uuid4().hex}:public-pages"


@pytest.fixture
def client():
    """pytest-django's test client, except that `force_login(staff)` also passes the second
    factor (tests/support/otp.py): every admin page needs it. A staff session without it:
    `client.force_login(staff, second_factor=False)`."""
    return OTPClient()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server; the Django mail settings point at it for the test."""
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def broker_queue():
    """Send tasks to the real broker (not eagerly) on a queue of the test's own."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False

    def use(queue: str) -> None:
        celery_app.conf.task_default_queue = queue

    yield use
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (1280 px wide) with its own cookies, against the live server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def open_phone(browser, live_server):
    """Open phone-sized tabs (390 px, touch) against the live server, each with its own
    cookies and any other browser option (locale, timezone_id...); console errors are kept
    on `page.console_errors`. Closed after the test."""
    contexts = []

    def open_(**options):
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            base_url=live_server.url,
            is_mobile=True,
            has_touch=True,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.console_errors.append(message.text),
        )
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def mobile_page(open_phone):
    """A phone-sized tab (390 px wide)."""
    return open_phone(device_scale_factor=2)

"""Playwright driving Debian's chromium (never a downloaded browser), and axe-core."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

from tests.factories import PASSWORD
from tests.support.otp import enter_code_in_browser

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    """The chromium to drive; a missing one is an error, never a skipped test."""
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError(
        "Chromium was not found. Run `make test` (it installs Debian's chromium) or set "
        "CHROMIUM_PATH."
    )


SERIOUS = {"serious", "critical"}


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail on any serious or critical violation."""
    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
    assert violations == [], f"axe found serious violations on {page.url}:\n{details}"


def assert_admin_pages_accessible(browser, live_server, admin, paths: list[str]) -> None:
    """Log `admin` in to the admin (with their second factor) at 1280 px, then open every
    path: each answers 200, and none has a serious axe violation (all pages are checked
    before the failures are reported together)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, "/admin/login/?next=/admin/", admin.email)
    enter_code_in_browser(page, admin)

    failures = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
    context.close()

    assert failures == [], "\n".join(failures)


def assert_no_horizontal_overflow(page) -> None:
    """The page fits its viewport width: nothing forces sideways scrolling."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} overflows the viewport by {overflow}px"


def log_in(page, path: str, email: str, password: str = PASSWORD) -> None:
    """Log in on the login page at `path` (the site's or the admin's)."""
    page.goto(path)
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("input[type=submit], button[type=submit]").last.click()
    page.wait_for_load_state()

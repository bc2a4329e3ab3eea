"""The Content Security Policy in a real chromium: Django admin works under its own policy
(its inline styles allowed by hash, scripts still only from our origin) and the public and
applicant pages keep the strict one. A blocked style or script shows up as a console error
and a `securitypolicyviolation` event; every page here must have neither."""

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    RotationFactory,
    RotationRequestFactory,
    StaffFactory,
    UserFactory,
)
from tests.support.browser import log_in
from tests.support.otp import enter_code_in_browser, totp_device

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile}:${event.lineNumber}) sample=${event.sample}`
  );
});
"""


def watch(page) -> list[str]:
    """Collect console errors and warnings of every page the tab opens."""
    problems = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def visit(page, path: str, problems: list[str]) -> list[str]:
    """Open `path`, let its scripts run, and return what went wrong on it."""
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, f"{path} answered {response.status}"
    violations = page.evaluate("window.__cspViolations")
    found = [*problems, *(f"CSP violation: {v}" for v in violations)]
    problems.clear()
    return found


def test_admin_pages_run_under_their_policy_without_a_violation(page):
    sam = StaffFactory(email="sam@hmc.test", is_superuser=True)
    totp_device(sam)
    rotation = RotationFactory()
    RotationRequestFactory(rotation=rotation)
    interview = InterviewFactory()
    task = PeriodicTask.objects.create(
        name="sweep",
        task="notifications.sweep",
        interval=IntervalSchedule.objects.create(every=5, period=IntervalSchedule.MINUTES),
    )
    problems = watch(page)
    log_in(page, "/admin/login/?next=/admin/", "sam@hmc.test")
    enter_code_in_browser(page, sam)
    assert page.url.endswith("/admin/")

    pages = {
        "changelist": "/admin/rotations/rotation/",
        "change with inline and date widgets": f"/admin/rotations/rotation/{rotation.pk}/change/",
        "change with date and time widgets": (
            f"/admin/applications/interview/{interview.pk}/change/"
        ),
        "add": "/admin/rotations/rotation/add/",
        # django-celery-beat's form has an inline script: it runs by the request's nonce.
        "periodic task add": "/admin/django_celery_beat/periodictask/add/",
        "periodic task change": f"/admin/django_celery_beat/periodictask/{task.pk}/change/",
        "history": f"/admin/rotations/rotation/{rotation.pk}/history/",
    }
    found = {name: visit(page, path, problems) for name, path in pages.items()}

    # The date and time widgets really ran: their shortcuts and pop-up boxes exist.
    page.goto(f"/admin/applications/interview/{interview.pk}/change/")
    page.locator(".datetimeshortcuts a", has_text="Today").first.wait_for()
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    page.locator("#clocklink0").click()
    assert page.locator("#clockbox0").is_visible()
    found["widgets opened"] = [
        *problems,
        *(f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")),
    ]
    assert found == {name: [] for name in found}

    # The periodic task form's own script ran: it hides the crontab translation row.
    page.goto(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".field-crontab_translation").count() == 1
    assert page.locator(".field-crontab_translation").is_hidden()
    assert problems == []


def test_public_and_applicant_pages_keep_the_strict_policy(page):
    user = UserFactory(email="amina@example.com")
    ApplicationFactory(applicant=user, intake="2027")
    problems = watch(page)

    public = visit(page, "/", problems)
    questions = visit(page, "/faq/", problems)
    public_policy = (
        page.evaluate("document.contentType")
        and page.request.get("/").headers["content-security-policy"]
    )
    log_in(page, "/accounts/login/", "amina@example.com")
    dashboard = visit(page, "/dashboard/", problems)
    documents = visit(page, "/apply/documents/", problems)

    assert {
        "public": public,
        "questions": questions,
        "dashboard": dashboard,
        "documents": documents,
    } == {
        "public": [],
        "questions": [],
        "dashboard": [],
        "documents": [],
    }
    directives = dict(part.strip().split(" ", 1) for part in public_policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "nonce-" not in public_policy

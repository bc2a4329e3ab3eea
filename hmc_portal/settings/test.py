"""Settings for the test suite: real PostgreSQL and Redis (embedded when no URLs are set)."""

import os

from hmc_portal.embedded import LOCAL_DIR, ensure_services

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("PROGRAM_OFFICE_EMAIL", "office@hmc.test")
ensure_services()

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, env  # noqa: E402

# Tests read sent mail from django.core.mail.outbox unless a test points EMAIL_URL at a
# real local SMTP server (the end-to-end worker test does).
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# In-process tests run tasks where they are queued; the worker tests turn this off and
# start a real worker on the real broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
NOTIFICATION_RETRY_BACKOFF = 0
# An in-process test sends exactly the email it queued; the batch tests and the worker
# processes of the scale-out test ask for more.
NOTIFICATION_BATCH_SIZE = env.int("NOTIFICATION_BATCH_SIZE", default=1)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PRIVATE_STORAGE_ROOT = LOCAL_DIR / "test-private"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
}
# Virus scanning is tested against a clamd of the test's own (tests/security/test_clamav.py).
CLAMAV_URL = ""
# Templates that exist only for tests (a neutral email to exercise the outbox).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405

# Static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

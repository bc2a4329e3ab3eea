"""Settings for a deployment: every service URL and the secret come from the environment."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

if (Path(__file__).resolve().parents[2] / ".env").is_file():
    environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env")

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random string of at least 50 characters in production."
    )

if not PROGRAM_OFFICE_EMAIL:  # noqa: F405
    raise ImproperlyConfigured(
        "PROGRAM_OFFICE_EMAIL must name the program office's mailbox: "
        "replies to every email go there."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31_536_000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The health check answers plain HTTP from the load balancer inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

"""Settings for a developer's machine (`make run`): embedded services when no URLs are set."""

import os

import environ

from hmc_portal.embedded import BASE_DIR, LOCAL_DIR, ensure_services

# A developer's .env counts before we decide which services to start for them.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")
os.environ.setdefault("SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("PROGRAM_OFFICE_EMAIL", "office@hmc.test")
os.environ.setdefault("PROGRAM_OFFICE_PHONE", "+1 713 555 0100")
os.environ.setdefault("PROGRAM_OFFICE_ADDRESS", "100 Demo Plaza, Houston, TX 77030")
os.environ.setdefault("VISA_LETTER_SIGNER_NAME", "Dr. Jane Demo")
ensure_services()

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

# Mail lands as files a developer can open, one per message, unless EMAIL_URL says otherwise.
if not env("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=LOCAL_DIR / "mail")

# Static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

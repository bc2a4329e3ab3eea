"""Settings shared by every environment; everything that differs comes from the environment."""

from email.utils import formataddr, parseaddr
from pathlib import Path

import environ
from csp.constants import NONCE

from hmc_portal.embedded import LOCAL_DIR
from hmc_portal.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()  # local.py and production.py read a .env file first; tests never do

SECRET_KEY = env("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails point here.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", default="Houston Medical Clerkship")

INSTALLED_APPS = [
    "hmc_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, hardened (ids)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram indexes (OpClass) for the staff searches
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_celery_beat",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hmc_portal.users",
    "hmc_portal.notifications",
    "hmc_portal.audit",
    "hmc_portal.issuance",
    "hmc_portal.privacy",
    "hmc_portal.pages",
    "applications",
    "rotations",
    "preceptors",
    "billing",
    "events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hmc_portal.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "hmc_portal.security.AdminContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): did this session pass the second factor (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff, and anyone who enrolled, pass the second factor before any other page.
    "hmc_portal.users.second_factor.middleware.SecondFactorMiddleware",
    "hmc_portal.users.middleware.UserTimezoneMiddleware",
    "hmc_portal.users.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hmc_portal.hostile_input.RefuseNulBytesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Admin pages link only where the viewer may go (see the module).
    "hmc_portal.admin_links.AdminLinkMiddleware",
]

ROOT_URLCONF = "hmc_portal.urls"
WSGI_APPLICATION = "hmc_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hmc_portal.pages.context_processors.site",
            ],
            # The admin's lists and read-only pages written in one pass (see the modules).
            "libraries": {
                "admin_lists": "hmc_portal.admin_lists",
                "admin_readonly": "hmc_portal.admin_readonly",
            },
        },
    }
]

# --- Database: PostgreSQL only (row locks and constraints are Postgres's) -------------------
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise environ.ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")

# --- Cache: Redis, shared by every web process ----------------------------------------------
# The public pages (home, catalogue, directory) cache their lists and, for anonymous
# visitors, whole pages here (hmc_portal/public_cache.py). A cache that does not answer
# within the socket timeouts is skipped: the pages render without it.
_CACHE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hmc-cache",
        "TIMEOUT": 300,
        "OPTIONS": _CACHE_OPTIONS,
    },
    # The templates' {% cache %} fragments: a miss, not an error, when Redis does not answer.
    "template_fragments": {
        "BACKEND": "hmc_portal.public_cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "hmc-cache",
        "TIMEOUT": 300,
        "OPTIONS": _CACHE_OPTIONS,
    },
}
PUBLIC_CACHE_KEY_PREFIX = "public-pages"
# Seconds an anonymous visitor's public page is served from the cache (0: never); any change
# to what it shows makes it stale at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# Seconds a cached list of a public page lives, at most (a change makes it stale at once).
PUBLIC_FRAGMENT_CACHE_SECONDS = env.int("PUBLIC_FRAGMENT_CACHE_SECONDS", default=600)

# --- Users --------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "applications:dashboard"
LOGOUT_REDIRECT_URL = "pages:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The intake applicants apply for now (one application per applicant per intake).
APPLICATION_INTAKE = env("APPLICATION_INTAKE", default="2027")
PERSONAL_STATEMENT_MAX_WORDS = 800
# Days an applicant has to accept or decline an offer before it expires.
OFFER_RESPONSE_DAYS = env.int("OFFER_RESPONSE_DAYS", default=14)
# Days an applicant's copy of their data (the ZIP on /dashboard/privacy/) can be downloaded
# before it is deleted.
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)
# Days between an applicant asking to delete their account and its erasure; signing in
# before then cancels it (hmc_portal.privacy.services.erasure).
ERASURE_WAIT_DAYS = env.int("ERASURE_WAIT_DAYS", default=14)
if ERASURE_WAIT_DAYS < 1:
    raise environ.ImproperlyConfigured("ERASURE_WAIT_DAYS must be 1 or more.")
# The currency of a new fee schedule (ISO 4217); each schedule keeps its own.
BILLING_CURRENCY = env("BILLING_CURRENCY", default="USD")
# Invoice numbers read PREFIX-YEAR-00001, gap-free per year.
BILLING_INVOICE_PREFIX = env("BILLING_INVOICE_PREFIX", default="HMC")
# Days the applicant has to pay the deposit invoice issued when they take the offer.
BILLING_DEPOSIT_DUE_DAYS = env.int("BILLING_DEPOSIT_DUE_DAYS", default=14)
# Days a declared wire transfer holds the applicant's places while staff wait for it.
BILLING_WIRE_HOLD_DAYS = env.int("BILLING_WIRE_HOLD_DAYS", default=10)
# Days after an invoice's due date before staff may release the places of an applicant who
# has not paid (and holds no declared wire transfer).
BILLING_RELEASE_AFTER_DAYS = env.int("BILLING_RELEASE_AFTER_DAYS", default=7)
if BILLING_RELEASE_AFTER_DAYS < 0:
    raise environ.ImproperlyConfigured("BILLING_RELEASE_AFTER_DAYS must be 0 or more.")
# Days before an invoice's due date that the reminder goes out (another once it is overdue).
BILLING_REMINDER_DAYS = env.int("BILLING_REMINDER_DAYS", default=7)
# How to pay by wire, printed on every invoice and shown on the payments page (several
# lines: write \n between them in the environment).
BILLING_WIRE_INSTRUCTIONS = env(
    "BILLING_WIRE_INSTRUCTIONS",
    default=(
        "Bank: First Houston Bank, 1200 Main St, Houston, TX 77002, USA\n"
        "Account name: Houston Medical Clerkship\n"
        "Account number: 000123456789 / Routing (ABA): 111000025 / SWIFT: FHBKUS44"
    ),
).replace("\\n", "\n")
# Card payments through Stripe Checkout (billing.providers.stripe). Both unset: no card option
# anywhere. The secret key (sk_test_... or sk_live_...) creates Checkout Sessions; the webhook
# signing secret (whsec_...) verifies the events Stripe posts to /billing/stripe/webhook/,
# the only place a card payment is recorded. The card option needs both.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
# How old (seconds) a signed webhook may be before it is refused as a possible replay.
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)
# Minutes a Checkout Session stays payable (Stripe allows 30 minutes to 24 hours).
STRIPE_CHECKOUT_MINUTES = env.int("STRIPE_CHECKOUT_MINUTES", default=60)

# --- Accounts: django-axes lockout and email verification ---
# Failed logins are limited three ways, so that guessing is stopped without letting a stranger
# lock somebody else out:
# - one account from one address: five failures refuse that pair for 15 minutes (axes; rows
#   in PostgreSQL, shared by every web process). A stranger locks only their own address out
#   of the account; its owner, from anywhere else, logs in as usual;
# - one address across accounts: LOGIN_ADDRESS_FAILURE_LIMIT failures refuse the address for
#   LOGIN_LIMIT_WINDOW (hmc_portal/users/login_limits.py, counted in Redis);
# - one account from all addresses: LOGIN_ACCOUNT_FAILURE_LIMIT failures refuse the account
#   everywhere for LOGIN_LIMIT_WINDOW, or until a password reset (distributed guessing).
# A password reset lifts the account's locks at once; the lockout page says so. Keep the
# address limit under half the account limit: then one address never reaches the account's.
# The admin login is covered too: it authenticates through the same backend.
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]  # last, as axes requires
AUTHENTICATION_BACKENDS = [
    # axes.backends.AxesStandaloneBackend plus the Redis limits; a call without a request
    # (the test client's login(), a shell) is let through rather than crashing: see the class.
    "hmc_portal.users.backends.LockoutBackend",
    # ModelBackend, reading the account with its role (one query instead of two per page).
    "hmc_portal.users.backends.AccountBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours (axes reads a float as hours): 15 minutes
# A nested list combines: failures count per (account, address) pair only. (A plain string
# item is a parameter of its own: ["username", "ip_address"] would lock an account after
# five failures from anywhere, which is how anyone could lock anyone out.)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=50)
LOGIN_LIMIT_WINDOW = env.int("LOGIN_LIMIT_WINDOW", default=60 * 60)  # seconds: counted, locked
LOGIN_LIMIT_KEY_PREFIX = "login-limits"  # Redis keys (the REDIS_URL database)
# Public pages that look something up for anyone (hmc_portal/rate_limits.py, in Redis):
# at most VERIFY_CHECKS_PER_MINUTE checks of issued documents from one address a minute.
RATE_LIMIT_KEY_PREFIX = "rate-limits"
VERIFY_CHECKS_PER_MINUTE = env.int("VERIFY_CHECKS_PER_MINUTE", default=30)
# The largest PDF a visitor may hand to /verify/<code>/ to compare with the one issued.
VERIFY_MAX_FILE_BYTES = 20 * 1024 * 1024
AXES_USERNAME_FORM_FIELD = "username"  # our login form's email field is named username
AXES_USERNAME_CALLABLE = "hmc_portal.users.lockout.lockout_username"  # Amina@X == amina@x
AXES_CLIENT_IP_CALLABLE = "hmc_portal.users.lockout.client_ip_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hmc_portal.users.lockout.lockout_response"  # our page, status 429
# How many reverse proxies we trust to append to X-Forwarded-For. 0 (the default) uses the
# socket's address; behind one TLS proxy set 1, else every visitor shares the proxy's address
# and five failures anywhere would lock everybody out.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 60 * 60  # seconds a verification link works: 3 days
# --- end of Accounts ---

# --- Second factor (django-otp): TOTP authenticator apps and one-use recovery codes ---
# Every staff account must pass it before any page opens (admin included); preceptors may
# enrol, and then their login asks for the code too (hmc_portal/users/second_factor/).
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default=SITE_NAME)  # the name the app shows
# A wrong code makes the next try wait 1, 2, 4, 8, 16... seconds (factor * 2^(failures-1)).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
RECOVERY_CODE_COUNT = 10
# --- end of Second factor ---

# --- Rotations and placement ---
# How many rotations an applicant who took the offer may choose (ranked, consecutive blocks).
MAX_ROTATION_CHOICES = env.int("MAX_ROTATION_CHOICES", default=3)
# Applicants who need a visa are offered only rotations starting at least this many weeks
# ahead: a B-1 visa appointment and its answer take time.
MIN_WEEKS_BEFORE_START = env.int("MIN_WEEKS_BEFORE_START", default=8)
# Seconds a preceptor's one-click confirm/decline link works: 7 days. Each link works once.
ROTATION_LINK_MAX_AGE = env.int("ROTATION_LINK_MAX_AGE", default=7 * 24 * 60 * 60)
# Letters of recommendation. The one-time accept / decline link in the preceptor's email
# works this many seconds (21 days: it lasts through the three reminders).
LETTER_LINK_MAX_AGE = env.int("LETTER_LINK_MAX_AGE", default=21 * 24 * 60 * 60)
# The largest letter the ERAS Letter of Recommendation Portal takes: "File size cannot
# exceed 1 MB" (AAMC, "ERAS for Letter of Recommendation Authors", LoRP guidelines,
# https://www.aamc.org/services/eras-for-institutions/lor-portal).
ERAS_LETTER_MAX_BYTES = env.int("ERAS_LETTER_MAX_BYTES", default=1_000_000)
# Days after a letter request without an answer when the preceptor is reminded; after the
# last one the program office is told.
LETTER_REMINDER_DAYS = (7, 14, 21)
LETTER_OFFICE_AFTER_DAYS = 28
# A request the preceptor has not answered after this many days gets one reminder.
ROTATION_NUDGE_AFTER_DAYS = 3
# The applicant is reminded this many days before a rotation's first day.
ROTATION_START_REMINDER_DAYS = 7
ROTATIONS_PER_PAGE = 12
# Open rotations per page on the applicant's choice of rotations (/dashboard/rotations/).
ROTATION_CHOICES_PER_PAGE = 12
PRECEPTORS_PER_PAGE = 12
# Rows per section of the preceptor portal (requests to answer, waiting lists, upcoming and
# past observers): each section pages on its own.
PRECEPTOR_PORTAL_PER_PAGE = 10
# Attendance: whether the preceptor also gives the hours attended (the days always).
ATTENDANCE_RECORDS_HOURS = env.bool("ATTENDANCE_RECORDS_HOURS", default=False)
# Seconds the weekly email's one-click "Confirm full attendance" link works: 14 days.
# Each link works once (the attendance it confirms is then recorded).
ATTENDANCE_LINK_MAX_AGE = env.int("ATTENDANCE_LINK_MAX_AGE", default=14 * 24 * 60 * 60)
# An evaluation not submitted by its due day is reminded this many days after it.
EVALUATION_REMINDER_DAYS = (1, 4, 8)
# ...and then one every this many days until the evaluation is submitted.
EVALUATION_REMINDER_EVERY_DAYS = 7
# --- end of Rotations ---

# --- Internationalisation: stored in UTC, shown in the viewer's zone -------------------------
# Every page and email in the applicant's language (README: "Adding a language").
# Documents for US authorities (visa letters, certificates) stay in English whatever it is.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
# One clock per language: where Django formats a date itself (admin), English too writes the
# 24-hour clock the pages and emails use (hmc_portal.dates).
FORMAT_MODULE_PATH = ["hmc_portal.formats"]
USE_I18N = True
USE_TZ = True

# --- Static files and private uploads ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=LOCAL_DIR / "private")
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Applicants' documents: never under STATIC_ROOT or MEDIA_ROOT, never served directly.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "signature_version": "s3v4",  # SigV2 signed URLs are deprecated by AWS
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            "file_overwrite": False,
        },
    }
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DOCUMENT_MAX_FILES = env.int("DOCUMENT_MAX_FILES", default=20)  # per application
DOCUMENT_MAX_PIXELS = 40_000_000  # images larger than this are refused (decompression bombs)
# The staff dossier (applications.dossier): up to this many files and bytes it is built while
# the browser waits; a larger one is built by a Celery task and its link emailed, valid for
# DOSSIER_LINK_HOURS (the built file is deleted after download or then).
DOSSIER_INLINE_MAX_FILES = env.int("DOSSIER_INLINE_MAX_FILES", default=12)
DOSSIER_INLINE_MAX_BYTES = env.int("DOSSIER_INLINE_MAX_BYTES", default=30 * 1024 * 1024)
DOSSIER_LINK_HOURS = env.int("DOSSIER_LINK_HOURS", default=24)
# Virus scanning of uploads by clamd (hmc_portal.clamav), off when empty:
# "unix:///run/clamav/clamd.ctl" or "tcp://clamav:3310". While set and unreachable, uploads
# are refused ("try again later"), never stored unscanned.
CLAMAV_URL = env("CLAMAV_URL", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30.0)
# Larger uploads are spooled to a temporary file, never held in the web process's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email: every message goes through the outbox (hmc_portal.notifications) ----------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Sender of every email. Its display name is the program's (SITE_NAME) unless the setting
# names one itself: "Houston Medical Clerkship <no-reply@localhost>".
_from_name, _from_address = parseaddr(env("DEFAULT_FROM_EMAIL", default="no-reply@localhost"))
DEFAULT_FROM_EMAIL = formataddr((_from_name or SITE_NAME, _from_address))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where replies go: every email carries it as Reply-To, so "reply to this email" reaches the
# program office, not a no-reply box. Required in production.
PROGRAM_OFFICE_EMAIL = env("PROGRAM_OFFICE_EMAIL", default="")
# Shown with it at the foot of every page, when set.
PROGRAM_OFFICE_PHONE = env("PROGRAM_OFFICE_PHONE", default="")
PROGRAM_OFFICE_ADDRESS = env("PROGRAM_OFFICE_ADDRESS", default="")
# The letterhead of the visa invitation letter: the program's name (SITE_NAME unless set),
# the office's address, phone and email above, and who signs it.
PROGRAM_NAME = env("PROGRAM_NAME", default=SITE_NAME)
VISA_LETTER_SIGNER_NAME = env("VISA_LETTER_SIGNER_NAME", default="")
VISA_LETTER_SIGNER_TITLE = env("VISA_LETTER_SIGNER_TITLE", default="Program Director")
# Who signs the completion certificate (empty: the visa letter's signer).
CERTIFICATE_SIGNER_NAME = env("CERTIFICATE_SIGNER_NAME", default="")
CERTIFICATE_SIGNER_TITLE = env("CERTIFICATE_SIGNER_TITLE", default="")
# The visa invitation letter waits for the deposit (billing's gate); False turns it off.
VISA_LETTER_REQUIRES_DEPOSIT = env.bool("VISA_LETTER_REQUIRES_DEPOSIT", default=True)
# The program's own clock ("Houston time"): shown beside the applicant's zone where a time is
# chosen, and the zone of the office's emails.
PROGRAM_TIME_ZONE = "America/Chicago"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BACKOFF = env.int("NOTIFICATION_RETRY_BACKOFF", default=10)  # seconds
NOTIFICATION_STALE_AFTER = 120  # seconds a pending row may wait before the sweep re-sends it
# The send task's hard time limit (seconds). A row still `sending` this long after its attempt
# began lost its worker mid-delivery: the sweep sends it again as "maybe sent".
NOTIFICATION_SEND_TIME_LIMIT = env.int("NOTIFICATION_SEND_TIME_LIMIT", default=90)
# The right-hand side of every email's Message-ID; empty: the domain of DEFAULT_FROM_EMAIL.
NOTIFICATION_MESSAGE_ID_DOMAIN = env("NOTIFICATION_MESSAGE_ID_DOMAIN", default="")
# How many pending emails one send task claims at once and sends over one SMTP connection
# (hmc_portal/notifications/batch.py); 1 sends only the task's own email.
NOTIFICATION_BATCH_SIZE = env.int("NOTIFICATION_BATCH_SIZE", default=50)
# The Celery queue the send tasks go to, for a worker of their own started with more
# processes (docker-compose.yml's mailer); empty: the default queue, with every other task.
NOTIFICATION_QUEUE = env("NOTIFICATION_QUEUE", default="")

# --- Celery ------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # tasks write their outcome to Postgres rows, not to a backend
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Send tasks to NOTIFICATION_QUEUE when it is set; everything else to the default queue.
CELERY_TASK_ROUTES = ("hmc_portal.notifications.tasks.route_task",)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# A late-acked task that is not acknowledged within this time is redelivered: it must be
# longer than the longest task (time limit) and the longest retry countdown.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # hmc_portal/schedule.py: the one place periodic work lives

# --- Forms ---------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Content Security Policy: no inline script or style anywhere ------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        # "Pay by card" posts to our own URL, which redirects to Stripe's hosted page: a
        # browser applies form-action to that redirect too.
        "form-action": ["'self'", *(["https://checkout.stripe.com"] if STRIPE_SECRET_KEY else [])],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Django admin: the same policy, plus a per-request nonce for the inline scripts of admin
# templates (django-celery-beat's periodic task form); never 'unsafe-inline' for scripts.
# The review screen previews a document from our own preview URL (a PDF in a frame or an
# object, an image in <img>), so frames and objects from 'self' are allowed there.
# hmc_portal.security.AdminContentSecurityPolicyMiddleware serves it on admin pages.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", NONCE],
        "frame-src": ["'self'"],
        "object-src": ["'self'"],
    }
}

# Browser features the site never uses are turned off on every response
# (hmc_portal.security.SecurityHeadersMiddleware). The camera is off too, except on the
# documents pages, whose upload of a passport photo asks for it (security.allow_camera);
# payment stays off until billing needs it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # fpdf2 subsets the fonts of every issued PDF and fontTools narrates each step.
        "fontTools": {"level": "WARNING"},
    },
}

# Events: the join link of an online event shows on its page to registered people from this
# many minutes before the start (and goes in the 1-hour reminder).
EVENT_JOIN_LINK_MINUTES = env.int("EVENT_JOIN_LINK_MINUTES", default=60)
# Mentoring (events.mentoring): applicants book 1:1 sessions from this status on (and the
# later ones in the lifecycle), hold at most this many upcoming sessions, and may cancel
# (as may the mentor) until this many hours before the start.
MENTORING_FROM_STATUS = env.str("MENTORING_FROM_STATUS", default="confirmed")
MENTORING_MAX_UPCOMING = env.int("MENTORING_MAX_UPCOMING", default=2)
MENTORING_CANCEL_HOURS = env.int("MENTORING_CANCEL_HOURS", default=24)

"""Datalek settings: one module, driven by the environment (see .env.example and the README)."""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from datalek.env import env_bool, env_choice, env_float, env_int, env_list, env_str


def _mail_domain(site_url: str) -> str:
    host = (urlsplit(site_url).hostname or "").rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host if "." in host else "localhost"
    return "localhost"


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DATALEK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", None)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (or set SECRET_KEY_FILE).")
    SECRET_KEY = "insecure-development-key-only-for-make-run"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # Django's admin behind our two-step login (accounts/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # expiring API tokens, stored as digests; the model is ours (KNOX_TOKEN_MODEL)
    "django_filters",
    "django_countries",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "datalek",
    "accounts",
    "incidents",
    "inventory",
    "risk",
    "people",
    "processors",
    "notifications",
    "delivery",
    "obligations",  # every regime's reporting obligations, on dated rule sets; beside delivery
    "reports",
    "portal",
    "alerts",  # hand-off e-mails and outgoing webhooks; listens to the audit events
    "inbox",  # the top of the house: reads every app, nothing imports it
    "demo",  # the top too: the demo data of `make run` (seed_demo) uses every app, nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files may be cached): every other answer is private, no-store (datalek/middleware.py).
    "datalek.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused by the lock-out into the lock-out page (accounts.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "datalek.urls"
WSGI_APPLICATION = "datalek.wsgi.application"
ASGI_APPLICATION = "datalek.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default for `make run`; PostgreSQL (psycopg 3) in production and tests.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'datalek.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
_db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request after a few seconds (a 503) instead of hanging it.
    _db.setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    )
if _db["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions serialise writers, which is what select_for_update gives on PostgreSQL.
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "incidents.User"

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", None) or None
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL) or None
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL) or None
CELERY_RESULT_EXPIRES = 24 * 3600
# Without a broker (make run) tasks run in-process, right where they are queued.
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a task must not hang while the broker is down: connecting gives up after
# CELERY_BROKER_CONNECTION_TIMEOUT seconds and a publish is retried once; the task is then kept in the database
# and handed over by beat once the broker is back (datalek/task_queue.py).
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 2.0, minimum=0.1)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 10,  # a broker gone without closing the connection (longer than BRPOP's 1 s poll)
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_BEAT_SCHEDULE = {
    "verify-audit-chains": {
        "task": "incidents.tasks.audit_verify_all",
        "schedule": env_int("AUDIT_VERIFY_INTERVAL_SECONDS", 6 * 3600, minimum=60),
    },
    # Every chain's count and head to the append-only anchor file outside the database (incidents/anchor.py).
    "audit-anchor": {
        "task": "incidents.tasks.audit_anchor",
        "schedule": env_int("AUDIT_ANCHOR_INTERVAL_SECONDS", 3600, minimum=60),
    },
    # Tasks kept in the database while the broker was unreachable are handed over once it is back.
    "deferred-tasks-flush": {
        "task": "datalek.tasks.deferred_tasks_flush",
        "schedule": env_int("SWEEP_INTERVAL_SECONDS", 60, minimum=10),
    },
    # The deadline clock: reminders and escalations, and the outbox's stale claims.
    "notifications-sweep": {
        "task": "notifications.tasks.notifications_sweep",
        "schedule": env_int("SWEEP_INTERVAL_SECONDS", 60, minimum=10),
    },
}
# Hand-off e-mails not sent yet and webhook deliveries whose next attempt is due (alerts/).
CELERY_BEAT_SCHEDULE["alerts-sweep"] = {
    "task": "alerts.tasks.alerts_sweep",
    "schedule": env_int("SWEEP_INTERVAL_SECONDS", 60, minimum=10),
}
# Outgoing webhooks: a short timeout, a bounded number of attempts (backoff 30 s doubling, at most an hour), and
# plain http only to this machine, for development and tests (never in production).
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 5.0, minimum=0.5)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
WEBHOOK_ALLOW_LOCAL_HTTP = env_bool("WEBHOOK_ALLOW_LOCAL_HTTP", DEBUG)
DELIVERY_BATCH_SIZE = env_int("DELIVERY_BATCH_SIZE", 1000, minimum=1)
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 600, minimum=1)
DELIVERY_MAX_RETRIES = env_int("DELIVERY_MAX_RETRIES", 8, minimum=0)
SUBJECTS_IMPORT_MAX_MB = env_int("SUBJECTS_IMPORT_MAX_MB", 500, minimum=1)
SUBJECTS_IMPORT_MAX_BYTES = SUBJECTS_IMPORT_MAX_MB * 1024 * 1024
# An import queued or running with no progress for this long is failed by the sweep, with a message (a worker
# killed mid-file, a task lost on its way): no list shows "loading" forever.
SUBJECTS_IMPORT_STALL_MINUTES = env_int("SUBJECTS_IMPORT_STALL_MINUTES", 30, minimum=1)
# Affected-people lists are personal data: purged this many days after the incident is closed (0: never by itself).
SUBJECTS_RETENTION_DAYS = env_int("SUBJECTS_RETENTION_DAYS", 90, minimum=0)

if REDIS_URL:
    # An unreachable Redis is a cache miss, not an error (datalek/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "datalek.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication and sessions --------------------------------------------------------------
# Every path that sets a password through a form applies them: the password change and reset pages, the admin's
# user forms (tests/security/test_passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "incidents:dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# AxesBackend first: a locked-out username+address is refused before its password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
# Sign-in with the organisation's identity provider (OpenID Connect, accounts/oidc/): off unless OIDC_ENABLED. Then
# its variables are read and checked (accounts/oidc/config.py), its backend follows these two and its middleware
# follows django-otp's; the README's "Sign-in with your identity provider" lists them. Off, none of it is loaded.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    from accounts.oidc.config import oidc_settings

    globals().update(oidc_settings(backends=AUTHENTICATION_BACKENDS, middleware=MIDDLEWARE))

# --- Login lock-out (django-axes): N failures per username + client address, then a cool-off ---------
# The address alone is counted too, across usernames, against its own higher limit: password spraying (a few
# tries each for many usernames) locks the address. accounts/lockout.py says how the two limits are kept.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True  # the username's count only (accounts/lockout.py)
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False  # one log line per failure, not three
# The client address: REMOTE_ADDR, or behind our TLS proxy the address it appended to X-Forwarded-For
# (accounts/client_ip.py says why not django-ipware's heuristics).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_SENSITIVE_PARAMETERS = ["otp", "code"]

# --- Second factor (django-otp, TOTP) ----------------------------------------------------------------
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Datalek")
# Required by default in production: a DPO must enrol an authenticator app before approving, filing or deciding
# anything, and staff before entering the admin. `make run` (DEBUG) relaxes both so that the demo logins work with
# their password; relaxing them is loud: a system check warning (accounts/checks.py) and a banner on every page.
OTP_REQUIRED_FOR_DPO = env_bool("OTP_REQUIRED_FOR_DPO", not DEBUG)
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", not DEBUG)

# --- Security: secure by default, relaxed by HTTPS=false for plain-HTTP local serving ----------
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container's own health probe speaks plain HTTP inside
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Preloading promises HTTPS for every subdomain to every browser, for good: the operator's call, off by default
# (and then Django's reminder about it is silenced, so `check --deploy` is clean).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Readable by script on purpose: the Swagger UI sends it as X-CSRFToken ("Try it out" with the session).
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
# No inline script or style anywhere: every page runs only our static files (see tests/security/test_csp.py).
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True  # stored in UTC, shown in TIME_ZONE
# Each language's date formats, by name (``date:"DATETIME_FORMAT"``): "2 Dec 2026", "2 dec. 2026", "2 déc. 2026".
FORMAT_MODULE_PATH = ["datalek.formats"]
# The language switcher's choice (Django's set_language) outlives the browser session; dates and numbers
# follow the active language (USE_L10N is always on in Django 5).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Uploaded evidence is personal data: kept outside the web root, served only by an authorised view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = None
_static_backend = {
    "simple": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "manifest": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}[env_choice("STATIC_STORAGE", "simple", {"simple", "manifest"})]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _static_backend},
}
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 25, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads (a list of a million people) are streamed to disk

# --- E-mail -----------------------------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST", None) or None
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
else:
    # No SMTP server configured (make run): e-mails are written to the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The sender of the installation's e-mails: "Datalek <noreply@…>" at MAIL_DOMAIN, by default the host of SITE_URL
# (an address on an IP or a host without a domain becomes "localhost", which a real installation never keeps: it
# sets SITE_URL, MAIL_DOMAIN or DEFAULT_FROM_EMAIL). An organisation may keep its own sender on its page.
MAIL_DOMAIN = env_str("MAIL_DOMAIN", "") or _mail_domain(SITE_URL)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Datalek <noreply@{MAIL_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API ------------------------------------------------------------------------------------------
# Tokens (django-rest-knox, accounts/models.py): a new one per request of POST /api/auth/token/, stored as a digest,
# expiring after API_TOKEN_TTL_HOURS, at most API_TOKENS_PER_USER alive per user, dead with a password change.
KNOX_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105 - a model name, not a secret
# knox's migrations create a table for its own token model even when it is swapped out; with none, no such table
# (Django creates no table for a swapped model), and nothing refers to users from a table no one flushes.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_TTL = timedelta(hours=env_int("API_TOKEN_TTL_HOURS", 8, minimum=1))
API_TOKENS_PER_USER = env_int("API_TOKENS_PER_USER", 10, minimum=1)
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTO_REFRESH": False, "AUTH_HEADER_PREFIX": "Token"}


def _rate(name: str, default: str) -> str:
    """A DRF throttle rate, checked here so that a typo stops the start-up rather than the first request."""
    value = env_str(name, default)
    if not re.fullmatch(r"[1-9]\d*/(second|minute|hour|day|s|m|h|d)", value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate like 600/minute (per second, minute, hour or day)."
        )
    return value


# Throttling (accounts/throttling.py): requests per user, per address for anonymous callers, and per address on the
# token endpoint. Counted in the cache (Redis in production; without it, per process).
API_THROTTLE_RATES = {
    "anon": _rate("API_THROTTLE_ANON", "60/minute"),
    "user": _rate("API_THROTTLE_USER", "600/minute"),
    "token": _rate("API_THROTTLE_TOKEN", "10/minute"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.AnonThrottle", "accounts.throttling.UserThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "datalek.api_errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Datalek API",
    "DESCRIPTION": "GDPR personal-data-breach incident management: incidents, their workflow and audit trail.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "IncidentStatusEnum": "incidents.models.Incident.Status",
        # field names the breach-facts and decision shapes share with other choice sets (risk/api.py)
        "OurRoleEnum": "incidents.models.Incident.OurRole",
        "RoleEnum": "inventory.models.Processor.Role",
        "EngineDecisionRiskEnum": "risk.api.RISKS",
        "BreachHashingEnum": "risk.api.HASHING_CHOICES",
        "BreachBackupEnum": "risk.api.BACKUP_CHOICES",
        "HashingEnum": "inventory.vocabulary.Hashing",  # a system's measures (no "not applicable")
        "BackupEnum": "inventory.vocabulary.Backup",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "datalek.api_errors.document_throttling",
    ],
}

# --- Logging and error reporting ------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
# Every record passes the personal-data scrubber (datalek/scrubbing.py) on its one handler: Django's own loggers
# are routed to it too (instead of Django's default console and mail_admins handlers), and so is the Celery
# worker (datalek/celery.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub_personal_data": {"()": "datalek.scrubbing.ScrubPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["scrub_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

SENTRY_DSN = env_str("SENTRY_DSN", None) or None
if SENTRY_DSN:
    from datalek.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0),
    )

# --- Domain settings --------------------------------------------------------------------------------
# Art. 33(1): at the latest 72 hours after becoming aware. Calendar hours; not configurable on purpose.
AUTHORITY_DEADLINE_HOURS = 72

# The audit trail's keys (incidents/audit.py): each event's hash is an HMAC-SHA256 under a key kept out of the
# database, so that someone who can write the database cannot rewrite an event and recompute the chain.
# AUDIT_KEYS="<id>:<secret>[,<id>:<secret>…]": the last one is current (new events); the earlier ones are retired
# but stay listed for as long as events hashed with them exist, or those events can no longer be checked.
_audit_keys = env_str("AUDIT_KEYS", None)
if not _audit_keys:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_KEYS is required when DEBUG is off: set AUDIT_KEYS=<id>:<secret of 32+ characters> "
            "(or AUDIT_KEYS_FILE), see .env.example."
        )
    _audit_keys = "dev:insecure-development-audit-key-only-for-make-run"
AUDIT_KEYS: dict[str, str] = {}
for _entry in _audit_keys.split(","):
    _key_id, _colon, _secret = _entry.strip().partition(":")
    if not _colon:
        raise ImproperlyConfigured("AUDIT_KEYS: each entry is <id>:<secret>, separated by commas.")
    if not (0 < len(_key_id) <= 32 and all(c.isascii() and (c.isalnum() or c in "._-") for c in _key_id)):
        raise ImproperlyConfigured(
            "AUDIT_KEYS: a key id is 1 to 32 letters, digits, '.', '_' or '-' (e.g. 2026a)."
        )
    if len(_secret.strip()) < 32:
        raise ImproperlyConfigured(
            f"AUDIT_KEYS: the secret of key {_key_id!r} must be at least 32 characters."
        )
    if _key_id in AUDIT_KEYS:
        raise ImproperlyConfigured(f"AUDIT_KEYS: the key id {_key_id!r} is given more than once.")
    AUDIT_KEYS[_key_id] = _secret.strip()
# The anchor (incidents/anchor.py): every chain's count and head, appended to <dir>/anchors.jsonl by beat. Unset:
# MEDIA_ROOT/audit-anchors (a persistent volume in docker-compose.yml); better a directory on other storage.
AUDIT_ANCHOR_DIR = env_str("AUDIT_ANCHOR_DIR", None) or None

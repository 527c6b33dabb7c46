"""Settings shared by every environment; every deployment knob comes from the environment.

`DATABASE_URL` unset means a SQLite file; `REDIS_URL` unset means an in-memory channel layer and
eager Celery. See README.md for the table of variables.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF

# Presidio's email recognizer imports tldextract, which otherwise tries to fetch the public suffix
# list over the network at first use; an empty list of URLs makes it use its bundled snapshot.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("TLDEXTRACT_CACHE", str(Path(__file__).resolve().parents[2] / "var" / "tldextract"))

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("PARLEY_VAR_DIR", BASE_DIR / "var"))
# Local state (the SQLite file, collected static files) lives here; SQLite will not create the folder.
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    # Accounts (docs/security.md, "Accounts"): failed sign-in counting and lockout in the database
    # (django-axes), TOTP two-factor sign-in with recovery codes (django-otp: its middleware, throttling
    # and device base; not its otp_totp/otp_static plugins, which store the secrets in clear: our devices
    # are participants.authenticators).
    "axes",
    "django_otp",
    # django-csp's system checks (they flag settings in its pre-4.0 format).
    "csp",
    # Django Ninja's templates and static files: with it installed the API docs page loads Swagger UI
    # from our static files instead of a public CDN (docs/security.md, "Headers").
    "ninja",
    "core",
    "participants",
    "dialogues",
    "facilitation",
    "summaries",
    # The single-text procedure (docs/single-text.md): layer 3 beside summaries.
    "singletext",
    # The composition root: urls, the API and its `openapi_schema` command (no app imports it).
    "config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response (see "Headers" below).
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The interface language (docs/i18n.md): the language cookie, else the browser's Accept-Language.
    # After sessions, before CommonMiddleware, as Django asks; a signed-in person's own choice
    # (participants.middleware.UserLanguageMiddleware) overrides it once the user is known.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "participants.middleware.UserTimezoneMiddleware",
    "participants.middleware.UserLanguageMiddleware",
    # The person's list of sessions (last seen), and sessions that still owe a second factor.
    "participants.middleware.SessionTrackingMiddleware",
    "participants.middleware.TwoFactorMiddleware",
    "core.middleware.ParleyErrorMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                # LANGUAGE_CODE and LANGUAGE_BIDI for <html lang dir> and the language picker.
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# An empty DATABASE_URL (as `DATABASE_URL= make run` gives) means unset, like a missing one.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'parley.sqlite3'}"
    ),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the ASGI server's threads read while one writes; IMMEDIATE transactions take the write
    # lock up front, so two writers wait for each other instead of deadlocking with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif env.bool("DATABASE_POOL", default=True):
    # Room consumers make many short database calls from worker threads; a pool makes each one cheap.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=20),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=15.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new passwords are hashed with it; the others only verify legacy hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before any password is checked. Then Django's
# password backend, finding accounts by the keyed hash of the login name or email (participants/accounts.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "participants.accounts.SealedModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dialogues:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The interface languages (issue 17; docs/i18n.md). British English is the source language of every
# string; the others come from locale/<lang>/LC_MESSAGES/*.po, compiled to .mo by `make` (Babel).
LANGUAGES = [
    ("en-gb", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# A year: the choice of an anonymous visitor (the login page) outlives the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Parley <no-reply@parley.invalid>")
# Absolute links in emails (invitations, release notices) are built from this, never from the
# request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# --- Headers: Content-Security-Policy and Permissions-Policy (docs/security.md, "Headers") ----------
# No inline script or style anywhere: pages load ES modules and stylesheets from our static files, data
# for scripts travels in `json_script` blocks (type="application/json", which CSP does not run), and the
# API docs page uses Django Ninja's bundled Swagger UI. No nonces are needed, so none are issued.
# `core.headers` adds the page's own ws(s):// origin to connect-src for the live room.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small SVG icons Swagger UI's stylesheet embeds; charts are inline <svg> elements.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features no Parley page uses, denied to every origin (the page and any frame).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
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

# --- Accounts: lockout, two-factor sign-in, throttles (docs/security.md, "Accounts") ------------
# django-axes with its database handler: every web replica counts into the same table. A username is
# locked after AXES_FAILURE_LIMIT failures from anywhere, and a client address after as many on any
# accounts; the lock ends AXES_COOLOFF_TIME after the last attempt (attempts while locked count too).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("PARLEY_LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("PARLEY_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "participants.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "participants.lockout.axes_username"
# No log of successful sign-ins with addresses: where a participant connects from is sensitive.
AXES_DISABLE_ACCESS_LOG = True
# Two-factor sign-in is required for these roles (facilitator, liaison); others may opt in.
PARLEY_REQUIRE_2FA_ROLES: list[str] = env.list("PARLEY_REQUIRE_2FA_ROLES", default=["facilitator", "liaison"])
OTP_TOTP_ISSUER = "Parley"
# Wrong API tokens per client address and per token prefix, and password-reset requests per address
# and per email (an hour), counted in the database (participants/throttle.py).
PARLEY_TOKEN_FAILURE_LIMIT = env.int("PARLEY_TOKEN_FAILURE_LIMIT", default=20)
PARLEY_THROTTLE_WINDOW_MINUTES = env.int("PARLEY_THROTTLE_WINDOW_MINUTES", default=15)
PARLEY_PASSWORD_RESET_IP_LIMIT = env.int("PARLEY_PASSWORD_RESET_IP_LIMIT", default=20)
PARLEY_PASSWORD_RESET_EMAIL_LIMIT = env.int("PARLEY_PASSWORD_RESET_EMAIL_LIMIT", default=5)

# --- Redis: channel layer and Celery -----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CHANNEL_LAYER_PREFIX = env.str("CHANNEL_LAYER_PREFIX", default="parley")
REDIS_MAX_CONNECTIONS = env.int("REDIS_MAX_CONNECTIONS", default=2000)

CHANNEL_LAYERS: dict[str, Any]
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's async pool defaults to 100 connections, which a connect storm exhausts.
                "hosts": [{"address": REDIS_URL, "max_connections": REDIS_MAX_CONNECTIONS}],
                "prefix": CHANNEL_LAYER_PREFIX,
                "capacity": 1000,
                "expiry": 60,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# The defaults lose work when a worker dies; these make a task survive a killed worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="parley")
# `celery -A config beat`: timed breakouts close themselves even if no page is open to notice.
CELERY_BEAT_SCHEDULE = {
    "close-due-breakouts": {"task": "facilitation.console.breakouts_close_due", "schedule": 30.0},
    "prune-revocations": {"task": "dialogues.prune_revocations", "schedule": 3600.0},
    # A compile whose worker died is found within lease + 30 s (summaries/lease.py).
    "reap-expired-compiles": {"task": "summaries.reap_expired", "schedule": 30.0},
    # Single-text rounds close at their deadline: audit entry and room notice (docs/single-text.md).
    "close-due-text-rounds": {"task": "singletext.rounds_close_due", "schedule": 60.0},
    # Dialogues past their retention lose their data key, transcripts and drafts (docs/data-lifecycle.md).
    "purge-expired-dialogues": {"task": "summaries.purge_expired", "schedule": 3600.0},
}

# --- Parley -------------------------------------------------------------------------------------
# Field encryption keys (Fernet, urlsafe base64, 32 bytes). The first key encrypts; all of them
# decrypt, so a new key is added at the front and old ones dropped after `rotate_field_keys`.
PARLEY_FIELD_KEYS: list[str] = env.list("PARLEY_FIELD_KEYS", default=[])
# Smallest group size shown for any descriptor or bucket (cell-size rule).
PARLEY_K_ANONYMITY = env.int("PARLEY_K_ANONYMITY", default=5)
# A long task renews its lease every quarter of this; a lease this old means its worker died.
PARLEY_TASK_LEASE_SECONDS = env.float("PARLEY_TASK_LEASE_SECONDS", default=60.0)
PARLEY_INVITATION_DAYS = env.int("PARLEY_INVITATION_DAYS", default=14)
PARLEY_MAX_MESSAGE_CHARS = env.int("PARLEY_MAX_MESSAGE_CHARS", default=10_000)
PARLEY_MAX_FRAME_BYTES = env.int("PARLEY_MAX_FRAME_BYTES", default=256 * 1024)
PARLEY_RATE_LIMIT_MESSAGES = env.int("PARLEY_RATE_LIMIT_MESSAGES", default=20)
PARLEY_RATE_LIMIT_SECONDS = env.float("PARLEY_RATE_LIMIT_SECONDS", default=10.0)
PARLEY_MAX_SOCKETS_PER_USER = env.int("PARLEY_MAX_SOCKETS_PER_USER", default=8)
# Rooms with more people present than this list a page of them and a count, not everyone (issue 19):
# otherwise every welcome and every join grows with the room, and filling it is quadratic.
PARLEY_PRESENCE_LIST = env.int("PARLEY_PRESENCE_LIST", default=100)
# Load the language-detection models before serving (config/asgi.py); off in the test settings.
PARLEY_WARM_LANGUAGE_MODELS = env.bool("PARLEY_WARM_LANGUAGE_MODELS", default=True)
PARLEY_RETRACT_SECONDS = env.int("PARLEY_RETRACT_SECONDS", default=300)
# Threads per server process that run the rooms' database calls (keep below DATABASE_POOL_MAX).
PARLEY_DB_THREADS = env.int("PARLEY_DB_THREADS", default=8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "presidio-analyzer": {"level": "ERROR"},
        # django-axes logs every sign-in at INFO; keep its warnings (failures, lockouts; names masked).
        "axes": {"level": "WARNING"},
    },
}

"""Production settings: refuse to start without real secrets, and pass `check --deploy` cleanly."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, PARLEY_FIELD_KEYS, SECRET_KEY, env

DEBUG = False

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of at least 50 characters.")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    # The WebSocket origin check reuses ALLOWED_HOSTS: a wildcard would admit any origin.
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names (no wildcard).")
if not env.str("SITE_URL", default=""):
    # Every link in an email or a calendar file is built from it; a default would point at localhost.
    raise ImproperlyConfigured("SITE_URL must be set to the address the site is served on (https://...).")
if not PARLEY_FIELD_KEYS:
    raise ImproperlyConfigured("PARLEY_FIELD_KEYS must hold at least one Fernet key.")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

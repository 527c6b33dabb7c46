"""Test settings: the dev defaults with fixed keys, and per-xdist-worker isolation on shared services."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import CHANNEL_LAYERS, DATABASES, REDIS_URL, VAR_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key-parley-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# In-process WebSocket tests (channels' communicator) send no Host header: trust the test client's origin.
CSRF_TRUSTED_ORIGINS = ["http://testserver"]
PARLEY_FIELD_KEYS = [
    "SwTN4YCf0yi49X2Z4ccDbloQkTnQMc_aTFR6JCf0P5c=",
    "8VKbpcnMJtqdnFSA7OXRvwzzsyB_Wn9BT4z7k4p8Rq0=",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Most tests sign people in with `client.force_login`, which has no second factor; tests/accounts turns
# the production default (facilitators and liaisons) back on and checks it (test_two_factor.py).
PARLEY_REQUIRE_2FA_ROLES = []

_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so the ASGI servers and Celery workers a test starts see the same rows.
    # The process id keeps concurrent test runs in one checkout apart; servers a test starts are given
    # the file's path explicitly.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{_worker}-{os.getpid()}.sqlite3")}

# Concurrent test processes share one Redis: a prefix per process keeps their rooms and counts apart.
# Servers a test starts are given the test process's prefix, so they share its rooms and counts.
CHANNEL_LAYER_PREFIX = os.environ.get("CHANNEL_LAYER_PREFIX") or f"parley-test-{_worker}-{os.getpid()}"
if REDIS_URL:
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = CHANNEL_LAYER_PREFIX

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_TASK_DEFAULT_QUEUE = f"parley-test-{_worker}"
# Dozens of test servers start per run: none waits for the language models (loaded on first use).
PARLEY_WARM_LANGUAGE_MODELS = False
# Django's test client builds the middleware chain once per Client, and WhiteNoise's __init__ then lists
# and stats every static file through the finders (56 ms a Client here, thousands of Clients a run).
# Autorefresh looks a file up when it is asked for instead: the same files, served the same way.
WHITENOISE_AUTOREFRESH = True

"""Development defaults: what `make run` uses. Nothing here is safe for production."""

from __future__ import annotations

from cryptography.fernet import Fernet

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="django-insecure-dev-only-key-parley-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])


def _dev_field_keys() -> list[str]:
    """A per-checkout key kept in var/, so the demo's encrypted rows survive restarts."""
    keys: list[str] = env.list("PARLEY_FIELD_KEYS", default=[])
    if keys:
        return keys
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "field.key"
    if not key_file.exists():
        key_file.write_text(Fernet.generate_key().decode())
        key_file.chmod(0o600)
    return [key_file.read_text().strip()]


PARLEY_FIELD_KEYS = _dev_field_keys()

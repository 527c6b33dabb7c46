"""Development defaults: what `make run` uses. Nothing here is safe for production."""

from __future__ import annotations

from cryptography.fernet import Fernet

from .base import *  # noqa: F403
from .base import VAR_DIR, env

# Off unless asked for (DJANGO_DEBUG=1): `make run` shows the project's 403/404/500 pages, never Django's
# debug pages, which list every URL pattern and settings to whoever hits an error.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The demo accounts (published passwords, `seed_demo`, `demo_totp_code`) exist only under these settings.
PARLEY_DEMO = True
SECRET_KEY = env.str(
    "SECRET_KEY", default="django-insecure-dev-only-key-parley-0123456789-abcdefghijklmnopqrstuvwxyz"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
# Links in emails and calendar files follow the port `make run` serves on (HOST and PORT, exported by
# the Makefile) unless SITE_URL says otherwise.
SITE_URL = env.str(
    "SITE_URL", default=f"http://{env.str('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}"
).rstrip("/")


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

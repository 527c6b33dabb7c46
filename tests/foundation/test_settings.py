"""Settings come from the environment; production refuses to start without real secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_django import Settings

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "k3-" + "x7Yq" * 20,
    "ALLOWED_HOSTS": "parley.example.org",
    "PARLEY_FIELD_KEYS": "SwTN4YCf0yi49X2Z4ccDbloQkTnQMc_aTFR6JCf0P5c=",
    "SITE_URL": "https://parley.example.org",
}


def _run(code: str, settings: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "PARLEY_FIELD_KEYS", "SITE_URL", "PORT", "HOST"}
    }
    base.update(env, DJANGO_SETTINGS_MODULE=settings)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


SHOW = "import django; django.setup(); from django.conf import settings as s; print(repr(({q},)))"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must list"),
        ("PARLEY_FIELD_KEYS", "PARLEY_FIELD_KEYS must hold"),
        ("SITE_URL", "SITE_URL must be set"),
    ],
)
def test_production_refuses_to_start_without(missing: str, message: str) -> None:
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = _run(SHOW.format(q="s.DEBUG"), "config.settings.prod", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_dev_links_follow_the_served_port_and_no_debug_pages() -> None:
    """`make run PORT=8123` (the Makefile exports PORT): invitation and calendar links use that port, and
    errors show the project's pages, not Django's debug pages."""
    result = _run(SHOW.format(q="s.SITE_URL, s.DEBUG"), "config.settings.dev", PORT="8123")
    assert result.returncode == 0, result.stderr
    assert "('http://127.0.0.1:8123', False)" in result.stdout
    pinned = _run(SHOW.format(q="s.SITE_URL"), "config.settings.dev", SITE_URL="https://x.example/")
    assert "'https://x.example'" in pinned.stdout


def test_production_refuses_wildcard_hosts_and_weak_keys() -> None:
    assert (
        "ALLOWED_HOSTS"
        in _run(SHOW.format(q="1"), "config.settings.prod", **{**GOOD, "ALLOWED_HOSTS": "*"}).stderr
    )
    weak = _run(SHOW.format(q="1"), "config.settings.prod", **{**GOOD, "SECRET_KEY": "short"})
    assert "SECRET_KEY" in weak.stderr


def test_production_passes_check_deploy_without_warnings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **GOOD, "DJANGO_SETTINGS_MODULE": "config.settings.prod"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_urls_the_embedded_defaults_are_used() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    q = "s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER"
    out = subprocess.run(
        [sys.executable, "-c", SHOW.format(q=q)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "sqlite3" in out and "InMemoryChannelLayer" in out and "True" in out


def test_with_urls_postgres_redis_and_real_workers_are_used() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": "postgres://u@db.example:5432/parley",
        "REDIS_URL": "redis://cache.example:6379/0",
    }
    q = (
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], "
        "s.CHANNEL_LAYERS['default']['BACKEND'], "
        "s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, s.CELERY_TASK_ACKS_LATE"
    )
    out = subprocess.run(
        [sys.executable, "-c", SHOW.format(q=q)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "django.db.backends.postgresql" in out and "db.example" in out
    assert "channels_redis" in out and "False, 'redis://cache.example:6379/0', True" in out


def test_passwords_are_hashed_with_argon2(settings: Settings) -> None:
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

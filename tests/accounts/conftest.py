"""Accounts: lockout, two-factor sign-in, throttles, sessions. Helpers to sign in through the real
login page (never force_login, which skips everything tested here)."""

from __future__ import annotations

import re
from binascii import unhexlify
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from pytest_django import Settings

from tests.factories import PASSWORD

# The production default (config/settings/base.py); the test settings turn it off for force_login.
PRODUCTION_ROLES = ["facilitator", "liaison"]


@pytest.fixture
def require_2fa(settings: Settings) -> None:
    settings.PARLEY_REQUIRE_2FA_ROLES = PRODUCTION_ROLES


def code(key_hex: str, drift: int = 0) -> str:
    """The authenticator code of a hex TOTP key now (drift=1: the next 30-second step)."""
    return f"{totp(unhexlify(key_hex), drift=drift):06d}"


def password_step(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in_user_id(client: Client) -> str | None:
    value = client.session.get("_auth_user_id")
    return str(value) if value is not None else None


def recovery_codes_in(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", html)

"""Issue 12: a stolen dump or backup without the keys reveals no second factor. A facilitator enrols an
authenticator through the real pages (and a participant is half-way through setting one up); a real
`pg_dump` then holds neither TOTP seed (hex or base32, as an authenticator app shows it) nor any unused
recovery code. After `rotate_field_keys`, with only the new key left, the facilitator still signs in with
an authenticator code and with a recovery code.

PostgreSQL only (marker `postgres`: under CI=true a missing service fails the test)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from base64 import b32encode

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from pytest_django import Settings

from core.crypto import FieldDecryptionError, decrypt_text
from participants import two_factor
from tests.accounts.conftest import (
    PRODUCTION_ROLES,
    code,
    password_step,
    recovery_codes_in,
    signed_in_user_id,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def _pg_dump() -> str:
    db = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is not installed"
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [pg_dump, "--no-owner", "-h", str(db.get("HOST") or "127.0.0.1")]
    args += ["-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or "postgres"), str(db["NAME"])]
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout


def _enrol(client: Client) -> tuple[str, list[str]]:
    client.get(reverse("two_factor"))
    key = decrypt_text(client.session[two_factor.ENROL_KEY])
    response = client.post(reverse("two_factor"), {"code": code(key)})
    assert response.status_code == 200, response.content.decode()[:500]
    codes = recovery_codes_in(response.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODES
    return key, codes


def _spellings(key_hex: str) -> list[str]:
    """How a seed can be written: hex either case, base32 with or without padding, grouped as our page
    shows it, either case."""
    b32 = b32encode(bytes.fromhex(key_hex)).decode("ascii")
    grouped = " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))
    return [key_hex.lower(), key_hex.upper(), b32, b32.rstrip("="), b32.lower(), grouped, grouped.lower()]


def test_a_dump_holds_no_totp_seed_or_recovery_code_and_both_work_after_rotation(
    settings: Settings, facilitator: User, participant: User
) -> None:
    settings.PARLEY_REQUIRE_2FA_ROLES = PRODUCTION_ROLES
    old, new = settings.PARLEY_FIELD_KEYS
    with override_settings(PARLEY_FIELD_KEYS=[old]):
        fac = Client()
        password_step(fac, facilitator.username)
        key, codes = _enrol(fac)
        used = codes.pop()  # a used code is gone; the others must not be readable either
        fac.post(reverse("logout"))
        password_step(fac, facilitator.username)
        assert fac.post(reverse("login_verify"), {"code": used}).status_code == 302
        # A participant half-way through setting one up: the seed waits in their session row.
        par = Client()
        password_step(par, participant.username)
        par.get(reverse("two_factor"))
        pending = decrypt_text(par.session[two_factor.ENROL_KEY])

        dump = _pg_dump()
    assert "COPY public.participants_authenticator " in dump and "COPY public.django_session " in dump
    assert two_factor.totp_device(facilitator) is not None
    leaked = [s for s in _spellings(key) + _spellings(pending) if s in dump]
    leaked += [c for c in codes if c in dump or c.replace("-", "") in dump or c.upper() in dump]
    assert leaked == [], "in pg_dump"

    with override_settings(PARLEY_FIELD_KEYS=[new, old]):
        call_command("rotate_field_keys", stdout=io.StringIO())
    with override_settings(PARLEY_FIELD_KEYS=[new]):
        fac = Client()
        password_step(fac, facilitator.username)
        response = fac.post(reverse("login_verify"), {"code": code(key, drift=1)})
        assert response.status_code == 302 and signed_in_user_id(fac) == str(facilitator.pk)
        assert fac.get(reverse("dialogues:home")).status_code == 200
        fac.post(reverse("logout"))
        password_step(fac, facilitator.username)
        response = fac.post(reverse("login_verify"), {"code": codes[0]})
        assert response.status_code == 302 and signed_in_user_id(fac) == str(facilitator.pk)
        assert two_factor.recovery_codes_left(facilitator) == len(codes) - 1
    # The old key alone no longer reads the seed: it really was re-encrypted.
    with override_settings(PARLEY_FIELD_KEYS=[old]), connection.cursor() as cursor:
        cursor.execute("SELECT key FROM participants_authenticator WHERE user_id = %s", [facilitator.pk])
        stored = str(cursor.fetchone()[0])
        with pytest.raises(FieldDecryptionError):
            decrypt_text(stored)

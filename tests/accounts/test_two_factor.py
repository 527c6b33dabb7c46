"""TOTP two-factor sign-in with recovery codes: required for facilitators and liaisons by default,
optional for everyone else; the password alone never signs a person with a device in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.crypto import decrypt_text
from participants import two_factor
from participants.models import Authenticator, RecoveryCode
from tests.accounts.conftest import (
    PRODUCTION_ROLES,
    code,
    password_step,
    recovery_codes_in,
    signed_in_user_id,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_2fa")]

HOME = "/"


def _enrol(client: Client) -> tuple[str, list[str]]:
    """Finish enrolment on the page the client is on; returns the TOTP key and the recovery codes."""
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    key = decrypt_text(client.session[two_factor.ENROL_KEY])  # the seed waits in the session encrypted
    response = client.post(reverse("two_factor"), {"code": code(key)})
    assert response.status_code == 200, response.content
    codes = recovery_codes_in(response.content.decode())
    assert len(codes) == two_factor.RECOVERY_CODES
    return key, codes


def _device_for(user: User, key: str | None = None) -> Any:
    device = Authenticator.objects.create(
        user=user, name="app", confirmed=True, **({"key": key} if key else {})
    )
    return device


def test_the_production_default_requires_facilitators_and_liaisons() -> None:
    from config.settings import base

    assert base.PARLEY_REQUIRE_2FA_ROLES == PRODUCTION_ROLES


def test_a_facilitator_without_a_device_is_sent_to_enrolment_and_not_signed_in(facilitator: User) -> None:
    client = Client()
    response = password_step(client, facilitator.username)
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")
    assert signed_in_user_id(client) is None  # half-way: nothing is open yet
    assert client.get(reverse("dialogues:home")).status_code == 302
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(reverse("two_factor"))
    html = page.content.decode()
    assert "requires two-factor sign-in" in html and "<svg" in html and 'id="totp-secret"' in html

    key, codes = _enrol(client)
    assert signed_in_user_id(client) == str(facilitator.pk)
    assert client.get(reverse("dialogues:home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    devices = Authenticator.objects.filter(user=facilitator, confirmed=True)
    assert [d.key for d in devices] == [key]
    assert RecoveryCode.objects.filter(device__user=facilitator).count() == len(codes)


def test_a_liaison_must_enrol_too(liaison: User) -> None:
    response = password_step(Client(), liaison.username)
    assert response["Location"] == reverse("two_factor")


def test_a_participant_is_not_required_but_may_opt_in(participant: User) -> None:
    client = Client()
    assert password_step(client, participant.username)["Location"] == reverse("dialogues:home")
    profile = client.get(reverse("participants:profile")).content.decode()
    assert "Set up two-factor sign-in" in profile
    key, _ = _enrol(client)
    client.post(reverse("logout"))
    # From now on the password alone is not enough.
    response = password_step(client, participant.username)
    assert response["Location"] == reverse("login_verify")
    assert signed_in_user_id(client) is None
    response = client.post(reverse("login_verify"), {"code": code(key, drift=1)})
    assert response.status_code == 302 and signed_in_user_id(client) == str(participant.pk)


def test_sign_in_with_a_code(facilitator: User) -> None:
    device = _device_for(facilitator)
    client = Client()
    response = password_step(client, facilitator.username)
    assert response["Location"] == reverse("login_verify")
    right = code(device.key)
    wrong = client.post(reverse("login_verify"), {"code": "000000" if right != "000000" else "111111"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert signed_in_user_id(client) is None
    device.throttle_reset()  # django-otp's growing delay after a wrong code
    response = client.post(reverse("login_verify"), {"code": code(device.key)})
    assert response.status_code == 302 and response["Location"] == reverse("dialogues:home")
    assert signed_in_user_id(client) == str(facilitator.pk)
    assert client.get(reverse("dialogues:home")).status_code == 200


def test_the_next_page_survives_both_steps(facilitator: User) -> None:
    device = _device_for(facilitator)
    client = Client()
    target = reverse("participants:profile")
    client.post(reverse("login") + f"?next={target}", {"username": facilitator.username, "password": _pw()})
    response = client.post(reverse("login_verify"), {"code": code(device.key)})
    assert response["Location"] == target


def _pw() -> str:
    from tests.factories import PASSWORD

    return PASSWORD


def test_a_recovery_code_works_once(facilitator: User) -> None:
    client = Client()
    password_step(client, facilitator.username)
    _, codes = _enrol(client)
    client.post(reverse("logout"))

    password_step(client, facilitator.username)
    response = client.post(reverse("login_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302 and signed_in_user_id(client) == str(facilitator.pk)
    client.post(reverse("logout"))
    assert RecoveryCode.objects.filter(device__user=facilitator).count() == len(codes) - 1

    password_step(client, facilitator.username)
    again = client.post(reverse("login_verify"), {"code": codes[0]})
    assert again.status_code == 400 and signed_in_user_id(client) is None


def test_new_recovery_codes_replace_the_old_ones(facilitator: User) -> None:
    client = Client()
    password_step(client, facilitator.username)
    _, old = _enrol(client)
    response = client.post(reverse("two_factor_recovery_codes"))
    new = recovery_codes_in(response.content.decode())
    assert len(new) == two_factor.RECOVERY_CODES and not set(new) & set(old)
    client.post(reverse("logout"))
    password_step(client, facilitator.username)
    assert client.post(reverse("login_verify"), {"code": old[1]}).status_code == 400


def test_a_signed_in_facilitator_without_a_device_is_sent_to_enrolment(facilitator: User) -> None:
    """A session signed in some other way (an invitation sign-up, a role gained later)."""
    client = Client()
    client.force_login(facilitator)
    response = client.get(reverse("dialogues:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor"))
    api = client.get("/api/v1/me")
    assert api.status_code == 401 and api.json()["error"]["code"] == "two_factor_required"
    _enrol(client)
    assert client.get(reverse("dialogues:home")).status_code == 200


def test_a_session_that_did_not_pass_the_code_is_sent_to_the_code_page(participant: User) -> None:
    device = _device_for(participant)
    client = Client()
    client.force_login(participant)  # e.g. a session from before the person enrolled elsewhere
    response = client.get(reverse("participants:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login_verify"))
    response = client.post(reverse("login_verify") + "?next=/me/", {"code": code(device.key)})
    assert response["Location"] == "/me/"
    assert client.get(reverse("participants:profile")).status_code == 200


def test_wrong_codes_count_as_failed_sign_ins_and_lock_the_account(facilitator: User, settings: Any) -> None:
    device = _device_for(facilitator)
    client = Client()
    statuses = []
    password_step(client, facilitator.username)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        device.refresh_from_db()
        device.throttle_reset()
        statuses.append(client.post(reverse("login_verify"), {"code": "abcdefghij"}).status_code)
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # Locked: the password step refuses even the right password, and the code step is gone.
    locked = password_step(client, facilitator.username)
    assert locked.status_code == 429 and "Too many attempts" in locked.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(reverse("login_verify"), {"code": code(device.key)})["Location"] == reverse("login")
    assert signed_in_user_id(client) is None


def test_a_facilitator_cannot_turn_it_off_a_participant_can(facilitator: User, participant: User) -> None:
    fac = Client()
    password_step(fac, facilitator.username)
    key, _ = _enrol(fac)
    response = fac.post(reverse("two_factor_disable"), {"code": code(key, drift=1)}, follow=True)
    assert "cannot be turned off" in response.content.decode()
    assert two_factor.is_enrolled(facilitator)

    par = Client()
    password_step(par, participant.username)
    key, _ = _enrol(par)
    response = par.post(reverse("two_factor_disable"), {"code": code(key, drift=1)}, follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not two_factor.is_enrolled(participant)


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "<script>", "\x00", "é" * 30, "abcd-efgh-ijkl"])
def test_bad_codes_get_a_clear_error(facilitator: User, bad: str) -> None:
    client = Client()
    password_step(client, facilitator.username)
    client.get(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"code": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and "Traceback" not in html
    assert signed_in_user_id(client) is None


def test_the_code_page_without_a_sign_in_in_progress_goes_to_login(db: None) -> None:
    assert Client().get(reverse("login_verify"))["Location"] == reverse("login")
    assert Client().get(reverse("two_factor"))["Location"] == reverse("login")


def test_the_admin_login_goes_through_our_login(facilitator: User) -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the secrets at rest (issue 12: a dump without the keys reveals no second factor) -------------------


def _raw_rows(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return repr(cursor.fetchall())


def test_the_seed_and_the_recovery_codes_are_not_stored_in_clear(facilitator: User) -> None:
    from base64 import b32encode

    client = Client()
    password_step(client, facilitator.username)
    client.get(reverse("two_factor"))
    pending_key = decrypt_text(client.session[two_factor.ENROL_KEY])
    # Sessions are database rows: the seed being set up is not readable in one either.
    assert pending_key not in _raw_rows("SELECT session_data FROM django_session")
    key, codes = _enrol(client)
    assert key == pending_key
    stored = _raw_rows("SELECT * FROM participants_authenticator") + _raw_rows(
        "SELECT * FROM participants_recoverydevice"
    )
    stored += _raw_rows("SELECT * FROM participants_recoverycode") + _raw_rows(
        "SELECT session_data FROM django_session"
    )
    secret_b32 = b32encode(bytes.fromhex(key)).decode()
    assert key not in stored and key.upper() not in stored
    assert secret_b32 not in stored and secret_b32.lower() not in stored
    for recovery in codes:
        assert recovery not in stored and recovery.replace("-", "") not in stored
    # … and still sign in with both.
    client.post(reverse("logout"))
    password_step(client, facilitator.username)
    assert client.post(reverse("login_verify"), {"code": code(key, drift=1)}).status_code == 302
    client.post(reverse("logout"))
    password_step(client, facilitator.username)
    assert client.post(reverse("login_verify"), {"code": codes[3]}).status_code == 302


def test_django_otp_finds_our_devices(facilitator: User) -> None:
    """What OTPMiddleware, django_otp.login and room sockets rely on."""
    import django_otp
    from django_otp.models import Device

    device = _device_for(facilitator)
    two_factor.recovery_codes_new(user=facilitator)
    found = {type(d).__name__ for d in django_otp.devices_for_user(facilitator)}
    assert found == {"Authenticator", "RecoveryDevice"}
    assert device.persistent_id == f"participants.authenticator/{device.pk}"
    loaded = Device.from_persistent_id(device.persistent_id)
    assert loaded is not None and loaded.pk == device.pk and loaded.key == device.key
    assert django_otp.match_token(facilitator, code(device.key)) == device


def test_a_recovery_code_with_a_wrong_character_is_refused(facilitator: User) -> None:
    codes = two_factor.recovery_codes_new(user=facilitator)
    bent = codes[0][:-1] + ("a" if codes[0][-1] != "a" else "b")
    assert two_factor.code_check(user=facilitator, code=bent).device is None
    assert two_factor.recovery_codes_left(facilitator) == len(codes)


def test_devices_in_django_otps_clear_tables_are_moved_sealed(facilitator: User) -> None:
    """The data step of participants/0008 on a database that still has django-otp's plugin tables."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("participants.migrations.0008_authenticators")
    key = "3132333435363738393031323334353637383930"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer, name varchar(64),"
            " confirmed boolean, key varchar(80), step smallint, t0 bigint, digits smallint,"
            " tolerance smallint, drift smallint, last_t bigint, throttling_failure_timestamp timestamp"
            " with time zone NULL, throttling_failure_count integer, created_at timestamp with time zone"
            " NULL, last_used_at timestamp with time zone NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id integer, name varchar(64),"
            " confirmed boolean, throttling_failure_timestamp timestamp with time zone NULL,"
            " throttling_failure_count integer, created_at timestamp with time zone NULL,"
            " last_used_at timestamp with time zone NULL)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken"
            " (id integer PRIMARY KEY, device_id integer, token varchar(16))"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice"
            " VALUES (5, %s, 'phone', %s, %s, 30, 0, 6, 1, 0, -1, NULL, 0, %s, NULL)",
            [facilitator.pk, True, key, "2025-01-02 03:04:05+00:00"],
        )
        cursor.execute(
            "INSERT INTO otp_static_staticdevice VALUES (8, %s, %s, %s, NULL, 0, NULL, NULL)",
            [facilitator.pk, two_factor.RECOVERY_NAME, True],
        )
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 8, 'abcdefgh'), (2, 8, 'zyxwvuts')")
    # The step reads only the editor's connection (SQLite's schema editor refuses to open in a test's
    # transaction).
    migration.move_clear_devices(apps, SimpleNamespace(connection=connection))
    assert _raw_rows("SELECT * FROM otp_totp_totpdevice") == "[]"
    assert _raw_rows("SELECT * FROM otp_static_statictoken") == "[]"
    assert key not in _raw_rows("SELECT * FROM participants_authenticator")
    assert "abcdefgh" not in _raw_rows("SELECT * FROM participants_recoverycode")
    device = two_factor.totp_device(facilitator)
    assert device is not None and device.key == key and device.name == "phone"
    assert device.created_at is not None and device.created_at.date().isoformat() == "2025-01-02"
    assert two_factor.code_check(user=facilitator, code=code(key)).device == device
    assert two_factor.recovery_codes_left(facilitator) == 2
    assert two_factor.code_check(user=facilitator, code="ZYXW-VUTS").device is not None
    assert two_factor.recovery_codes_left(facilitator) == 1


def test_the_demo_code_command_reads_the_sealed_demo_authenticator(facilitator: User, settings: Any) -> None:
    import io

    from django.core.management import call_command

    from participants.demo import DEMO_TOTP_KEY, _demo_authenticator

    settings.PARLEY_DEMO = True
    _demo_authenticator(facilitator)
    _demo_authenticator(facilitator)  # seeding twice keeps one
    assert Authenticator.objects.filter(user=facilitator).count() == 1
    out = io.StringIO()
    call_command("demo_totp_code", facilitator.username, stdout=out)
    assert out.getvalue().strip() in {code(DEMO_TOTP_KEY), code(DEMO_TOTP_KEY, drift=1)}


def test_deleting_the_account_deletes_its_second_factor(participant: User) -> None:
    from participants.erasure import account_delete

    _device_for(participant)
    two_factor.recovery_codes_new(user=participant)
    receipt = account_delete(user=participant, password=_pw())
    assert receipt.counts["authenticators"] == 2
    assert not Authenticator.objects.filter(user=participant).exists()
    assert not RecoveryCode.objects.filter(device__user=participant).exists()

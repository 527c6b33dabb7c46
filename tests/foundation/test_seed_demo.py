"""`manage.py seed_demo`: idempotent, prints logins, refuses on a real deployment."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from pytest_django import Settings

from dialogues.models import Consent, Dialogue, Membership, Room, Session

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, "--force", stdout=out)
    return out.getvalue()


def test_seed_is_idempotent_and_prints_logins() -> None:
    first = _seed()
    counts = (
        Dialogue.objects.count(),
        Membership.objects.count(),
        Session.objects.count(),
        Room.objects.count(),
    )
    second = _seed()
    assert counts == (
        Dialogue.objects.count(),
        Membership.objects.count(),
        Session.objects.count(),
        Room.objects.count(),
    )
    assert first == second
    for login in ("facilitator", "amina", "liaison", "parley-demo-2026"):
        assert login in first
    d = Dialogue.objects.get()
    roles = list(Membership.objects.filter(dialogue=d).values_list("role", flat=True))
    assert roles.count("facilitator") == 1 and roles.count("participant") == 6 and roles.count("liaison") == 1
    assert d.parties.count() >= 2
    scheduled = Session.objects.filter(status="scheduled").first()
    assert scheduled is not None and scheduled.agenda_items.count() >= 2
    assert authenticate(HttpRequest(), username="amina", password="parley-demo-2026") is not None


def test_refuses_outside_the_development_settings(settings: Settings) -> None:
    settings.PARLEY_DEMO = False  # as in production and in the test settings
    with pytest.raises(CommandError, match="not the development settings"):
        call_command("seed_demo", stdout=io.StringIO())


def test_the_development_settings_allow_the_demo_with_debug_off() -> None:
    """`make run` serves with DEBUG off (the project's error pages) and still seeds its demo."""
    import subprocess
    import sys

    probe = "from django.conf import settings; print(settings.DEBUG, settings.PARLEY_DEMO)"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False", "True"]


def test_json_output_shape_and_modes() -> None:
    data = json.loads(_seed("--json"))
    assert set(data) == {"users", "rooms"}
    for user in data["users"]:
        assert set(user) == {
            "username",
            "password",
            "role",
            "display_name",
            "organisation",
            "email",
            "aliases",
        }
        assert user["role"] in {"facilitator", "participant", "observer", "liaison"}
    assert {r["mode"] for r in data["rooms"]} == {"named", "veiled"}
    for room in data["rooms"]:
        assert set(room) == {"id", "ws_path", "session", "mode"}
        assert room["ws_path"] == f"/ws/rooms/{room['id']}/"
    d = Dialogue.objects.get()
    participants = Membership.objects.filter(dialogue=d, role="participant").values_list("user_id", flat=True)
    assert Consent.objects.filter(dialogue=d, user_id__in=participants, revoked_at=None).count() == 6


def test_load_participants_are_marked_and_consented() -> None:
    data = json.loads(_seed("--json", "--participants", "25"))
    load_users = [u for u in data["users"] if u.get("load")]
    load_rooms = [r for r in data["rooms"] if r.get("load")]
    assert len(load_users) == 25 and len(load_rooms) == 1
    room = Room.objects.get(pk=load_rooms[0]["id"])
    assert Consent.objects.filter(dialogue=room.session.dialogue, revoked_at=None).count() == 25
    # Idempotent with load users too.
    again = json.loads(_seed("--json", "--participants", "25"))
    assert len([u for u in again["users"] if u.get("load")]) == 25
    assert (
        authenticate(HttpRequest(), username=load_users[0]["username"], password=load_users[0]["password"])
        is not None
    )

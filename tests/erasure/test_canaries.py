"""Issue 12, "Done when": canaries posted through the real paths — a sign-up from an invitation (name,
email, organisation, role), messages in a named and in a veiled room (room frames through the consumer),
a captured outcome (the capture service), a party's name (the dialogue's edit page), a summary draft (the
edit service) and a single text's title, clause and criticism (its services) — appear nowhere at rest:
not in a `pg_dump` of the database, not in any Redis key, not in the logs (every logger at DEBUG, and
everything written to stderr).

PostgreSQL and Redis only (markers `postgres`, `redis`: under CI=true a missing service fails the test)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from datetime import timedelta
from typing import Any

import pytest
import redis
from channels.db import database_sync_to_async as sync_to_async
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.crypto import dialogue_scope
from core.models import DataKey
from dialogues.choices import AttributionMode, Role
from dialogues.models import Dialogue, Room, Session
from facilitation.console.services import capture_create
from participants.accounts import stored_username
from tests.factories import PASSWORD, SessionFactory
from tests.rooms.helpers import join

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres, pytest.mark.redis]

NAME = "Xanthippe Vulcanova"
EMAIL = "xv.canary@vulcanova-mail.example"
ORGANISATION = "Quillfeather Canary Institute"
ROLE = "Undersecretary for Canary Affairs"
LOGIN = "xvulcanova"
NAMED = "CANARY-NAMED-ROOM the northern sluice gates open at dawn"
VEILED = "CANARY-VEILED-ROOM the southern reservoir is half empty"
CAPTURED = "CANARY-CAPTURE a joint gauging station on the lower river"
PARTY = "Quorvalian Canary Commonwealth"
DRAFT = "CANARY-DRAFT the commission shall publish its gauging data weekly"
TEXT_TITLE = "CANARY-TEXT-TITLE basin non-paper"
CLAUSE = "CANARY-CLAUSE flows are measured at the border every month"
CRITICISM = "CANARY-CRITICISM monthly is too rare in the flood season"
CANARIES = (
    NAME,
    EMAIL,
    ORGANISATION,
    ROLE,
    LOGIN,
    NAMED,
    VEILED,
    CAPTURED,
    "xv.canary",
    "Vulcanova",
    PARTY,
    "Quorvalian",
    DRAFT,
    TEXT_TITLE,
    CLAUSE,
    CRITICISM,
)


def _found_in(text: str) -> list[str]:
    lowered = text.lower()
    return [c for c in CANARIES if c in text or c.lower() in lowered]


def _sign_up(dialogue: Dialogue, facilitator: User) -> User:
    inviter = Client()
    inviter.force_login(facilitator)
    response = inviter.post(
        reverse("participants:invitations", args=[dialogue.pk]),
        {
            "email": EMAIL,
            "display_name": NAME,
            "role": Role.PARTICIPANT,
            "party": dialogue.parties.all()[0].pk,
        },
    )
    assert response.status_code == 200, response.content.decode()[:500]
    from django.core import mail

    link = next(line for line in mail.outbox[-1].body.split() if "/invite/" in line)
    invitee = Client()
    signed_up = invitee.post(
        link.replace(settings.SITE_URL, ""),
        {
            "username": LOGIN,
            "display_name": NAME,
            "organisation": ORGANISATION,
            "sector": "former_official",
            "position": ROLE,
            "timezone": "UTC",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signed_up.status_code == 302, signed_up.content.decode()[:500]
    user = User.objects.get(username=stored_username(LOGIN))
    consent = invitee.post(reverse("participants:consent", args=[dialogue.pk]), {"accept": "on"})
    assert consent.status_code == 302
    return user


def _party_added(dialogue: Dialogue, facilitator: User) -> None:
    editor = Client()
    editor.force_login(facilitator)
    names = [p.name for p in dialogue.parties.all()] + [PARTY]
    response = editor.post(
        reverse("dialogues:edit", args=[dialogue.pk]),
        {"title": dialogue.title, "status": dialogue.status, "parties": "\n".join(names)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert dialogue.parties.get(name=PARTY).name == PARTY  # found by its hash, read back decrypted


def _drafted(session: Session, facilitator: User, rater: User) -> str:
    """A summary draft edited by the facilitator and a single text rated by a participant; returns the
    draft's stored token."""
    from singletext import services as texts
    from singletext.access import access_text_facilitation, access_text_rating
    from summaries.models import SummaryStatus, SummaryVersion
    from summaries.services import summary_edit
    from tests.liaison.helpers import version

    compiled = version(session, SummaryStatus.DRAFT)
    draft = summary_edit(version=compiled, body=f"## Discussion\n\n- {DRAFT}\n", user=facilitator)
    assert DRAFT in SummaryVersion.objects.get(pk=draft.pk).body
    text = texts.text_create(
        dialogue_id=session.dialogue_id, user=facilitator, title=TEXT_TITLE, source=CLAUSE
    )
    texts.round_open(
        access=access_text_facilitation(user=facilitator, text_id=text.pk),
        user=facilitator,
        deadline=timezone.now() + timedelta(days=1),
    )
    texts.ratings_save(
        access=access_text_rating(user=rater, text_id=text.pk), user=rater, ratings={1: ("cannot", CRITICISM)}
    )
    with connection.cursor() as cur:
        cur.execute("SELECT body FROM facilitation_summaryversion WHERE id = %s", [draft.pk])
        return str(cur.fetchone()[0])


def _pg_dump() -> str:
    db = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is not installed"
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    args = [
        pg_dump,
        "--no-owner",
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
    ]
    args += ["-U", str(db.get("USER") or "postgres"), str(db["NAME"])]
    dump = subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout
    assert "COPY public.dialogues_message" in dump  # it really is this database, with its messages
    return dump


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _redis_values() -> str:
    client = redis.Redis.from_url(settings.REDIS_URL)
    out: list[str] = []
    for key in client.scan_iter(count=500):
        kind = _text(client.type(key))
        values: list[Any] = []
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "hash":
            values = [b for pair in client.hgetall(key).items() for b in pair]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = client.zrange(key, 0, -1)
        elif kind == "stream":
            values = [str(client.xrange(key)).encode()]
        out.append(_text(key))
        out += [_text(v) for v in values]
    return "\n".join(out)


async def test_no_canary_at_rest_in_the_database_redis_or_the_logs(
    dialogue: Dialogue,
    facilitator: User,
    participant: User,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    newcomer = await sync_to_async(_sign_up)(dialogue, facilitator)
    named = await sync_to_async(SessionFactory.create)(
        dialogue=dialogue, attribution_mode=AttributionMode.NAMED
    )
    veiled = await sync_to_async(SessionFactory.create)(
        dialogue=dialogue, attribution_mode=AttributionMode.VEILED
    )
    for session, text in ((named, NAMED), (veiled, VEILED)):
        room = await sync_to_async(Room.objects.get)(session=session, kind="plenary")
        fac = await join(facilitator, room.pk)
        speaker = await join(newcomer, room.pk)
        ack = await speaker.say(text)
        assert ack["type"] == "ack", ack
        heard = await fac.until("message", body=text)
        assert heard["body"] == text  # the canary really went through the room
        if session == named:
            assert NAME in str(heard) or NAME in str(fac.frames)  # named: the display name was shown
        await speaker.close()
        await fac.close()
    room = await sync_to_async(Room.objects.get)(session=named, kind="plenary")
    await sync_to_async(capture_create)(
        user_id=facilitator.pk, room_id=room.pk, kind="proposal", text=CAPTURED
    )

    await sync_to_async(_party_added)(dialogue, facilitator)
    token = await sync_to_async(_drafted)(named, facilitator, participant)
    key = await sync_to_async(DataKey.objects.get)(scope=dialogue_scope(dialogue.pk))
    assert token.startswith(f"dk:{key.ref}:")  # the draft is under the dialogue's own data key

    dump = await sync_to_async(_pg_dump)()
    # The scan reads what is in clear (the stored login name, a keyed hash, is; titles are encrypted now).
    assert stored_username(LOGIN) in dump
    assert _found_in(dump) == [], "in pg_dump"
    assert _found_in(await sync_to_async(_redis_values)()) == [], "in a Redis key"
    captured = capfd.readouterr()
    logs = caplog.text + "\n".join(r.getMessage() for r in caplog.records) + captured.err + captured.out
    assert _found_in(logs) == [], "in the logs"

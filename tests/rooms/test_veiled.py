"""In a veiled room no frame any client receives carries a name, organisation, email or account id."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User

from dialogues.models import Room
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def secrets_of(*users: User) -> list[str]:
    out: list[str] = []
    for u in users:
        out += [u.username, u.email, u.profile.display_name, u.profile.organisation]
    return [s for s in out if s]


async def test_no_identity_leaves_the_server_in_a_veiled_room(
    facilitator: User, participant: User, participant2: User, observer: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    o = await join(observer, room.pk)
    key_a, key_b = a.welcome["you"]["key"], b.welcome["you"]["key"]
    await a.send(type="hand", raised=True)
    await b.send(type="hand", raised=True)
    await a.say("on the record")
    await f.send(type="floor")
    await f.send(type="mute", member=key_b, muted=True)
    await f.send(type="mute", member=key_b, muted=False)
    await f.send(type="record", on_record=False)
    await b.say("off the record", on_record=False)
    await f.send(type="record", on_record=True)
    await f.send(type="breakout_open", title="Pair", members=[key_a, key_b])
    await f.until("done", action="breakout_open")
    await b.send(type="sync", after=0)
    await b.until("synced")
    await f.send(type="remove", member=key_b)
    await b.closed()
    for c in (f, a, o):
        await c.drain()
    frames = [fr for c in (f, a, b, o) for fr in c.frames]
    assert {fr["type"] for fr in frames} >= {
        "welcome",
        "message",
        "queue",
        "muted",
        "record",
        "breakouts",
        "presence",
    }
    text = json.dumps(frames, ensure_ascii=False)
    for secret in await secrets_of(facilitator, participant, participant2, observer):
        assert secret not in text, f"{secret!r} leaked into a veiled room"
    for user in (facilitator, participant, participant2, observer):
        assert f'"user": {user.pk}' not in text and '"user_id"' not in text
    labels = {fr["you"]["name"] for fr in frames if fr["type"] == "welcome"}
    assert labels == {"Facilitator", "Participant 1", "Participant 2", "Observer 1"}

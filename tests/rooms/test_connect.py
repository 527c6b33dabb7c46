"""Connecting: who may enter, close codes, and what the welcome frame carries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from dialogues.choices import Role
from dialogues.models import Dialogue, Room, Session
from tests.factories import member
from tests.rooms.helpers import connect, join

pytestmark = pytest.mark.django_db(transaction=True)


async def test_anonymous_is_closed_with_not_logged_in(room: Room) -> None:
    client = await connect(None, room.pk)
    assert await client.closed() == 4401


@pytest.mark.parametrize("who", ["outsider", "liaison"])
async def test_non_members_and_liaisons_are_not_allowed(
    outsider: User, liaison: User, room: Room, who: str
) -> None:
    client = await connect({"outsider": outsider, "liaison": liaison}[who], room.pk)
    assert await client.closed() == 4403


async def test_missing_room_answers_like_a_forbidden_one(
    outsider: User, participant: User, room: Room
) -> None:
    missing = await connect(participant, room.pk + 999)
    forbidden = await connect(outsider, room.pk)
    assert await missing.closed() == await forbidden.closed() == 4403


async def test_unknown_path_is_refused_not_crashed(participant: User, room: Room) -> None:
    client = await connect(participant, room.pk, path="/ws/nowhere/")
    assert await client.closed() == 4403


async def test_participant_without_consent_is_not_allowed(dialogue: Dialogue, room: Room) -> None:
    from channels.db import database_sync_to_async as sync_to_async

    newcomer = await sync_to_async(member)(dialogue, Role.PARTICIPANT, username="nina", consented=False)
    client = await connect(newcomer, room.pk)
    assert await client.closed() == 4403


async def test_foreign_origin_is_rejected(participant: User, room: Room) -> None:
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    comm = WebsocketCommunicator(
        application, f"/ws/rooms/{room.pk}/", headers=[(b"origin", b"http://evil.example")]
    )
    connected, _ = await comm.connect()
    assert not connected


async def test_welcome_describes_room_viewer_and_state(
    participant: User, facilitator: User, room: Room, session: Session
) -> None:
    client = await join(participant, room.pk)
    w = client.welcome
    assert w["protocol"] == 1
    assert w["room"]["id"] == room.pk and w["room"]["mode"] == "veiled"
    assert w["you"]["role"] == "participant" and w["you"]["name"].startswith("Participant ")
    assert w["you"]["key"].startswith("m") and w["you"]["muted"] is False
    assert w["last_seq"] == 0
    state = w["state"]
    assert state["on_record"] is True and state["mode"] == "veiled"
    assert [i["title"] for i in state["agenda"]["items"]] == ["Opening", "Water releases"]
    assert state["queue"] == {"hands": [], "floor": None}
    assert w["you"]["key"] in [m["key"] for m in state["presence"]]
    assert w["limits"]["max_chars"] == 10_000
    await client.close()


async def test_pseudonyms_are_stable_for_the_session(participant: User, room: Room) -> None:
    first = await join(participant, room.pk)
    await first.close()
    second = await join(participant, room.pk)
    assert second.welcome["you"] == first.welcome["you"]
    await second.close()


async def test_named_room_shows_display_names(participant: User, session: Session, room: Room) -> None:
    from channels.db import database_sync_to_async as sync_to_async

    session.attribution_mode = "named"
    await sync_to_async(session.save)()
    client = await join(participant, room.pk)
    assert client.welcome["you"]["name"] == "Paula Participant"
    await client.close()


async def test_presence_announces_joins_and_leaves(participant: User, participant2: User, room: Room) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    b_key = b.welcome["you"]["key"]
    while b_key not in [m["key"] for m in (await a.until("presence"))["joined"]]:
        pass
    await b.close()
    left = await a.until("presence")
    assert left["left"] == [b.welcome["you"]["key"]]
    await a.close()


async def test_socket_cap_per_person(participant: User, room: Room, settings: Settings) -> None:
    settings.PARLEY_MAX_SOCKETS_PER_USER = 2
    a = await join(participant, room.pk)
    b = await join(participant, room.pk)
    c = await connect(participant, room.pk)
    error = await c.until("error")
    assert error["code"] == "too_many_sockets"
    assert await c.closed() == 4429
    await a.close()
    await b.close()


async def test_a_member_reaped_from_a_dead_process_is_announced_as_left(
    participant: User, participant2: User, room: Room
) -> None:
    from dialogues.live.runtime import gone_elsewhere

    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    key_b = b.welcome["you"]["key"]
    # As the presence heartbeat does (on the event loop) when another process died holding B's socket.
    gone_elsewhere(room.pk, participant2.pk)
    while key_b not in (await a.until("presence"))["left"]:
        pass
    await a.close()
    await b.close()

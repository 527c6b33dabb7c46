"""Facilitator actions over the socket, and that nobody else can use them."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User

from dialogues.choices import RoomKind
from dialogues.models import AgendaItem, Dialogue, FloorTurn, Message, Room, Sanction, Session
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)

FACILITATOR_FRAMES = [
    {"type": "withdraw", "seq": 1},
    {"type": "hand_lower", "member": "m1"},
    {"type": "floor"},
    {"type": "floor_end"},
    {"type": "record", "on_record": False},
    {"type": "agenda", "item": 1},
    {"type": "agenda_next"},
    {"type": "agenda_skip", "item": 1},
    {"type": "mute", "member": "m1", "muted": True},
    {"type": "remove", "member": "m1"},
    {"type": "breakout_open", "title": "B", "members": ["m1"]},
    {"type": "breakout_close"},
    {"type": "session_start"},
    {"type": "session_end"},
]


@pytest.mark.parametrize("frame", FACILITATOR_FRAMES, ids=lambda f: f["type"])
async def test_participants_cannot_use_facilitator_actions(
    participant: User, participant2: User, room: Room, session: Session, frame: dict[str, Any]
) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await a.say("hello")
    await a.send(**frame, ref="r1")
    error = await a.until("error")
    assert error["code"] == "forbidden" and error["ref"] == "r1"

    @sync_to_async
    def unchanged() -> bool:
        r = Room.objects.get(pk=room.pk)
        s = Session.objects.get(pk=session.pk)
        return (
            r.on_record
            and r.is_open
            and s.status == "live"
            and s.current_item_id is None
            and not Sanction.objects.exists()
            # No breakout opened: the plenary and the facilitators' channel only.
            and Room.objects.exclude(kind=RoomKind.FACILITATORS).count() == 1
            and not Message.objects.filter(removed_at__isnull=False).exists()
            and not AgendaItem.objects.filter(skipped=True).exists()
        )

    assert await unchanged()
    # The socket is still open and works.
    assert (await a.say("still here"))["type"] == "ack"
    await a.close()
    await b.close()


async def test_agenda_next_and_set(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    items = f.welcome["state"]["agenda"]["items"]
    await f.send(type="agenda_next")
    agenda = (await p.until("agenda"))["agenda"]
    assert agenda["current"] == items[0]["id"] and agenda["started_at"]
    await f.send(type="agenda", item=items[1]["id"])
    assert (await p.until("agenda"))["agenda"]["current"] == items[1]["id"]
    await f.send(type="agenda_next")
    assert (await f.until("error"))["message"] == "This is the last agenda item."
    # A message carries the agenda item current when it was said.
    await p.say("on item two")
    assert (await f.until("message"))["agenda_item"] == items[1]["id"]
    await f.close()
    await p.close()


async def test_queue_raise_floor_lower(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await a.send(type="hand", raised=True)
    await a.until("done")
    await b.send(type="hand", raised=True)
    queue = (await f.until("queue", timeout=5))["queue"]
    while len(queue["hands"]) < 2:
        queue = (await f.until("queue"))["queue"]
    assert [h["key"] for h in queue["hands"]] == [a.welcome["you"]["key"], b.welcome["you"]["key"]]
    await f.send(type="floor", limit_seconds=120)
    queue = (await b.until("queue"))["queue"]
    while queue["floor"] is None:
        queue = (await b.until("queue"))["queue"]
    assert queue["floor"]["key"] == a.welcome["you"]["key"] and queue["floor"]["limit_seconds"] == 120
    assert [h["key"] for h in queue["hands"]] == [b.welcome["you"]["key"]]
    await b.send(type="hand", raised=False)
    queue = (await a.until("queue"))["queue"]
    while queue["hands"]:
        queue = (await a.until("queue"))["queue"]
    await f.send(type="floor")
    assert (await f.until("error"))["message"] == "Nobody has a hand raised."
    await f.send(type="floor_end")
    await f.until("done", action="floor_end")
    assert await sync_to_async(FloorTurn.objects.filter(ended_at__isnull=False).count)() == 1
    for c in (f, a, b):
        await c.close()


async def test_off_the_record_is_relayed_never_stored(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await f.send(type="record", on_record=False)
    assert (await a.until("record"))["on_record"] is False
    ack = await a.say("off the record: my ministry would never agree")
    assert ack["seq"] is None
    msg = await b.until("message")
    assert msg["on_record"] is False and msg["seq"] is None
    assert await sync_to_async(Message.objects.count)() == 0
    # Typed while off the record, arriving after the record went back on: not stored, the author decides.
    await f.send(type="record", on_record=True)
    await a.until("record")
    refused = await a.say("still meant off the record", on_record=False)
    assert refused["code"] == "record_changed"
    assert await sync_to_async(Message.objects.count)() == 0
    # A newcomer's replay never contains off-record content.
    await b.send(type="sync", after=0)
    await b.until("synced")
    for c in (f, a, b):
        await c.close()


async def test_mute_and_unmute(facilitator: User, participant: User, room: Room) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    key = a.welcome["you"]["key"]
    await f.send(type="mute", member=key, muted=True)
    assert (await a.until("muted"))["muted"] == [key]
    assert (await a.say("let me speak"))["code"] == "muted"
    await f.send(type="mute", member=key, muted=False)
    assert (await a.until("muted"))["muted"] == []
    assert (await a.say("thank you"))["type"] == "ack"
    await f.send(type="mute", member="m999", muted=True)
    assert (await f.until("error"))["code"] == "invalid"
    await f.close()
    await a.close()


async def test_remove_closes_their_sockets_and_keeps_them_out(
    facilitator: User, participant: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    await a.say("what I said stays")
    await f.send(type="remove", member=a.welcome["you"]["key"])
    error = await a.until("error")
    assert error["code"] == "forbidden" and "removed you" in error["message"]
    assert await a.closed() == 4403
    again = await join_or_code(participant, room.pk)
    assert again == 4403
    assert await sync_to_async(Message.objects.count)() == 1
    await f.close()


async def join_or_code(user: User, room_id: int) -> int | None:
    from tests.rooms.helpers import connect

    client = await connect(user, room_id)
    return await client.closed()


async def test_withdrawn_consent_closes_sockets_at_once(
    participant: User, room: Room, dialogue: Dialogue
) -> None:
    from dialogues.consent import consent_revoke

    a = await join(participant, room.pk)
    await sync_to_async(consent_revoke)(user=participant, dialogue=dialogue)
    assert (await a.until("error"))["code"] == "forbidden"
    assert await a.closed() == 4403


async def test_removal_from_the_dialogue_closes_sockets(
    participant: User, room: Room, dialogue: Dialogue
) -> None:
    from dialogues.models import Membership
    from dialogues.services import membership_remove

    a = await join(participant, room.pk)
    m = await sync_to_async(Membership.objects.get)(user=participant, dialogue=dialogue)
    await sync_to_async(membership_remove)(membership=m)
    assert await a.closed() == 4403


async def test_breakout_open_and_return_to_plenary(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await f.send(type="breakout_open", title="Water data", members=[a.welcome["you"]["key"]], minutes=15)
    done = await f.until("done", action="breakout_open")
    breakouts = (await a.until("breakouts"))["breakouts"]
    assert breakouts[0]["id"] == done["room"] and breakouts[0]["members"] == [a.welcome["you"]["key"]]
    assert breakouts[0]["closes_at"]
    # Only its members (and facilitators) may enter the breakout.
    assert await join_or_code(participant2, done["room"]) == 4403
    inside = await join(participant, done["room"])
    await inside.say("breakout talk")
    await f.send(type="breakout_close")
    closed = await inside.until("room_closed")
    assert closed["return_to"] == room.pk
    assert await inside.closed() == 4410
    for c in (f, a, b):
        await c.close()


async def test_end_session_closes_every_room(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    await sync_to_async(Session.objects.filter(pk=session.pk).update)(status="lobby")
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    await f.send(type="session_start")
    assert (await a.until("session"))["status"] == "live"
    await f.send(type="session_end")
    assert (await a.until("session"))["status"] == "closed"
    assert await a.closed() == 4410
    assert await join_or_code(participant, room.pk) == 4403

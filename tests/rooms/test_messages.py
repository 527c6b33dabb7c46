"""Saying, acknowledging, broadcasting, replaying: nothing said is lost or stored twice."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from pytest_django import Settings

from dialogues.models import Message, Room
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def stored(room_id: int) -> list[tuple[int, str]]:
    return list(Message.objects.filter(room_id=room_id).order_by("seq").values_list("seq", "body"))


async def test_say_is_stored_acked_and_broadcast(participant: User, participant2: User, room: Room) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    ack = await a.say("The dam releases need a shared calendar.")
    assert ack["type"] == "ack" and ack["seq"] == 1 and ack["duplicate"] is False
    msg = await b.until("message")
    assert msg["seq"] == 1 and msg["body"] == "The dam releases need a shared calendar."
    assert msg["author"]["key"] == a.welcome["you"]["key"] and msg["on_record"] is True
    assert msg["client_id"] == ack["client_id"] and msg["ts"]
    assert await stored(room.pk) == [(1, "The dam releases need a shared calendar.")]
    await a.close()
    await b.close()


async def test_same_client_id_is_stored_once(participant: User, room: Room) -> None:
    a = await join(participant, room.pk)
    cid = str(uuid.uuid4())
    first = await a.say("once", client_id=cid)
    again = await a.say("once", client_id=cid)
    assert again["seq"] == first["seq"] and again["duplicate"] is True
    assert len(await stored(room.pk)) == 1
    await a.close()


async def test_a_resend_after_reconnect_is_not_stored_twice(participant: User, room: Room) -> None:
    cid = str(uuid.uuid4())
    a = await join(participant, room.pk)
    first = await a.say("typed before the Wi-Fi dropped", client_id=cid)
    await a.close()
    b = await join(participant, room.pk)
    again = await b.say("typed before the Wi-Fi dropped", client_id=cid)
    assert again["seq"] == first["seq"]
    assert len(await stored(room.pk)) == 1
    await b.close()


async def test_seq_is_strictly_increasing(participant: User, participant2: User, room: Room) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    seqs = [(await (a if i % 2 else b).say(f"m{i}"))["seq"] for i in range(10)]
    assert seqs == list(range(1, 11))
    await a.close()
    await b.close()


async def test_sync_replays_missed_messages_in_order_without_duplicates(
    participant: User, participant2: User, room: Room
) -> None:
    a = await join(participant, room.pk)
    for i in range(5):
        await a.say(f"before {i}")
    b = await join(participant2, room.pk)
    assert b.welcome["last_seq"] == 5
    await b.send(type="sync", after=2)
    await b.until("synced")
    replayed = [f["seq"] for f in b.frames if f["type"] == "message"]
    assert replayed == [3, 4, 5]
    # Asking again for what this connection already had sends nothing twice... unless asked from lower.
    await a.say("live")
    await b.until("message", seq=6)
    await b.send(type="sync", after=4)
    synced = await b.until("synced")
    assert synced["last_seq"] == 6
    seqs = [f["seq"] for f in b.frames if f["type"] == "message"]
    assert seqs == [3, 4, 5, 6]
    await a.close()
    await b.close()


async def test_sync_from_zero_pages_through_a_long_history(
    participant: User, participant2: User, room: Room
) -> None:
    from django.utils import timezone

    @sync_to_async
    def seed_history(n: int) -> None:
        Message.objects.bulk_create(
            Message.build(
                room=room,
                author_id=participant.pk,
                seq=i,
                client_id=uuid.uuid4(),
                body=f"h{i}",
                created_at=timezone.now(),
            )
            for i in range(1, n + 1)
        )
        Room.objects.filter(pk=room.pk).update(last_seq=n)

    await seed_history(1234)
    b = await join(participant2, room.pk)
    await b.send(type="sync", after=0)
    synced = await b.until("synced", timeout=20)
    seqs = [f["seq"] for f in b.frames if f["type"] == "message"]
    assert seqs == list(range(1, 1235)) and synced["last_seq"] == 1234
    await b.close()


async def test_withdrawn_messages_are_not_replayed(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    await a.say("keep")
    await a.say("withdraw me")
    await f.send(type="withdraw", seq=2)
    await f.until("done")
    removed = await a.until("message_removed")
    assert removed == {"type": "message_removed", "seq": 2, "removal": "withdrawn"}
    b = await join(participant2, room.pk)
    await b.send(type="sync", after=0)
    await b.until("synced")
    assert [m["body"] for m in b.frames if m["type"] == "message"] == ["keep"]
    for c in (f, a, b):
        await c.close()


async def test_author_can_retract_within_the_window(
    participant: User, participant2: User, room: Room, settings: Settings
) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await a.say("second thoughts")
    await b.send(type="retract", seq=1)
    assert (await b.until("error"))["code"] == "invalid"  # not theirs
    await a.send(type="retract", seq=1)
    assert (await b.until("message_removed"))["removal"] == "retracted"
    settings.PARLEY_RETRACT_SECONDS = 0
    await a.say("too late")
    await a.send(type="retract", seq=2)
    assert (await a.until("error"))["code"] == "forbidden"
    await a.close()
    await b.close()


async def test_limits_answer_with_errors_and_keep_the_socket(
    participant: User, room: Room, settings: Settings
) -> None:
    a = await join(participant, room.pk)
    assert (await a.say("x" * 10_001))["code"] == "too_long"
    assert (await a.say("   "))["code"] == "invalid"
    settings.PARLEY_RATE_LIMIT_MESSAGES = 3
    from dialogues.live import runtime

    runtime.say_buckets.clear()
    codes = [(await a.say(f"fast {i}"))["type"] for i in range(5)]
    assert codes[:3] == ["ack"] * 3 and (await a.say("again")).get("code") == "rate_limited"
    await a.send(type="ping", ref="still-here")
    assert (await a.until("pong"))["ref"] == "still-here"
    await a.close()


async def test_observer_reads_but_cannot_speak(observer: User, participant: User, room: Room) -> None:
    o = await join(observer, room.pk)
    a = await join(participant, room.pk)
    assert (await o.say("may I?"))["code"] == "forbidden"
    await o.send(type="hand", raised=True)
    assert (await o.until("error"))["code"] == "forbidden"
    await a.say("hello observer")
    assert (await o.until("message"))["body"] == "hello observer"
    await o.close()
    await a.close()

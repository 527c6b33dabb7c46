"""A member whose socket falls too far behind is told (`behind`) and still ends with every message, in
order and once (issue 19, item 5)."""

from __future__ import annotations

import uuid

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.utils import timezone

from dialogues import events
from dialogues.live import consumer, fanout
from dialogues.models import Message, Room
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)

BURST = consumer.OUTBOX_LIMIT + 300


@sync_to_async
def store_burst(room: Room, author: User) -> list[str]:
    """BURST stored messages, as a flood of senders would leave them, and their live frames."""
    room = Room.objects.select_related("session").get(pk=room.pk)
    now = timezone.now()
    msgs = Message.objects.bulk_create(
        Message.build(
            room=room,
            author_id=author.pk,
            seq=seq,
            client_id=uuid.uuid4(),
            body=f"point {seq}",
            created_at=now,
        )
        for seq in range(1, BURST + 1)
    )
    Room.objects.filter(pk=room.pk).update(last_seq=BURST)
    return events.replay(room, msgs)


async def test_a_socket_that_falls_behind_is_told_and_catches_up_with_everything(
    participant: User, participant2: User, room: Room
) -> None:
    reader = await join(participant2, room.pk)
    frames = await store_burst(room, participant)
    hub = fanout.hub()
    # All at once, without yielding: the reader's writer gets no turn, so its queue passes the limit.
    for seq, text in enumerate(frames, start=1):
        hub.deliver(room.pk, seq, text)

    behind = await reader.until("behind", timeout=10)
    assert behind["last_seq"] == 0
    seqs: list[int] = []
    while True:
        frame = await reader.recv(timeout=10)
        if frame["type"] == "message":
            seqs.append(frame["seq"])
        elif frame["type"] == "synced":
            assert frame["last_seq"] == BURST
            break
    assert seqs == list(range(1, BURST + 1))  # every message, in order, none twice

    # Caught up: the next live message comes straight through again.
    sender = await join(participant, room.pk)
    ack = await sender.say("after the burst")
    live = await reader.until("message", seq=ack["seq"])
    assert live["body"] == "after the burst"
    await sender.close()
    await reader.close()

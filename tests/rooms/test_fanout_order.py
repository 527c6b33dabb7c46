"""The hub puts stored messages back in seq order when their publishes swap places (they leave from
different database threads), so sockets do not each fetch the "missing" one from PostgreSQL; a message
that really went missing is waited for only briefly."""

from __future__ import annotations

import asyncio

import pytest
import redis.asyncio as aredis

from dialogues.live.control import ControlEvent
from dialogues.live.fanout import Hub, room_channel


class Socket:
    room_id, user_id, dialogue_id, session_id = 1, 1, 1, 1

    def __init__(self) -> None:
        self.seqs: list[int] = []

    def push(self, seq: int, text: str, frame: bytes) -> None:
        self.seqs.append(seq)

    def catch_up(self) -> None:
        pass

    def control(self, event: ControlEvent) -> None:
        pass


async def test_swapped_publishes_reach_sockets_in_order_and_a_real_gap_waits_briefly() -> None:
    hub = Hub(asyncio.get_running_loop(), "")
    socket = Socket()
    await hub.join(socket)
    for seq in (1, 3, 2, 4):
        hub.deliver(1, seq, f"m{seq}")
    hub.deliver(1, 0, "a frame that is not a stored message")
    assert socket.seqs == [1, 2, 3, 4, 0]

    hub.deliver(1, 6, "m6")  # 5 was lost by Redis: the socket will fetch it from the database
    assert socket.seqs[-1] == 0
    await asyncio.sleep(Hub.REORDER_SECONDS * 3)
    assert socket.seqs[-1] == 6
    hub.deliver(1, 7, "m7")
    assert socket.seqs[-1] == 7


@pytest.mark.redis
async def test_a_malformed_publish_does_not_stop_the_subscription() -> None:
    """The reader task is every socket's only source of other processes' messages: one bad publish on a
    room channel (it raised in the reader and ended it) must not silence the room for good."""
    from django.conf import settings

    hub = Hub(asyncio.get_running_loop(), settings.REDIS_URL)
    socket = Socket()
    socket.room_id = 987_654_321
    await hub.join(socket)
    try:
        for _ in range(100):
            if hub.healthy:
                break
            await asyncio.sleep(0.05)
        assert hub.healthy
        client = aredis.Redis.from_url(settings.REDIS_URL)
        await client.publish(room_channel(socket.room_id), "not-a-seq\nnonsense")
        await client.publish(room_channel(socket.room_id), "1\nm1")
        await client.aclose()
        for _ in range(100):
            if socket.seqs:
                break
            await asyncio.sleep(0.05)
        assert socket.seqs == [1]
    finally:
        await hub.close()

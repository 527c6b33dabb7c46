"""Several real server processes sharing Redis; Redis dying and coming back during a live room."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from dialogues.models import Room
from tests.live import Server
from tests.rooms.servers import WsClient, cookies, stored_seqs

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


async def test_members_on_different_processes_see_each_other(
    two_servers: tuple[Server, Server], participant: User, participant2: User, room: Room
) -> None:
    a, b = two_servers
    ca, cb = await cookies(participant, participant2)
    on_a, on_b = WsClient(a, ca, room.pk), WsClient(b, cb, room.pk)
    await on_a.open()
    await on_b.open()
    await on_a.say("from process A")
    await on_b.wait_for_seq(1)
    await on_b.say("from process B")
    await on_a.wait_for_seq(2)
    await on_b.wait_for_seq(2)
    assert on_a.seqs == on_b.seqs == [1, 2]
    bodies = [f["body"] for f in on_b.frames if f["type"] == "message"]
    assert bodies == ["from process A", "from process B"]
    # Presence crosses processes too: A learns (within its batching delay) that B's member joined.
    key_b = on_b.welcome["you"]["key"]
    for _ in range(50):
        joined = [m["key"] for f in on_a.frames if f["type"] == "presence" for m in f["joined"]]
        if key_b in joined:
            break
        await asyncio.sleep(0.1)
    assert key_b in joined
    await on_a.close()
    await on_b.close()


async def test_redis_restart_loses_nothing_and_duplicates_nothing(
    two_servers: tuple[Server, Server],
    redis_server: Any,
    participant: User,
    participant2: User,
    observer: User,
    room: Room,
) -> None:
    a, b = two_servers
    c1, c2, c3 = await cookies(participant, participant2, observer)
    sender_a, sender_b, watcher = WsClient(a, c1, room.pk), WsClient(b, c2, room.pk), WsClient(a, c3, room.pk)
    for client in (sender_a, sender_b, watcher):
        await client.open()

    async def talk(n: int, tag: str) -> None:
        for i in range(n):
            await (sender_a if i % 2 else sender_b).say(f"{tag} {i}")
            await asyncio.sleep(0.05)

    await talk(20, "before")
    redis_server.kill()
    await talk(20, "during")
    # The watcher's page reloads while Redis is down, and comes back asking for what it missed.
    seen_before_reload = list(watcher.seqs)
    await watcher.close()
    await talk(10, "while away")
    redis_server.start()
    watcher2 = WsClient(a, c3, room.pk)
    await watcher2.open(after=max(seen_before_reload) if seen_before_reload else 0)
    await talk(20, "after")

    for _ in range(200):
        expected = await stored_seqs(room.pk)
        if len(expected) >= 70:
            break
        await asyncio.sleep(0.1)
    assert expected == list(range(1, 71)), "every say was stored exactly once, in order"
    for client in (sender_a, sender_b, watcher2):
        await client.wait_for_seq(70)
    assert sender_a.seqs == expected, "process A's member got every message once, in order"
    assert sender_b.seqs == expected, "process B's member got every message once, in order"
    assert sorted(seen_before_reload + watcher2.seqs) == expected, "the reloaded page got the rest once"
    assert len(set(seen_before_reload) & set(watcher2.seqs)) == 0
    last_seq = await database_sync_to_async(lambda: Room.objects.get(pk=room.pk).last_seq)()
    assert last_seq == 70
    for client in (sender_a, sender_b, watcher2):
        await client.close()

"""Several real server processes sharing Redis; Redis dying and coming back during a live room."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets
from channels.db import database_sync_to_async
from django.contrib.auth.models import User

from dialogues.models import Message, Room
from tests.live import Server, free_port, start_server
from tests.rooms.helpers import _session_cookie

pytestmark = [pytest.mark.redis, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class WsClient:
    """A browser-like room client over a real socket: records every message seq it receives."""

    def __init__(self, server: Server, cookie: str, room_id: int) -> None:
        self.server, self.cookie, self.room_id = server, cookie, room_id
        self.seqs: list[int] = []
        self.frames: list[dict[str, Any]] = []
        self.ws: Any = None
        self.task: asyncio.Task[None] | None = None
        self.welcome: dict[str, Any] = {}

    async def open(self, after: int | None = None) -> None:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.server.port}/ws/rooms/{self.room_id}/",
            additional_headers={"Cookie": self.cookie, "Origin": self.server.url},
        )
        self.welcome = json.loads(await self.ws.recv())
        assert self.welcome["type"] == "welcome", self.welcome
        if after is not None:
            await self.ws.send(json.dumps({"type": "sync", "after": after}))
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for text in self.ws:
                frame = json.loads(text)
                self.frames.append(frame)
                if frame["type"] == "message" and frame["seq"] is not None:
                    self.seqs.append(frame["seq"])
        except websockets.ConnectionClosed:
            pass

    async def say(self, body: str) -> None:
        await self.ws.send(json.dumps({"type": "say", "client_id": str(uuid.uuid4()), "body": body}))

    async def close(self) -> None:
        await self.ws.close()
        if self.task:
            await self.task

    async def wait_for_seq(self, last: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while (not self.seqs or max(self.seqs) < last) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)


@pytest.fixture
def redis_server(artifacts_dir: Path) -> Iterator[Any]:
    """A Redis of our own on a spare port, so the test can kill and restart it."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is required"
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]

    class Handle:
        url = f"redis://127.0.0.1:{port}/0"
        process: subprocess.Popen[bytes] | None = None

        def start(self) -> None:
            self.process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            import redis

            client = redis.Redis.from_url(self.url)
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.05)
            raise RuntimeError("redis did not start")

        def kill(self) -> None:
            assert self.process is not None
            self.process.kill()
            self.process.wait(5)

    handle = Handle()
    handle.start()
    yield handle
    if handle.process and handle.process.poll() is None:
        handle.kill()


@pytest.fixture
def two_servers(artifacts_dir: Path, redis_server: Any) -> Iterator[tuple[Server, Server]]:
    # The test talks faster than any person would: lift the per-person message rate limit.
    a = start_server(artifacts_dir, REDIS_URL=redis_server.url, PARLEY_RATE_LIMIT_MESSAGES=10_000)
    b = start_server(artifacts_dir, REDIS_URL=redis_server.url, PARLEY_RATE_LIMIT_MESSAGES=10_000)
    yield a, b
    a.stop()
    b.stop()


async def cookies(*users: Any) -> list[str]:
    return [await database_sync_to_async(_session_cookie)(u) for u in users]


@database_sync_to_async
def stored_seqs(room_id: int) -> list[int]:
    return list(Message.objects.filter(room_id=room_id).order_by("seq").values_list("seq", flat=True))


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

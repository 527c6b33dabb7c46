"""Real server processes for room tests: a browser-like socket client, a Redis the test can kill and
restart, and two servers sharing it (fixtures `redis_server` and `two_servers`, in conftest.py)."""

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

import websockets
from channels.db import database_sync_to_async

from dialogues.models import Message
from tests.live import Server, free_port, start_server
from tests.rooms.helpers import _session_cookie


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


def redis_server_fixture(artifacts_dir: Path) -> Iterator[Any]:
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


def two_servers_fixture(artifacts_dir: Path, redis_server: Any) -> Iterator[tuple[Server, Server]]:
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

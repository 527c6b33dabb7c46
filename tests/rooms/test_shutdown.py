"""Closing the fan-out hub and presence store never hangs, even when Redis stops answering."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from dialogues.live import fanout, presence
from dialogues.live.control import ControlEvent


class _Sink:
    room_id, user_id, dialogue_id, session_id = 1, 1, 1, 1

    def push(self, seq: int, text: str, frame: bytes) -> None: ...
    def catch_up(self) -> None: ...
    def control(self, event: ControlEvent) -> None: ...


@pytest.fixture
async def silent_redis() -> AsyncIterator[str]:
    """A TCP server that accepts connections and never replies: a Redis wedged mid-request."""
    held: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"redis://127.0.0.1:{port}/0"
    for w in held:
        w.close()
    server.close()


async def test_hub_close_returns_while_redis_is_silent(
    silent_redis: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fanout, "CLOSE_SECONDS", 0.5)
    hub = fanout.Hub(asyncio.get_running_loop(), silent_redis)
    await hub.join(_Sink())
    await asyncio.sleep(0.2)  # the reader is now stuck subscribing
    # A stuck unsubscribe elsewhere (a socket leaving) must not block the close either.
    leaving = asyncio.ensure_future(hub.leave(_Sink()))
    await asyncio.wait_for(hub.close(), timeout=5)
    leaving.cancel()


async def test_presence_close_returns_while_redis_is_silent(
    silent_redis: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fanout, "CLOSE_SECONDS", 0.5)
    store = presence.RedisPresence(silent_redis, "t")
    store.start(lambda: [], lambda room, user: None)
    pending = asyncio.ensure_future(store.connect(1, 1))
    await asyncio.sleep(0.2)
    await asyncio.wait_for(store.close(), timeout=5)
    pending.cancel()

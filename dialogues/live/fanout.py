"""Room fan-out: encode a frame once, deliver it to every local socket of the room.

Each server process keeps one `Hub`. With `REDIS_URL` set, the hub holds one Redis pub/sub
subscription per room that has local members (plus one control channel), and writes each published
frame straight to its local sockets; without Redis, publishing delivers to the process's own hub.

Redis is a doorbell, PostgreSQL is the truth: a publish that fails is logged and dropped, because every
stored message carries a `seq` and a socket that misses one fetches it from the database (see
`RoomConsumer`). When the subscription connection drops, the hub reconnects with backoff and then asks
every local socket to catch up from the database.

Wire format on Redis: ``"<seq>\\n<frame json>"`` for rooms (seq 0 for frames that are not stored
messages) and JSON objects on the control channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import redis
import redis.asyncio as aredis
from django.conf import settings

from .control import ControlEvent, is_control_event
from .wire import text_frame

log = logging.getLogger(__name__)

# How long closing a hub or presence store may wait on Redis before giving up.
CLOSE_SECONDS = 3.0
# How long one attempt to subscribe afresh may take before the reader tries again.
CONNECT_SECONDS = 10.0


class Sink(Protocol):
    """A local socket as the hub sees it (implemented by RoomConsumer)."""

    room_id: int
    user_id: int
    dialogue_id: int
    session_id: int

    def push(self, seq: int, text: str, frame: bytes) -> None:
        """Queue a frame for this socket, or write it now; must not block. `frame` is `text` as the
        bytes of a WebSocket text frame (see wire.py), serialised once for all recipients."""

    def catch_up(self) -> None:
        """Fetch anything missed from the database (after a Redis outage)."""

    def control(self, event: ControlEvent) -> None:
        """A control event addressed to this socket's user, dialogue or session."""


def _prefix() -> str:
    return str(settings.CHANNEL_LAYER_PREFIX)


def room_channel(room_id: int) -> str:
    return f"{_prefix()}:room:{int(room_id)}"


def control_channel() -> str:
    return f"{_prefix()}:control"


class Hub:
    """Per-process, per-event-loop registry of room sockets."""

    def __init__(self, loop: asyncio.AbstractEventLoop, redis_url: str) -> None:
        self.loop = loop
        self.redis_url = redis_url
        self.rooms: dict[int, set[Sink]] = {}
        self._pubsub: Any = None
        self._client: aredis.Redis | None = None
        self._reader: asyncio.Task[None] | None = None
        self._sub_lock = asyncio.Lock()
        # With Redis, "healthy" means subscribed; the reader task (re)connects whenever it is not.
        self.healthy = not redis_url
        # Per room: the next seq expected, and stored messages that arrived ahead of it (see deliver).
        self._next: dict[int, int] = {}
        self._held: dict[int, dict[int, str]] = {}
        self._flush_at: dict[int, asyncio.TimerHandle] = {}

    # --- membership ----------------------------------------------------------------------------

    async def join(self, sink: Sink) -> None:
        first = sink.room_id not in self.rooms
        self.rooms.setdefault(sink.room_id, set()).add(sink)
        if not self.redis_url:
            return
        self._ensure_reader()
        if first:
            # Under the lock: either the reader's (re)subscribe sees this room, or we subscribe it here.
            async with self._sub_lock:
                if self.healthy:
                    try:
                        await self._pubsub.subscribe(room_channel(sink.room_id))
                    except (redis.RedisError, OSError) as exc:
                        log.warning("fan-out: subscribe failed (%s); the reader will reconnect", exc)

    async def leave(self, sink: Sink) -> None:
        members = self.rooms.get(sink.room_id)
        if members is None:
            return
        members.discard(sink)
        if not members:
            del self.rooms[sink.room_id]
            self._next.pop(sink.room_id, None)
            self._cancel_flush(sink.room_id)
            if self.redis_url and self.healthy:
                with contextlib.suppress(redis.RedisError, OSError, RuntimeError):
                    async with self._sub_lock:
                        await self._pubsub.unsubscribe(room_channel(sink.room_id))

    def sinks(self) -> list[Sink]:
        return [s for members in self.rooms.values() for s in members]

    # --- delivery --------------------------------------------------------------------------------

    # How long a stored message that arrived ahead of its predecessor waits for it. Messages commit in
    # seq order, but their publishes leave from different database threads and can swap places; without
    # the wait every socket of the room would fetch the "missing" one from PostgreSQL at once.
    REORDER_SECONDS = 0.05

    def deliver(self, room_id: int, seq: int, text: str) -> None:
        expected = self._next.get(room_id)
        if seq and expected is not None and seq > expected:
            self._held.setdefault(room_id, {})[seq] = text
            if room_id not in self._flush_at:
                self._flush_at[room_id] = self.loop.call_later(self.REORDER_SECONDS, self._flush, room_id)
            return
        self._push(room_id, seq, text)
        if seq and (expected is None or seq == expected):
            self._next[room_id] = seq + 1
            held = self._held.get(room_id)
            while held and self._next[room_id] in held:
                nxt = self._next[room_id]
                self._push(room_id, nxt, held.pop(nxt))
                self._next[room_id] = nxt + 1
            if not held:
                self._cancel_flush(room_id)

    def _flush(self, room_id: int) -> None:
        """The predecessor did not come: deliver what is held in order (sockets fetch the gap)."""
        self._flush_at.pop(room_id, None)
        held = self._held.pop(room_id, {})
        for seq in sorted(held):
            self._push(room_id, seq, held[seq])
            self._next[room_id] = max(self._next.get(room_id, 0), seq + 1)

    def _cancel_flush(self, room_id: int) -> None:
        self._held.pop(room_id, None)
        handle = self._flush_at.pop(room_id, None)
        if handle is not None:
            handle.cancel()

    def _push(self, room_id: int, seq: int, text: str) -> None:
        sinks = self.rooms.get(room_id)
        if not sinks:
            return
        frame = text_frame(text)
        for sink in tuple(sinks):
            sink.push(seq, text, frame)

    def deliver_control(self, event: ControlEvent) -> None:
        for sink in self.sinks():
            sink.control(event)

    # --- Redis subscription ------------------------------------------------------------------------

    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = self.loop.create_task(self._read_forever(), name="parley-fanout-reader")

    async def _connect(self) -> None:
        """A fresh subscription to the control channel and every local room.

        Bounded: the async client has no read timeout (a subscription waits indefinitely by design), so a
        close or subscribe stuck on a half-dead connection would otherwise hold the lock, and with it every
        join, for good; timing out lets the reader try again."""
        async with asyncio.timeout(CONNECT_SECONDS), self._sub_lock:
            if self._pubsub is not None:
                with contextlib.suppress(Exception):
                    await self._pubsub.aclose()
            if self._client is None:
                self._client = aredis.Redis.from_url(
                    self.redis_url, health_check_interval=10, socket_keepalive=True, socket_connect_timeout=3
                )
            self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            await self._pubsub.subscribe(control_channel(), *[room_channel(r) for r in self.rooms])
            self.healthy = True

    async def _read_forever(self) -> None:
        backoff = 0.2
        while True:
            try:
                if not self.healthy:
                    await self._connect()
                    # Anything published while we were not subscribed is in PostgreSQL: fetch it.
                    for sink in self.sinks():
                        sink.catch_up()
                async for message in self._pubsub.listen():
                    backoff = 0.2
                    self._dispatch(message)
                raise redis.ConnectionError("subscription ended")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Anything at all ends in a fresh subscription (sockets catch up): letting an unexpected
                # error end this task would silence every delivery from other processes to this one.
                if not isinstance(exc, (redis.RedisError, OSError, RuntimeError, TimeoutError)):
                    log.exception("fan-out: subscription reader failed; reconnecting")
                elif self.healthy:
                    log.warning("fan-out: Redis subscription lost (%s); reconnecting", exc)
                self.healthy = False
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if message.get("type") != "message":
            return
        channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
        data = message["data"].decode() if isinstance(message["data"], bytes) else message["data"]
        if channel == control_channel():
            event = json.loads(data)
            if is_control_event(event):
                self.deliver_control(event)
            else:
                log.warning("fan-out: dropped a malformed control event")
            return
        seq_text, _, text = data.partition("\n")
        try:
            room_id, seq = int(channel.rsplit(":", 1)[1]), int(seq_text)
        except ValueError:
            log.warning("fan-out: dropped a malformed room message")
            return
        self.deliver(room_id, seq, text)

    async def close(self) -> None:
        # Bounded: a Redis call stuck on a half-closed socket must not hang a process's (or a test's) exit.
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.wait({self._reader}, timeout=CLOSE_SECONDS)
        if self._pubsub is not None:
            await settle(self._pubsub.aclose(), "pub/sub close")
        if self._client is not None:
            await settle(self._client.aclose(), "client close")


async def settle(step: Awaitable[Any], what: str) -> None:
    """Await a clean-up step for at most CLOSE_SECONDS, never raising.

    Not `asyncio.timeout`/`wait_for`: both wait for the cancelled step to finish, which is the hang.
    """
    task = asyncio.ensure_future(step)
    done, _ = await asyncio.wait({task}, timeout=CLOSE_SECONDS)
    if not done:
        task.cancel()
        log.warning("%s did not finish in %.0f s; abandoned", what, CLOSE_SECONDS)
    elif not task.cancelled() and task.exception() is not None:
        log.info("%s failed: %s", what, task.exception())


# --- process-wide access -------------------------------------------------------------------------

_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}
_hubs_lock = threading.Lock()
_sync_client: redis.Redis | None = None


def hub() -> Hub:
    """The hub of the running event loop (one per loop: tests run each in a fresh loop)."""
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        found = _hubs.get(loop)
        if found is None:
            for old in [lp for lp in _hubs if lp.is_closed()]:
                del _hubs[old]
            found = _hubs[loop] = Hub(loop, settings.REDIS_URL)
        return found


def _sync_redis() -> redis.Redis:
    global _sync_client
    if _sync_client is None:
        _sync_client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2, health_check_interval=10
        )
    return _sync_client


def _local(action: Callable[[Hub], None]) -> None:
    """Run `action` on every hub of this process, in each hub's own loop."""
    with _hubs_lock:
        hubs = [h for h in _hubs.values() if not h.loop.is_closed()]
    for h in hubs:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is h.loop:
            action(h)
        else:
            with contextlib.suppress(RuntimeError):  # loop closed in between
                h.loop.call_soon_threadsafe(action, h)


def publish_room(room_id: int, text: str, seq: int = 0) -> None:
    """Deliver an encoded frame to every socket of a room, in every process. Never raises."""
    if settings.REDIS_URL:
        try:
            _sync_redis().publish(room_channel(room_id), f"{int(seq)}\n{text}")
            return
        except (redis.RedisError, OSError) as exc:
            # Sockets on this process still get it now; the others catch up by seq once Redis is back.
            log.warning("fan-out: publish to room %s failed (%s); delivering locally only", room_id, exc)
    _local(lambda h: h.deliver(room_id, seq, text))


def publish_control(event: ControlEvent) -> None:
    """Send a control event (evictions, session end) to every process. Never raises."""
    if settings.REDIS_URL:
        try:
            _sync_redis().publish(control_channel(), json.dumps(event))
            return
        except (redis.RedisError, OSError) as exc:
            # Evictions must not wait for Redis: at least act on this process's sockets.
            log.warning("fan-out: control publish failed (%s); acting locally only", exc)
    _local(lambda h: h.deliver_control(event))


async def shutdown() -> None:
    """Stop this event loop's hub (its Redis reader and connections); for tests and clean exits."""
    loop = asyncio.get_running_loop()
    with _hubs_lock:
        found = _hubs.pop(loop, None)
    if found is not None:
        await found.close()

"""What the room consumer shares across the sockets of one process: the per-person message budget and
the batching of presence changes. Kept per process on purpose (see each). The database threads are in
`core.threads`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Literal, TypedDict, cast

import redis
from asgiref.typing import ASGISendCallable
from channels.sessions import InstanceSessionWrapper

from core.threads import db

from .. import events
from ..models import Room
from . import fanout, presence
from .frames import Member
from .identity import Identity, identities

log = logging.getLogger(__name__)


class TokenBucket:
    """`capacity` actions per `per_seconds`, refilled continuously."""

    def __init__(self, capacity: float, per_seconds: float) -> None:
        self.capacity, self.rate = capacity, capacity / per_seconds
        self.tokens, self.last = capacity, time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


# Per person and per process: shared by all of a person's sockets here, generous enough that no human
# typing reaches it.
say_buckets: dict[int, TokenBucket] = {}


class PresenceBatcher:
    """Coalesces joins and leaves per room for a moment, so a connect storm costs a few frames, not n²."""

    DELAY = 0.25
    # Each presence frame goes to every member, so in a big room a 0.25 s batch would make a connect
    # storm's presence frames the server's main work (n joins × n members). Stretch the batch so that
    # presence costs at most about this many deliveries per second per room.
    DELIVERIES_PER_SECOND = 4000

    def __init__(self) -> None:
        self.pending: dict[int, tuple[dict[str, Member], set[str]]] = {}
        self.scheduled = False
        self.sending: set[asyncio.Task[None]] = set()

    def add(self, room_id: int, joined: Identity | None = None, left: Identity | None = None) -> None:
        joins, leaves = self.pending.setdefault(room_id, ({}, set()))
        if joined is not None:
            leaves.discard(joined.key)
            joins[joined.key] = joined.frame()
        if left is not None:
            joins.pop(left.key, None)
            leaves.add(left.key)
        if not self.scheduled:
            self.scheduled = True
            local = len(fanout.hub().rooms.get(room_id, ()))
            delay = max(self.DELAY, local / self.DELIVERIES_PER_SECOND)
            asyncio.get_running_loop().call_later(delay, self._flush)

    def _flush(self) -> None:
        self.scheduled = False
        batch, self.pending = self.pending, {}
        loop = asyncio.get_running_loop()
        for room_id, (joins, leaves) in batch.items():
            if joins or leaves:
                task = loop.create_task(self._send(room_id, list(joins.values()), sorted(leaves)))
                self.sending.add(task)
                task.add_done_callback(self.sending.discard)

    async def _send(self, room_id: int, joins: list[Member], leaves: list[str]) -> None:
        try:
            count: int | None = len(await presence.store().members(room_id))
        except (redis.RedisError, OSError):
            count = None  # the lists still go out; the count comes back with the next change
        await asyncio.get_running_loop().run_in_executor(
            None, events.presence_changed, room_id, joins, leaves, count
        )


_batchers: dict[asyncio.AbstractEventLoop, PresenceBatcher] = {}


def batcher() -> PresenceBatcher:
    loop = asyncio.get_running_loop()
    if loop not in _batchers:
        for old in [lp for lp in _batchers if lp.is_closed()]:
            del _batchers[old]
        _batchers[loop] = PresenceBatcher()
    return _batchers[loop]


def _identity_in_room(room_id: int, user_id: int) -> Identity | None:
    session_id = Room.objects.filter(pk=room_id).values_list("session_id", flat=True).first()
    return None if session_id is None else identities(session_id).get(user_id)


async def _announce_gone(room_id: int, user_id: int) -> None:
    who = await db(_identity_in_room)(room_id, user_id)
    if who is not None:
        batcher().add(room_id, left=who)


def gone_elsewhere(room_id: int, user_id: int) -> None:
    """A dead server process held this person's last socket in a room: tell the room they left.

    Called from the presence heartbeat, on the event loop, so the lookup goes to a database thread.
    """
    asyncio.get_running_loop().create_task(_announce_gone(room_id, user_id))


class RevocationPoller:
    """Reads new `Revocation` rows every second and hands them to this process's sockets, like the Redis
    notice would: a revocation reaches every process within about a second even when Redis is down.

    `latest` is the newest revocation this process has seen by either path; a socket that has checked
    its access against an older one re-checks on its next frame (see RoomConsumer.receive).
    """

    INTERVAL = 1.0

    def __init__(self) -> None:
        self.latest = -1  # not read yet
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run(), name="parley-revocations")

    def seen(self, revocation_id: int) -> None:
        self.latest = max(self.latest, revocation_id)

    async def _run(self) -> None:
        from ..revocation import latest_revocation, revocations_after

        last = await db(latest_revocation)() if self.latest < 0 else self.latest
        self.seen(last)
        while True:
            await asyncio.sleep(self.INTERVAL)
            try:
                rows = await db(revocations_after)(last)
            except Exception:  # the database is down: sockets re-check on their next frame
                log.warning("revocation poll failed", exc_info=True)
                continue
            for row in rows:
                last = row.pk
                self.seen(row.pk)
                fanout.hub().deliver_control(events.revocation_notice(row))


_pollers: dict[asyncio.AbstractEventLoop, RevocationPoller] = {}


def revocations() -> RevocationPoller:
    loop = asyncio.get_running_loop()
    if loop not in _pollers:
        for old in [lp for lp in _pollers if lp.is_closed()]:
            del _pollers[old]
        _pollers[loop] = RevocationPoller()
    return _pollers[loop]


class TextFrameEvent(TypedDict):
    """The ASGI message the writer sends itself: one text frame (the ASGI spec lets `bytes` be left out)."""

    type: Literal["websocket.send"]
    text: str


Emit = Callable[[TextFrameEvent], Awaitable[None]]


def frame_sender(send: ASGISendCallable) -> Emit:
    """The send to use for `websocket.send` frames: under Channels' session middleware if it wraps it.

    The middleware's `send` inspects the session on every message, only ever to save it on
    `http.response.start`; for a WebSocket frame it does nothing but costs a few microseconds, which
    fan-out pays once per recipient. Anything else wrapping `send` is kept.
    """
    owner = getattr(send, "__self__", None)
    if isinstance(owner, InstanceSessionWrapper):
        send = owner.real_send
    # asgiref.typing requires both `text` and `bytes` in a send event, where the ASGI spec makes each
    # optional; Channels' own `send` leaves `bytes` out of a text frame too.
    return cast("Emit", send)

"""The room WebSocket consumer: a thin interface between frames and the live-room services.

Per socket, one writer task sends everything, in order. Stored messages carry a `seq`; the writer keeps
`last_sent` and never sends a seq twice on one connection. A live message that arrives after a gap makes
the writer fetch the gap from the database first; after a Redis outage, or when the socket falls too far
behind, it catches up from the database too. So delivery is exactly once and in order per connection,
whatever the channel between processes drops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from typing import Any, ParamSpec, TypeVar

import redis
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext

from core.errors import ParleyError
from core.threads import db

from .. import events
from ..access import RoomAccess, room_access
from ..revocation import latest_revocation, login_key, notice_matches, revoked_since
from . import fanout, presence
from .closing import EVICT_REASONS, ROOM_CLOSING
from .control import ControlEvent
from .frames import RoomState, ServerFrame, WelcomeFrame
from .identity import Identity, identities
from .protocol import (
    CLOSE_NOT_ALLOWED,
    CLOSE_NOT_LOGGED_IN,
    CLOSE_ROOM_CLOSED,
    CLOSE_SERVER_ERROR,
    CLOSE_TOO_MANY_SOCKETS,
    HANDLERS,
    decode,
    ref_of,
)
from .runtime import TokenBucket, batcher, frame_sender, gone_elsewhere, revocations, say_buckets
from .selectors import last_seq, limits, messages_after, room_frame, room_state
from .wire import direct_wire

log = logging.getLogger(__name__)
T = TypeVar("T")
P = ParamSpec("P")

OUTBOX_LIMIT = 2000
PAGE = 500
FRAME, MSG, SYNC, CATCHUP, STATE, CLOSE, BEHIND = range(7)


def _admission(user_id: int, room_id: int) -> tuple[int, RoomAccess | None]:
    """The newest revocation, then the access check: revocations up to that one are already reflected
    in the check, newer ones close the socket. One trip to the database threads for both."""
    return latest_revocation(), room_access(user_id, room_id)


class RoomConsumer(AsyncWebsocketConsumer):
    # Fan-out goes through the hub; a channel-layer channel per socket would only add per-socket work.
    channel_layer_alias = "__parley_no_layer__"

    room_id: int
    user_id: int
    dialogue_id: int
    session_id: int
    access: RoomAccess
    me: Identity

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes old DB connections around every event on the main thread; our `db` wrapper
        # already does that around each call in the pool, so skip the extra hop per frame.
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None:
            raise ValueError(f"no handler for {message['type']}")
        await handler(message)

    # --- connect / disconnect ------------------------------------------------------------------------

    async def connect(self) -> None:
        self.joined = False
        self.writer: asyncio.Task[None] | None = None
        self.outbox: deque[tuple[Any, ...]] = deque()
        self.wake = asyncio.Event()
        self.overflowed = False
        # True while the writer has work in hand (or has not started): live messages then queue behind it.
        self.busy = True
        # Any frame type, per socket: a flood gets `rate_limited`, never a dropped connection.
        self.frames = TokenBucket(60, 10)
        self.emit = frame_sender(self.base_send)
        self.wire = direct_wire(self.emit)
        # Accept first: a close before accepting would reach the browser as a bare HTTP 403, without a code.
        await self.accept()
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        self.user_id = user.pk
        self.room_id = int(self.scope["url_route"]["kwargs"]["room_id"])
        session = self.scope.get("session")
        self.login = login_key(session.session_key or "") if session is not None else ""
        self.checked_revocation, access = await db(_admission)(self.user_id, self.room_id)
        if access is None:
            await self.close(code=CLOSE_NOT_ALLOWED)
            return
        self.access = access
        self.session_id = access.session.pk
        self.dialogue_id = access.session.dialogue_id
        store = presence.store()
        try:
            became_present, sockets = await store.connect(self.room_id, self.user_id)
        except (redis.RedisError, OSError) as exc:
            # Redis is a doorbell: without it the room still works; the heartbeat restores the counts.
            log.warning("presence unavailable (%s); admitting without the socket cap", exc)
            became_present, sockets = True, 1
        if sockets > settings.PARLEY_MAX_SOCKETS_PER_USER:
            await store.disconnect(self.room_id, self.user_id)
            await self.send(
                text_data=events.encode(
                    events.error(
                        "too_many_sockets",
                        f"You have {settings.PARLEY_MAX_SOCKETS_PER_USER} rooms open already; "
                        "close one first.",
                    )
                )
            )
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)
            return
        self.joined = True
        revocations().start()
        hub = fanout.hub()
        await hub.join(self)
        store.start(lambda: [(s.room_id, s.user_id) for s in hub.sinks()], gone_elsewhere)
        welcome = await db(self._welcome)(await self.present())
        self.outbox.appendleft((FRAME, events.encode(welcome)))
        self.writer = asyncio.get_running_loop().create_task(self._write_forever())
        self.wake.set()
        if became_present:
            batcher().add(self.room_id, joined=self.me)

    async def present(self) -> set[int]:
        try:
            return await presence.store().members(self.room_id) | {self.user_id}
        except (redis.RedisError, OSError):
            return {self.user_id}

    def _welcome(self, present: set[int]) -> WelcomeFrame:
        room = self.access.room
        room.refresh_from_db()
        version = self.access.session.identity_version
        self.me = identities(self.session_id, {self.user_id}, version=version)[self.user_id]
        self.last_sent = self.delivered_low = room.last_seq
        return events.welcome(
            room=room_frame(room),
            you=self.me,
            muted=self.access.muted,
            last_seq=room.last_seq,
            state=room_state(room, present),
            limits=limits(),
        )

    async def disconnect(self, code: int) -> None:
        if self.writer is not None:
            self.writer.cancel()
        if not getattr(self, "joined", False):
            return
        self.joined = False
        await fanout.hub().leave(self)
        try:
            if await presence.store().disconnect(self.room_id, self.user_id):
                batcher().add(self.room_id, left=self.me)
        except Exception as exc:  # Redis down: its heartbeat rebuild repairs the counts later
            log.info("presence: could not record a leave: %s", exc)

    # --- the hub's side (Sink) -----------------------------------------------------------------------

    def push(self, seq: int, text: str, frame: bytes) -> None:
        if seq:
            if self.overflowed:
                return
            # The fan-out fast path: nothing queued or in hand, the next seq, a transport that takes it.
            if seq == self.last_sent + 1 and self._write_now(frame):
                self.last_sent = seq
                return
            if len(self.outbox) >= OUTBOX_LIMIT:
                # Too far behind: drop queued messages, say so, and fetch them from the database when we
                # get there (the catch-up ends with `synced`, as a client's own `sync` would).
                self.overflowed = True
                self.outbox = deque(item for item in self.outbox if item[0] != MSG)
                self.outbox.append((BEHIND,))
                self.outbox.append((CATCHUP,))
            else:
                self.outbox.append((MSG, seq, text))
        elif self._write_now(frame):
            return
        else:
            self.outbox.append((FRAME, text))
        self.wake.set()

    def _write_now(self, frame: bytes) -> bool:
        """Write a frame straight to the transport if nothing must go before it (see wire.py)."""
        if self.busy or self.outbox or self.wire is None or not self.wire.ready():
            return False
        try:
            self.wire.write(frame)
        except Exception:  # a transport closing under us: the writer's path will find out and close
            log.info("room %s: direct write failed; queueing", self.room_id, exc_info=True)
            return False
        return True

    def catch_up(self) -> None:
        self.outbox.append((CATCHUP,))
        self.wake.set()

    def control(self, event: ControlEvent) -> None:
        if event["op"] == "evict":
            revocations().seen(event["revocation"])
            if not notice_matches(
                event,
                after=self.checked_revocation,
                user_id=self.user_id,
                dialogue_id=self.dialogue_id,
                session_id=self.session_id,
                login=self.login,
            ):
                return
            if event["reason"] in ROOM_CLOSING:
                self.outbox.append((CLOSE, CLOSE_ROOM_CLOSED))  # the room closed for everyone
            else:
                reason = EVICT_REASONS.get(event["reason"], "")
                self._reply(events.error("forbidden", f"{reason} This room is now closed to you.".strip()))
                self.outbox.append((CLOSE, CLOSE_NOT_ALLOWED))
        elif event["op"] == "identities":
            if self.session_id not in event["sessions"]:
                return
            self.outbox.append((CATCHUP,))  # a fresh state: presence and mode as they are now
        elif (event["op"] == "end_session" and event["session"] == self.session_id) or (
            event["op"] == "close_room" and event["room"] == self.room_id
        ):
            self.outbox.append((CLOSE, CLOSE_ROOM_CLOSED))
        else:
            return
        self.wake.set()

    # --- the writer ----------------------------------------------------------------------------------

    def _reply(self, frame: ServerFrame) -> None:
        self.outbox.append((FRAME, events.encode(frame)))
        self.wake.set()

    async def _write_forever(self) -> None:
        try:
            while True:
                self.busy = False
                await self.wake.wait()
                self.busy = True
                self.wake.clear()
                while self.outbox:
                    item = self.outbox.popleft()
                    kind = item[0]
                    if kind == FRAME:
                        await self.emit({"type": "websocket.send", "text": item[1]})
                    elif kind == MSG:
                        await self._send_live(item[1], item[2])
                    elif kind == SYNC:
                        # A socket whose close was lost (Redis down) must not replay anything.
                        if not await self._revoked():
                            await self._replay_after(item[1])
                    elif kind == BEHIND:
                        await self.emit(
                            {"type": "websocket.send", "text": events.encode(events.behind(self.last_sent))}
                        )
                    elif kind == CATCHUP:
                        was_behind, self.overflowed = self.overflowed, False
                        if not await self._revoked():
                            await self._catch_up(announce=was_behind)
                    elif kind == CLOSE:
                        await self.close(code=item[1])
                        return
        except asyncio.CancelledError:
            raise
        except Exception:
            # The socket is gone, or the database is, or a frame could not be sent: never leave an open
            # socket that sends nothing. Close it (1011) so the client reconnects and syncs.
            log.warning("room %s writer stopped", getattr(self, "room_id", "?"), exc_info=True)
            with contextlib.suppress(Exception):
                await self.close(code=CLOSE_SERVER_ERROR)

    async def _send_range(self, after: int, upto: int) -> None:
        while after < upto:
            frames, last = await db(self._page)(after, upto)
            for text in frames:
                await self.send(text_data=text)
            if last is None:
                return
            after = last

    def _page(self, after: int, upto: int) -> tuple[list[str], int | None]:
        msgs = messages_after(self.room_id, after, upto, limit=PAGE)
        frames = events.replay(self.access.room, msgs)
        return frames, (msgs[-1].seq if len(msgs) == PAGE else None)

    async def _send_live(self, seq: int, text: str) -> None:
        if seq <= self.last_sent:
            return
        if seq > self.last_sent + 1:
            await self._send_range(self.last_sent, seq - 1)
        # The hot path of fan-out: the ASGI message `AsyncWebsocketConsumer.send` would build, without
        # its layers (two coroutines and the session middleware) per recipient.
        await self.emit({"type": "websocket.send", "text": text})
        self.last_sent = seq

    async def _replay_after(self, after: int) -> None:
        if after < self.delivered_low:
            await self._send_range(after, self.delivered_low)
            self.delivered_low = after
        current = await db(last_seq)(self.room_id)
        if current > self.last_sent:
            await self._send_range(self.last_sent, current)
            self.last_sent = current
        await self.send(text_data=events.encode(events.synced(self.last_sent)))

    async def _catch_up(self, *, announce: bool = False) -> None:
        current = await db(last_seq)(self.room_id)
        if current > self.last_sent:
            await self._send_range(self.last_sent, current)
            self.last_sent = current
        if announce:
            await self.send(text_data=events.encode(events.synced(self.last_sent)))
        snapshot = await db(self._snapshot)(await self.present())
        await self.send(text_data=events.encode(events.state(snapshot)))

    def _snapshot(self, present: set[int]) -> RoomState:
        self.access.room.refresh_from_db()
        self.access.room.session.refresh_from_db()  # mode and status may have changed on any server
        return room_state(self.access.room, present)

    def request_sync(self, after: int) -> None:
        self.outbox.append((SYNC, after))
        self.wake.set()

    # --- frames from the client ----------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not getattr(self, "joined", False):
            return
        ref = None
        try:
            frame = decode(text_data, bytes_data, settings.PARLEY_MAX_FRAME_BYTES)
            ref = ref_of(frame)
            if not self.frames.allow():
                raise ParleyError("rate_limited", gettext("Too many frames; slow down for a few seconds."))
            handle = HANDLERS.get(frame["type"])
            if handle is None:
                raise ParleyError(
                    "unknown_type",
                    gettext("Unknown frame type %(frame)s.") % {"frame": f"{frame['type'][:40]!r}"},
                )
            # This process has heard of a revocation since we last looked: check ours before acting.
            if revocations().latest > self.checked_revocation and await self._revoked():
                return
            await handle(self, frame)
        except ParleyError as exc:  # any service's refusal: its code is the error frame's code
            self._reply(events.error(exc.code, exc.message, ref))
        except Exception:
            log.exception("room %s: frame handler failed", self.room_id)
            self._reply(
                events.error("internal", "The server could not handle that frame; nothing was changed.", ref)
            )

    async def _revoked(self) -> bool:
        """Re-check this socket's access against PostgreSQL; close it (and say so) if it is gone."""
        latest = revocations().latest
        allowed = await db(self._still_allowed)()
        if allowed:
            self.checked_revocation = max(self.checked_revocation, latest)
            return False
        # Ahead of anything queued: nothing more reaches this socket but why it closes.
        self.outbox.appendleft((CLOSE, CLOSE_NOT_ALLOWED))
        self.outbox.appendleft(
            (FRAME, events.encode(events.error("forbidden", "You are no longer allowed in this room.")))
        )
        self.wake.set()
        return True

    def _still_allowed(self) -> bool:
        if room_access(self.user_id, self.room_id) is None:
            return False
        return not revoked_since(
            after=self.checked_revocation,
            user_id=self.user_id,
            dialogue_id=self.dialogue_id,
            session_id=self.session_id,
            login=self.login,
        )

    def reply(self, frame: ServerFrame) -> None:
        """Send a frame to this socket only, in order with everything else."""
        self._reply(frame)

    def allow_say(self) -> bool:
        bucket = say_buckets.get(self.user_id)
        if bucket is None:
            bucket = say_buckets[self.user_id] = TokenBucket(
                settings.PARLEY_RATE_LIMIT_MESSAGES, settings.PARLEY_RATE_LIMIT_SECONDS
            )
        return bucket.allow()


class NoRouteConsumer(AsyncWebsocketConsumer):
    """Any other WebSocket path: refused exactly like a room you may not enter."""

    channel_layer_alias = "__parley_no_layer__"

    async def connect(self) -> None:
        await self.accept()
        await self.close(code=CLOSE_NOT_ALLOWED)

"""Who is in a room, and how many sockets each person holds, across server processes.

Without Redis the counts live in this process. With Redis, each room has a hash of user → socket count
and each person a total across rooms (for the per-person socket cap). Every process also records its
own contributions and keeps a heartbeat key; when a process dies, another one subtracts what the dead one
had added ("reaping"), and when Redis itself restarts (it keeps nothing on disk) each process notices its
heartbeat is gone and adds its live sockets back.
"""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import redis
import redis.asyncio as aredis
from django.conf import settings

from dialogues.live import fanout

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
ALIVE_SECONDS = 30

_CONNECT = """
local r = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local u = redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
redis.call('SADD', KEYS[4], ARGV[3])
return {r, u}
"""

_DISCONNECT = """
local function dec(key, field)
  local v = redis.call('HINCRBY', key, field, -1)
  if v <= 0 then redis.call('HDEL', key, field) end
  return v
end
local r = dec(KEYS[1], ARGV[1])
dec(KEYS[2], ARGV[1])
dec(KEYS[3], ARGV[2])
return r
"""

# One reply string instead of one bulk string per member: redis-py's pure-Python parser costs a few
# microseconds per element, and every connect asks, so a 5,000-member room spent most of a storm here.
_MEMBERS = "return table.concat(redis.call('HKEYS', KEYS[1]), ',')"

# Subtract everything a process contributed; returns "room:user" pairs that became absent.
_REAP = """
local entries = redis.call('HGETALL', KEYS[1])
local gone = {}
for i = 1, #entries, 2 do
  local room, user = string.match(entries[i], '^(%d+):(%d+)$')
  local n = tonumber(entries[i + 1])
  local rkey = ARGV[1] .. ':presence:' .. room
  local v = redis.call('HINCRBY', rkey, user, -n)
  if v <= 0 then redis.call('HDEL', rkey, user); table.insert(gone, entries[i]) end
  local u = redis.call('HINCRBY', KEYS[2], user, -n)
  if u <= 0 then redis.call('HDEL', KEYS[2], user) end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[2])
return gone
"""


class LocalPresence:
    """Counts for a single process (the embedded default)."""

    def __init__(self) -> None:
        self.rooms: dict[int, Counter[int]] = {}
        self.users: Counter[int] = Counter()

    async def connect(self, room_id: int, user_id: int) -> tuple[bool, int]:
        room = self.rooms.setdefault(room_id, Counter())
        room[user_id] += 1
        self.users[user_id] += 1
        return room[user_id] == 1, self.users[user_id]

    async def disconnect(self, room_id: int, user_id: int) -> bool:
        room = self.rooms.get(room_id, Counter())
        room[user_id] -= 1
        self.users[user_id] -= 1
        if self.users[user_id] <= 0:
            del self.users[user_id]
        if room[user_id] <= 0:
            room.pop(user_id, None)
            return True
        return False

    async def members(self, room_id: int) -> set[int]:
        return set(self.rooms.get(room_id, Counter()))

    def start(
        self, live: Callable[[], Iterable[tuple[int, int]]], on_gone: Callable[[int, int], None]
    ) -> None:
        """Nothing to maintain in a single process."""

    async def close(self) -> None:
        """Nothing to release."""


class RedisPresence:
    def __init__(self, url: str, prefix: str) -> None:
        self.client = aredis.Redis.from_url(
            url, max_connections=settings.REDIS_MAX_CONNECTIONS, socket_timeout=5, socket_connect_timeout=5
        )
        self.prefix = prefix
        self.proc = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._connect = self.client.register_script(_CONNECT)
        self._disconnect = self.client.register_script(_DISCONNECT)
        self._reap = self.client.register_script(_REAP)
        self._members = self.client.register_script(_MEMBERS)
        self._task: asyncio.Task[None] | None = None

    def _room(self, room_id: int) -> str:
        return f"{self.prefix}:presence:{room_id}"

    @property
    def _users(self) -> str:
        return f"{self.prefix}:sockets"

    def _proc(self, proc: str) -> str:
        return f"{self.prefix}:proc:{proc}"

    @property
    def _procs(self) -> str:
        return f"{self.prefix}:procs"

    async def connect(self, room_id: int, user_id: int) -> tuple[bool, int]:
        r, u = await self._connect(
            keys=[self._room(room_id), self._users, self._proc(self.proc), self._procs],
            args=[user_id, f"{room_id}:{user_id}", self.proc],
        )
        return int(r) == 1, int(u)

    async def disconnect(self, room_id: int, user_id: int) -> bool:
        r = await self._disconnect(
            keys=[self._room(room_id), self._users, self._proc(self.proc)],
            args=[user_id, f"{room_id}:{user_id}"],
        )
        return int(r) <= 0

    async def members(self, room_id: int) -> set[int]:
        joined: bytes = await self._members(keys=[self._room(room_id)])
        return {int(u) for u in joined.split(b",") if u}

    def start(
        self, live: Callable[[], Iterable[tuple[int, int]]], on_gone: Callable[[int, int], None]
    ) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._heartbeat(live, on_gone))

    async def _heartbeat(
        self, live: Callable[[], Iterable[tuple[int, int]]], on_gone: Callable[[int, int], None]
    ) -> None:
        while True:
            try:
                await self.beat(live, on_gone)
            except asyncio.CancelledError:
                raise
            except (redis.RedisError, OSError) as exc:
                log.info("presence heartbeat: Redis unavailable (%s)", exc)
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def beat(
        self, live: Callable[[], Iterable[tuple[int, int]]], on_gone: Callable[[int, int], None]
    ) -> None:
        """One heartbeat: say we are alive, restore our counts if Redis lost them, reap dead processes."""
        previous = await self.client.set(f"{self.prefix}:alive:{self.proc}", 1, ex=ALIVE_SECONDS, get=True)
        if previous is None:
            await self._rebuild(live())
        for proc in await self.client.smembers(self._procs):
            other = proc.decode() if isinstance(proc, bytes) else str(proc)
            if other != self.proc and not await self.client.exists(f"{self.prefix}:alive:{other}"):
                for pair in await self._reap(
                    keys=[self._proc(other), self._users, self._procs], args=[self.prefix, other]
                ):
                    room, user = pair.decode().split(":")
                    on_gone(int(room), int(user))

    async def _rebuild(self, sockets: Iterable[tuple[int, int]]) -> None:
        """Redis lost our counts (restart) or another process reaped us: add our live sockets back."""
        await self._reap(
            keys=[self._proc(self.proc), self._users, self._procs], args=[self.prefix, self.proc]
        )
        for room_id, user_id in sockets:
            await self.connect(room_id, user_id)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.wait({self._task}, timeout=fanout.CLOSE_SECONDS)
        await fanout.settle(self.client.aclose(), "presence client close")


_stores: dict[asyncio.AbstractEventLoop, Any] = {}


def store() -> LocalPresence | RedisPresence:
    loop = asyncio.get_running_loop()
    found = _stores.get(loop)
    if found is None:
        for old in [lp for lp in _stores if lp.is_closed()]:
            del _stores[old]
        found = _stores[loop] = (
            RedisPresence(settings.REDIS_URL, settings.CHANNEL_LAYER_PREFIX)
            if settings.REDIS_URL
            else LocalPresence()
        )
    return found


async def shutdown() -> None:
    """Stop this event loop's presence store (heartbeat and Redis connections)."""
    found = _stores.pop(asyncio.get_running_loop(), None)
    if found is not None:
        await found.close()

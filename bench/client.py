"""A client process: many WebSocket members on one asyncio loop, driven by commands from the harness.

The harness starts several of these (multiprocessing, spawn) so that clients never share a process with
a server. Each process holds a share of the room's members and, when told to run, sends its share of an
open-loop schedule: message k is due at ``t0 + k / rate`` whatever happened before, and carries that due
time, so a slow server shows up as latency instead of as a slower sender (no coordinated omission).

Every payload is the text ``"<run> <k> <due> <padding>"``: the Parley room sends it as the `body` of a
`say` frame and echoes it inside a `message` frame with the stored `seq`; the baselines broadcast the text
as it is. Receivers record ``arrival - due`` and how many times each k arrived; loss and duplicates are
counted by the harness from those tallies, and for Parley each socket also checks that `seq` never goes
backwards or skips (the consumer promises exactly-once, in-order delivery).

Nothing here imports Django: a client process stays small and starts fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
import uuid
from array import array
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

PARLEY = "parley"
PAYLOAD_BYTES = 100


def payload(run: str, k: int, due: float, size: int = PAYLOAD_BYTES) -> str:
    """The message text for message k of a run, padded to `size` characters."""
    head = f"{run} {k} {due:.6f} "
    return head + "x" * max(0, size - len(head))


def parse_payload(text: str) -> tuple[str, int, float] | None:
    """(run, k, due) from a payload, or None for text that is not one."""
    parts = text.split(" ", 3)
    if len(parts) < 3:
        return None
    try:
        return parts[0], int(parts[1]), float(parts[2])
    except ValueError:
        return None


@dataclass
class Member:
    """One socket and what it received during the current run."""

    index: int
    ws: ClientConnection
    last_seq: int = 0
    counts: bytearray = field(default_factory=bytearray)
    distinct: int = 0
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    pong: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None


@dataclass
class RunState:
    tag: str = ""
    total: int = 0
    latencies: array[float] = field(default_factory=lambda: array("d"))
    pending: dict[str, tuple[int, float]] = field(default_factory=dict)  # client_id -> (k, due)
    ack_latencies: array[float] = field(default_factory=lambda: array("d"))
    acked: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    out_of_order: int = 0
    seq_repeats: int = 0
    late_sends: int = 0


class Worker:
    def __init__(self, kind: str, url: str, origin: str) -> None:
        self.kind = kind
        self.url = url
        self.origin = origin
        self.members: list[Member] = []
        self.run = RunState()
        self.closed_unexpectedly = 0

    # --- frames ----------------------------------------------------------------------------------

    def on_frame(self, member: Member, raw: str | bytes, now: float) -> None:
        text = raw if isinstance(raw, str) else raw.decode()
        if self.kind != PARLEY:
            self._count(member, text, now)
            return
        frame = json.loads(text)
        kind = frame.get("type")
        if kind == "message":
            if not self._count(member, frame["body"], now):
                return
            seq = frame.get("seq")
            if isinstance(seq, int):
                if seq <= member.last_seq:
                    self.run.seq_repeats += 1
                elif seq != member.last_seq + 1:
                    self.run.out_of_order += 1
                member.last_seq = max(member.last_seq, seq)
        elif kind == "ack":
            sent = self.run.pending.pop(frame.get("client_id", ""), None)
            if sent is not None and frame.get("seq") is not None and not frame.get("duplicate"):
                # Due time → ack: the `say` path up to the commit, without the fan-out.
                self.run.acked.append(sent[0])
                self.run.ack_latencies.append(now - sent[1])
        elif kind == "welcome":
            member.last_seq = int(frame["last_seq"])
            member.ready.set()
        elif kind == "pong":
            member.pong.set()
        elif kind == "error":
            self.run.errors[str(frame.get("code"))] += 1

    def _count(self, member: Member, text: str, now: float) -> bool:
        parsed = parse_payload(text)
        if parsed is None or parsed[0] != self.run.tag:
            return False
        _, k, due = parsed
        if 0 <= k < len(member.counts):
            self.run.latencies.append(now - due)
            if member.counts[k] == 0:
                member.distinct += 1
            member.counts[k] = min(255, member.counts[k] + 1)
        return True

    async def _read(self, member: Member) -> None:
        try:
            async for raw in member.ws:
                self.on_frame(member, raw, time.monotonic())
        except WebSocketException:
            pass
        finally:
            if not getattr(self, "_closing", False):
                self.closed_unexpectedly += 1

    # --- commands --------------------------------------------------------------------------------

    async def open_one(self, index: int, cookie: str | None, patience: float) -> tuple[bool, float, str]:
        """Connect one member and wait until it is usable (Parley: the welcome frame)."""
        started = time.monotonic()
        headers = {"Cookie": cookie} if cookie else None
        try:
            ws = await connect(
                self.url,
                origin=Origin(self.origin),
                additional_headers=headers,
                compression=None,
                proxy=None,
                ping_interval=None,
                open_timeout=patience,
                max_size=16 * 1024 * 1024,
                max_queue=256,
            )
        except (OSError, WebSocketException, TimeoutError) as exc:
            return False, time.monotonic() - started, type(exc).__name__
        member = Member(index=index, ws=ws)
        member.reader = asyncio.get_running_loop().create_task(self._read(member))
        if self.kind == PARLEY:
            try:
                await asyncio.wait_for(member.ready.wait(), patience)
            except TimeoutError:
                await ws.close()
                return False, time.monotonic() - started, f"no welcome (close code {ws.close_code})"
        else:
            member.ready.set()
        self.members.append(member)
        return True, time.monotonic() - started, ""

    async def open_many(
        self,
        indices: list[int],
        cookies: list[str | None],
        concurrency: int,
        patience: float,
        at: float | None,
        pace: float | None,
    ) -> dict[str, Any]:
        """Connect members: as fast as `concurrency` allows, or each at ``at + index / pace``."""
        gate = asyncio.Semaphore(concurrency)
        times: list[float] = []
        failures: Counter[str] = Counter()

        async def one(index: int, cookie: str | None) -> None:
            if at is not None and pace:
                delay = at + index / pace - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                ok, took, why = await self.open_one(index, cookie, patience)
            else:
                async with gate:
                    ok, took, why = await self.open_one(index, cookie, patience)
            if ok:
                times.append(took)
            else:
                failures[why] += 1

        await asyncio.gather(*(one(i, c) for i, c in zip(indices, cookies, strict=True)))
        return {"ok": len(times), "failed": dict(failures), "ready_seconds": times}

    async def run_schedule(
        self, tag: str, total: int, rate: float, t0: float, mine: list[int], senders: int, drain: float
    ) -> dict[str, Any]:
        """Send this process's messages on the open-loop schedule, then wait for deliveries to finish."""
        self.run = RunState(tag=tag, total=total)
        for member in self.members:
            member.counts = bytearray(total)
            member.distinct = 0
        live = [m for m in self.members if m.reader is not None and not m.reader.done()]
        sending = live[: max(1, min(senders, len(live)))] if mine else []
        for n, k in enumerate(mine):
            due = t0 + k / rate
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.05:
                self.run.late_sends += 1
            member = sending[n % len(sending)]
            text = payload(tag, k, due)
            if self.kind == PARLEY:
                client_id = str(uuid.uuid4())
                self.run.pending[client_id] = (k, due)
                text = json.dumps({"type": "say", "client_id": client_id, "body": text})
            with contextlib.suppress(WebSocketException):
                await member.ws.send(text)
                self.run.sent.append(k)
        end_of_sends = t0 + total / rate
        deadline = max(time.monotonic(), end_of_sends) + drain
        want = total * len(live)
        while time.monotonic() < deadline:
            if sum(m.distinct for m in live) >= want:
                break
            await asyncio.sleep(0.05)
        run = self.run
        return {
            "latencies": run.latencies.tobytes(),
            "ack_latencies": run.ack_latencies.tobytes(),
            "counts": [bytes(m.counts) for m in live],
            "sent": run.sent,
            "acked": run.acked,
            "unacked": len(run.pending),
            "errors": dict(run.errors),
            "out_of_order": run.out_of_order,
            "seq_repeats": run.seq_repeats,
            "late_sends": run.late_sends,
            "members": len(live),
            "closed_unexpectedly": self.closed_unexpectedly,
        }

    async def ping_sample(self, count: int, patience: float) -> dict[str, Any]:
        """Parley `ping` → `pong` on a few members: are idle sockets still served?"""
        live = [m for m in self.members if m.reader is not None and not m.reader.done()]
        step = max(1, len(live) // max(1, count))
        sample = live[::step][:count]

        async def one(m: Member) -> bool:
            m.pong.clear()
            try:
                await m.ws.send(json.dumps({"type": "ping", "ref": m.index}))
                await asyncio.wait_for(m.pong.wait(), patience)
            except (WebSocketException, TimeoutError):
                return False
            return True

        answers = await asyncio.gather(*(one(m) for m in sample))
        return {"asked": len(sample), "answered": sum(answers), "open": len(live)}

    async def close_all(self) -> dict[str, Any]:
        self._closing = True
        members, self.members = self.members, []

        async def one(m: Member) -> None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(m.ws.close(), 5)
            if m.reader is not None:
                m.reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await m.reader

        await asyncio.gather(*(one(m) for m in members))
        self._closing = False
        self.closed_unexpectedly = 0
        return {"closed": len(members)}


async def _serve(conn: Connection, worker: Worker) -> None:
    loop = asyncio.get_running_loop()
    while True:
        command, args = await loop.run_in_executor(None, conn.recv)
        if command == "open":
            result = await worker.open_many(**args)
        elif command == "run":
            result = await worker.run_schedule(**args)
        elif command == "ping":
            result = await worker.ping_sample(**args)
        elif command == "close":
            result = await worker.close_all()
        elif command == "stop":
            await worker.close_all()
            conn.send({"stopped": True})
            return
        else:
            result = {"error": f"unknown command {command!r}"}
        conn.send(result)


def main(conn: Connection, kind: str, url: str, origin: str, cpus: list[int] | None) -> None:
    """Entry point of a client process (multiprocessing target)."""
    if cpus:
        os.sched_setaffinity(0, cpus)
    try:
        import uvloop

        loop_factory: Any = uvloop.new_event_loop
    except ImportError:  # pragma: no cover - uvloop comes with uvicorn[standard]
        loop_factory = None
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(_serve(conn, Worker(kind, url, origin)))

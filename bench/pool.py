"""The harness's side of the client processes: start them, fan commands out, gather the answers."""

from __future__ import annotations

import multiprocessing as mp
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from . import client


class ClientPool:
    """`procs` client processes for one server; members are spread over them round-robin."""

    def __init__(self, procs: int, kind: str, url: str, origin: str, cpus: list[int] | None) -> None:
        ctx = mp.get_context("spawn")
        self.kind = kind
        self.pipes: list[Connection] = []
        self.procs: list[BaseProcess] = []
        for _ in range(procs):
            mine, theirs = ctx.Pipe()
            proc = ctx.Process(target=client.main, args=(theirs, kind, url, origin, cpus), daemon=True)
            proc.start()
            self.pipes.append(mine)
            self.procs.append(proc)
        self.members = 0

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p.pid is not None]

    def call(self, command: str, per_proc: list[dict[str, Any]], timeout: float) -> list[dict[str, Any]]:
        for pipe, args in zip(self.pipes, per_proc, strict=True):
            pipe.send((command, args))
        answers = []
        deadline = time.monotonic() + timeout
        for pipe, proc in zip(self.pipes, self.procs, strict=True):
            while not pipe.poll(0.2):
                if not proc.is_alive():
                    raise RuntimeError(f"client process {proc.pid} died during {command!r}")
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"client process {proc.pid} did not finish {command!r} in {timeout:.0f} s"
                    )
            answers.append(pipe.recv())
        return answers

    def split(self, items: list[Any]) -> list[list[Any]]:
        n = len(self.pipes)
        return [items[i::n] for i in range(n)]

    def open(
        self,
        cookies: list[str | None],
        *,
        concurrency: int = 64,
        timeout: float = 30,
        pace: float | None = None,
        lead: float = 0.5,
    ) -> dict[str, Any]:
        """Connect len(cookies) members (Parley: each with its own login); pace = connections per second."""
        start = self.members
        indices = list(range(start, start + len(cookies)))
        at = time.monotonic() + lead if pace else None
        parts = zip(self.split(indices), self.split(cookies), strict=True)
        per_proc = [
            {
                "indices": [i - start for i in idx] if pace else idx,
                "cookies": cks,
                "concurrency": max(1, concurrency // len(self.pipes)),
                "patience": timeout,
                "at": at,
                "pace": pace,
            }
            for idx, cks in parts
        ]
        answers = self.call("open", per_proc, timeout=timeout + len(cookies) / (pace or 50) + 60)
        ok = sum(a["ok"] for a in answers)
        self.members += ok
        failed: dict[str, int] = {}
        for a in answers:
            for why, n in a["failed"].items():
                failed[why] = failed.get(why, 0) + n
        ready = sorted(t for a in answers for t in a["ready_seconds"])
        return {"ok": ok, "failed": failed, "ready_seconds": ready}

    def run(self, tag: str, rate: float, seconds: float, drain: float) -> list[dict[str, Any]]:
        """One open-loop run: int(rate * seconds) messages, each process sending its share."""
        total = max(1, round(rate * seconds))
        n = len(self.pipes)
        # A sender per 1.2 msg/s keeps every person under the room's rate limit (20 per 10 s).
        senders_per_proc = max(1, -(-int(rate / 1.2 + 1) // n))
        t0 = time.monotonic() + 0.5
        per_proc = [
            {
                "tag": tag,
                "total": total,
                "rate": rate,
                "t0": t0,
                "mine": list(range(p, total, n)),
                "senders": senders_per_proc,
                "drain": drain,
            }
            for p in range(n)
        ]
        return self.call("run", per_proc, timeout=seconds + drain + 60)

    def ping(self, count: int, timeout: float = 10) -> dict[str, Any]:
        per = max(1, count // len(self.pipes))
        answers = self.call("ping", [{"count": per, "patience": timeout}] * len(self.pipes), timeout + 30)
        return {k: sum(a[k] for a in answers) for k in ("asked", "answered", "open")}

    def close_members(self) -> None:
        self.call("close", [{}] * len(self.pipes), timeout=60)
        self.members = 0

    def stop(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(("stop", {}))
            except (BrokenPipeError, OSError):
                pass
        for proc in self.procs:
            proc.join(10)
            if proc.is_alive():
                proc.terminate()
                proc.join(5)

"""What a benchmark run does with one server: the client sweep, the rate sweep, the storm, the idle room."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import report
from .pool import ClientPool
from .stack import CpuMeter, Service, rss_mib

P99_LIMIT_MS = 250.0


@dataclass
class Target:
    """A server under test and how to reach it."""

    name: str  # "parley", "stock", "bare"
    service: Service
    path: str
    cpu_groups: dict[str, Callable[[], list[int]]]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.service.port}{self.path}"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.service.port}"

    @property
    def parley(self) -> bool:
        return self.name in ("parley", "parley2")


@dataclass
class Plan:
    clients: list[int]
    rate: float
    seconds: float
    drain: float
    rate_clients: int
    rate_targets: list[int]  # offered deliveries per second
    rate_seconds: float
    procs: int
    client_cpus: list[int] | None


def _log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def _members(target: Target, cookies: list[str], n: int) -> list[str | None]:
    return list(cookies[:n]) if target.parley else [None] * n


def _settle(target: Target) -> None:
    # Parley batches presence frames for 0.25 s after joins; let the last batch go out first.
    time.sleep(1.5 if target.parley else 0.5)


def measured_run(
    pool: ClientPool, target: Target, *, rate: float, seconds: float, drain: float, tag: str
) -> dict[str, Any]:
    meter = CpuMeter({**target.cpu_groups, "clients": pool.pids})
    meter.start()
    answers = pool.run(tag, rate, seconds, drain)
    cpu = meter.stop()
    row = report.summarize(answers, parley=target.parley, seconds=seconds)
    row.update({"server": target.name, "rate": rate, "seconds": seconds, "cpu_percent": cpu})
    # Server CPU per delivered frame: the cost that decides how far one process scales.
    row["server_us_per_delivery"] = round(1e6 * meter.used["server"] / max(1, row["delivered"]), 1)
    return row


def client_sweep(target: Target, plan: Plan, cookies: list[str]) -> list[dict[str, Any]]:
    """Fan-out latency at a fixed message rate, for each room size in `plan.clients`."""
    rows = []
    pool = ClientPool(
        plan.procs, "parley" if target.parley else "plain", target.url, target.origin, plan.client_cpus
    )
    try:
        for n in plan.clients:
            opened = pool.open(_members(target, cookies, n))
            if opened["ok"] < n:
                _log(f"{target.name}: only {opened['ok']} of {n} members connected: {opened['failed']}")
            _settle(target)
            tag = f"c{n}-{time.monotonic_ns()}"
            row = measured_run(pool, target, rate=plan.rate, seconds=plan.seconds, drain=plan.drain, tag=tag)
            row.update({"phase": "clients", "clients": n, "connect_failed": opened["failed"]})
            rows.append(row)
            _log(
                f"{target.name:6} {n:5} clients @ {plan.rate:g} msg/s: p50 {row['p50']} p99 {row['p99']} ms, "
                f"{row['delivered_per_s']:.0f} deliveries/s, lost {row['lost']}, dup {row['duplicates']}, "
                f"cpu {row['cpu_percent']}, {row['server_us_per_delivery']} µs/delivery"
            )
            pool.close_members()
            time.sleep(0.5)
    finally:
        pool.stop()
    return rows


def passes(row: dict[str, Any]) -> bool:
    return (
        row["p99"] is not None
        and row["p99"] < P99_LIMIT_MS
        and row["lost"] == 0
        and row["duplicates"] == 0
        and row["accepted"] == row["sent"] > 0
    )


def rate_sweep(target: Target, plan: Plan, cookies: list[str]) -> list[dict[str, Any]]:
    """Raise the message rate in a room of `plan.rate_clients` until p99 ≥ 250 ms or a message is lost."""
    rows: list[dict[str, Any]] = []
    n = plan.rate_clients
    pool = ClientPool(
        plan.procs, "parley" if target.parley else "plain", target.url, target.origin, plan.client_cpus
    )
    try:
        opened = pool.open(_members(target, cookies, n))
        _settle(target)
        for offered in plan.rate_targets:
            rate = offered / opened["ok"]
            # A failed step is tried once more before the sweep stops: one stall (another process's
            # burst on these two cores, a cache refresh) should not end it.
            for attempt in (1, 2):
                tag = f"r{offered}-{attempt}-{time.monotonic_ns()}"
                row = measured_run(
                    pool, target, rate=rate, seconds=plan.rate_seconds, drain=plan.drain, tag=tag
                )
                row.update(
                    {
                        "phase": "rate",
                        "clients": opened["ok"],
                        "offered_per_s": offered,
                        "attempt": attempt,
                        "pass": passes(row),
                    }
                )
                rows.append(row)
                _log(
                    f"{target.name:6} rate {rate:6.1f} msg/s × {opened['ok']}: "
                    f"{row['delivered_per_s']:.0f}/s, "
                    f"p99 {row['p99']} ms, lost {row['lost']}, cpu {row['cpu_percent']}, "
                    f"{row['server_us_per_delivery']} µs/delivery → "
                    f"{'ok' if row['pass'] else 'over the limit'}"
                )
                time.sleep(1.0)
                if row["pass"]:
                    break
            if not row["pass"]:
                break
    finally:
        pool.stop()
    return rows


def connect_storm(
    target: Target, plan: Plan, cookies: list[str], members: int, per_second: float
) -> dict[str, Any]:
    """`members` people connect within `members / per_second` seconds (open loop); none may fail."""
    pool = ClientPool(plan.procs, "parley", target.url, target.origin, plan.client_cpus)
    try:
        meter = CpuMeter(target.cpu_groups)
        meter.start()
        opened = pool.open(list(cookies[:members]), pace=per_second, timeout=60)
        cpu = meter.stop()
        ready = opened["ready_seconds"]
        result = {
            "members": members,
            "per_second": per_second,
            "connected": opened["ok"],
            "failed": opened["failed"],
            "welcome_p50_ms": round(1000 * ready[len(ready) // 2], 1) if ready else None,
            "welcome_p99_ms": round(1000 * ready[int(len(ready) * 0.99)], 1) if ready else None,
            "welcome_max_ms": round(1000 * ready[-1], 1) if ready else None,
            "cpu_percent": cpu,
        }
        _log(f"storm: {result}")
        pool.close_members()
        return result
    finally:
        pool.stop()


def idle_room(target: Target, plan: Plan, cookies: list[str], members: int, hold: float) -> dict[str, Any]:
    """`members` idle people in one ASGI process: all connected, still answering, and a message for all."""
    pool = ClientPool(plan.procs, "parley", target.url, target.origin, plan.client_cpus)
    server_pids = target.cpu_groups["server"]()
    try:
        rss_before = rss_mib(server_pids)
        started = time.monotonic()
        opened = pool.open(list(cookies[:members]), concurrency=128, timeout=600)
        connect_seconds = time.monotonic() - started
        _log(
            f"idle: {opened['ok']} of {members} connected in {connect_seconds:.1f} s, "
            f"failed {opened['failed']}"
        )
        time.sleep(2)
        meter = CpuMeter({"server": target.cpu_groups["server"]})
        meter.start()
        time.sleep(hold)
        idle_cpu = meter.stop()["server"]
        pings = pool.ping(100)
        rss_after = rss_mib(server_pids)
        broadcast = measured_run(
            pool, target, rate=1.0, seconds=5, drain=plan.drain, tag=f"idle-{time.monotonic_ns()}"
        )
        result = {
            "members": members,
            "connected": opened["ok"],
            "failed": opened["failed"],
            "connect_seconds": round(connect_seconds, 1),
            "still_open": pings["open"],
            "pings_answered": f"{pings['answered']}/{pings['asked']}",
            "idle_cpu_percent": idle_cpu,
            "server_rss_mib": rss_after,
            "rss_per_member_kib": round(1024 * (rss_after - rss_before) / max(1, opened["ok"]), 1),
            "broadcast": {
                k: broadcast[k]
                for k in ("rate", "p50", "p99", "max", "lost", "duplicates", "delivered", "cpu_percent")
            },
        }
        _log(f"idle: {result}")
        pool.close_members()
        return result
    finally:
        pool.stop()

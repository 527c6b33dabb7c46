"""Run the live-room fan-out benchmark: `python -m bench.run` (full), `--quick`, or `--tiny` (the test).

Starts a private Redis, a fresh PostgreSQL database and, one after the other, three servers: Parley's
real stack (uvicorn + `config.asgi:application`), a stock Channels `group_send` room (bench/stock_app.py)
and a bare `websockets` broadcast server (bench/bare_ws.py). Against each it sweeps room sizes at a fixed
message rate and then the message rate at a fixed room size; against Parley it also runs a connect storm
and an idle room. Results go to bench/results/<name>.json and .png; docs/benchmarks.md explains them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from . import render, scenarios, stack

RESULTS = Path(__file__).resolve().parent / "results"

PROFILES: dict[str, dict[str, Any]] = {
    "full": {
        "clients": [50, 200, 500, 1000],
        "rate": 5.0,
        "seconds": 10.0,
        "rate_clients": 500,
        # Finer below 5,000, where the stock baseline gives out: the ratio is only as exact as the steps.
        "rate_targets": [
            1000,
            1500,
            2500,
            3500,
            5000,
            7500,
            10000,
            15000,
            20000,
            25000,
            30000,
            40000,
            50000,
            60000,
        ],
        "rate_seconds": 8.0,
        "storm": 500,
        "idle": 5000,
        "idle_hold": 10.0,
    },
    "quick": {
        "clients": [50, 200, 500],
        "rate": 5.0,
        "seconds": 4.0,
        "rate_clients": 200,
        "rate_targets": [2000, 5000, 10000, 20000, 40000],
        "rate_seconds": 3.0,
        "storm": 500,
        "idle": 1000,
        "idle_hold": 3.0,
    },
    "tiny": {
        "clients": [5],
        "rate": 2.0,
        "seconds": 2.0,
        "rate_clients": 5,
        "rate_targets": [10],
        "rate_seconds": 2.0,
        "storm": 5,
        "idle": 5,
        "idle_hold": 0.5,
    },
}
SERVERS = ("parley", "stock", "bare")
# Also: "parley2", Parley with two uvicorn worker processes sharing Redis and PostgreSQL, unpinned (the
# scale-out step; rate sweep only).


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="smaller sweep, about 4 minutes")
    mode.add_argument("--tiny", action="store_true", help="5 clients, 2 s per step: does the harness run?")
    p.add_argument(
        "--servers", default=",".join(SERVERS), help="comma-separated subset of parley,parley2,stock,bare"
    )
    p.add_argument("--clients", help="room sizes for the latency sweep, e.g. 50,200")
    p.add_argument("--rate", type=float, help="room message rate (msg/s) of the latency sweep")
    p.add_argument("--seconds", type=float, help="length of each latency-sweep step")
    p.add_argument("--idle", type=int, help="members in the idle-room phase")
    p.add_argument("--rate-clients", type=int, help="room size of the rate sweep")
    p.add_argument("--rate-targets", help="offered deliveries/s of the rate sweep, e.g. 5000,10000")
    p.add_argument("--skip", default="", help="comma-separated phases to skip: clients,rate,storm,idle")
    p.add_argument("--procs", type=int, default=4, help="client processes (default 4)")
    p.add_argument("--workers", type=int, default=1, help="uvicorn worker processes for Parley")
    p.add_argument(
        "--no-pin", action="store_true", help="do not pin the server to CPU 0 and clients to CPU 1"
    )
    p.add_argument("--stock-layer", choices=["core", "pubsub"], default="core", help="channels-redis layer")
    p.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/postgres", help="PostgreSQL admin URL")
    p.add_argument("--db-name", default="parley_bench")
    p.add_argument("--keep-db", action="store_true", help="leave the bench database behind")
    p.add_argument("--out", type=Path, help="results folder (default bench/results)")
    p.add_argument("--name", help="result file name without extension (default: latest / quick / tiny)")
    p.add_argument("--profile-server", action="store_true", help="run Parley's server under cProfile")
    p.add_argument(
        "--update-doc", action="store_true", help="rewrite the results block of docs/benchmarks.md"
    )
    return p.parse_args(argv)


def _log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    profile_name = "tiny" if args.tiny else "quick" if args.quick else "full"
    profile = dict(PROFILES[profile_name])
    if args.clients:
        profile["clients"] = [int(c) for c in args.clients.split(",")]
    if args.rate_targets:
        profile["rate_targets"] = [int(t) for t in args.rate_targets.split(",")]
    for key in ("rate", "seconds", "idle", "rate_clients"):
        if getattr(args, key) is not None:
            profile[key] = getattr(args, key)
    servers = [s for s in args.servers.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    out = args.out or RESULTS
    name = args.name or {"full": "latest", "quick": "quick", "tiny": "tiny"}[profile_name]
    cores = os.cpu_count() or 1
    pin = not args.no_pin and cores >= 2
    server_cpus = [0] if pin else None
    client_cpus = list(range(1, cores)) if pin else None

    fd_limit = stack.raise_fd_limit()
    run_dir = stack.ROOT / "var" / "bench" / time.strftime("%Y%m%d-%H%M%S")
    logs = run_dir / "logs"
    plan = scenarios.Plan(
        clients=profile["clients"],
        rate=profile["rate"],
        seconds=profile["seconds"],
        drain=3.0 if profile_name == "tiny" else 5.0,
        rate_clients=profile["rate_clients"],
        rate_targets=profile["rate_targets"],
        rate_seconds=profile["rate_seconds"],
        procs=max(1, min(args.procs, 2 if profile_name == "tiny" else args.procs)),
        client_cpus=client_cpus,
    )
    # The idle room's extra members join the dialogue only before that phase: a bigger dialogue makes
    # every identity-cache refresh slower (see docs/benchmarks.md), which would colour the sweeps.
    people = max([*plan.clients, plan.rate_clients, profile["storm"]])
    started = time.time()
    result: dict[str, Any] = {
        "profile": profile_name,
        "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": stack.describe_machine(),
        "setup": {
            "pinned": {"servers": server_cpus, "clients": client_cpus, "redis_postgres": "unpinned"},
            "client_processes": plan.procs,
            "parley_workers": args.workers,
            "stock_layer": args.stock_layer,
            "payload_bytes": 100,
            "open_files_limit": fd_limit,
            "logins": "Django sessions written to the bench database (bench/sessions.py)",
        },
        "plan": {**profile, "drain": plan.drain},
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "rows": [],
    }
    redis = stack.start_redis(logs, None)
    db_url = args.pg.rsplit("/", 1)[0] + f"/{args.db_name}"
    env = stack.Environment(
        database_url=db_url, redis_url=f"redis://127.0.0.1:{redis.port}/0", var_dir=run_dir / "var"
    )
    try:
        _log(f"database {args.db_name}: migrate and seed {people} members")
        members = Members(env)
        stack.recreate_database(args.pg, args.db_name)
        stack.manage(env, "migrate", "--noinput")
        members.ensure(people)
        for server in servers:
            result["rows"] += run_server(server, args, env, redis, members, plan, profile, skip, logs, result)
    finally:
        redis.stop()
        if not args.keep_db:
            stack.drop_database(args.pg, args.db_name)
    result["elapsed_seconds"] = round(time.time() - started)
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["summary"] = render.summary(result)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    render.chart(result, out / f"{name}.png")
    table = render.markdown(result, chart=f"../bench/results/{name}.png")
    if args.update_doc:
        render.update_doc(stack.ROOT / "docs" / "benchmarks.md", table)
    print(table)
    _log(f"wrote {out / name}.json and .png in {result['elapsed_seconds']} s; logs in {logs}")
    return 0


class Members:
    """The load room's members: seeded with `manage.py seed_demo --participants N`, logged in once."""

    def __init__(self, env: stack.Environment) -> None:
        self.env = env
        self.room: dict[str, Any] = {}
        self.cookies: list[str] = []

    def ensure(self, n: int) -> tuple[dict[str, Any], list[str]]:
        if n > len(self.cookies):
            seeded = json.loads(
                stack.manage(self.env, "seed_demo", "--json", "--force", "--participants", str(n))
            )
            self.room = next(r for r in seeded["rooms"] if r.get("load"))
            users = [u["username"] for u in seeded["users"] if u.get("load")]
            self.cookies += stack.session_cookies(self.env, users[len(self.cookies) :])
        return self.room, self.cookies


def run_server(
    server: str,
    args: argparse.Namespace,
    env: stack.Environment,
    redis: stack.Service,
    members: Members,
    plan: scenarios.Plan,
    profile: dict[str, Any],
    skip: set[str],
    logs: Path,
    result: dict[str, Any],
) -> list[dict[str, Any]]:
    port = stack.free_port()
    server_cpus = plan.client_cpus and [0]
    if server == "parley2":
        # Two processes on both cores: the kernel spreads the members' sockets over them and every
        # message crosses Redis to reach the other process's members.
        service = stack.start(
            "parley2", stack.uvicorn_argv("config.asgi:application", port, 2), env.env(), logs, port, None
        )
        path = members.room["ws_path"]
    elif server == "parley":
        argv = stack.uvicorn_argv("config.asgi:application", port, args.workers)
        if args.profile_server:
            # cProfile around uvicorn; it writes the profile when uvicorn exits on SIGINT.
            argv[1:3] = ["-m", "cProfile", "-o", str(logs / "parley.prof"), "-m", "uvicorn"]
        service = stack.start("parley", argv, env.env(), logs, port, server_cpus)
        path = members.room["ws_path"]
    elif server == "stock":
        child_env = {**env.env(), "STOCK_LAYER": args.stock_layer}
        child_env.pop("DJANGO_SETTINGS_MODULE")
        service = stack.start(
            "stock",
            stack.uvicorn_argv("bench.stock_app:application", port),
            child_env,
            logs,
            port,
            server_cpus,
        )
        path = "/ws/room/"
    else:
        argv = [stack.PYTHON, "-m", "bench.bare_ws", "--port", str(port)]
        service = stack.start("bare", argv, env.env(), logs, port, server_cpus)
        path = "/"
    groups = {"server": service.pids, "redis": redis.pids}
    if server in ("parley", "parley2"):
        groups["postgres"] = stack.postgres_pids
    target = scenarios.Target(server, service, path, groups)
    rows: list[dict[str, Any]] = []
    try:
        if "clients" not in skip and server != "parley2":
            rows += scenarios.client_sweep(target, plan, members.cookies)
        if "rate" not in skip:
            rows += scenarios.rate_sweep(target, plan, members.cookies)
        if server == "parley" and "storm" not in skip:
            result["storm"] = scenarios.connect_storm(target, plan, members.cookies, profile["storm"], 500.0)
        if server == "parley" and "idle" not in skip:
            _, cookies = members.ensure(profile["idle"])
            result["idle"] = scenarios.idle_room(target, plan, cookies, profile["idle"], profile["idle_hold"])
    finally:
        service.stop()
    return rows


if __name__ == "__main__":
    sys.exit(main())

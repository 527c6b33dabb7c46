"""The services a benchmark run starts and stops: Redis, the bench database, and the three servers.

PostgreSQL is the machine's own (127.0.0.1:5432, trust auth, user postgres); the harness creates a
database of its own in it, migrates it and seeds it with `manage.py seed_demo --participants N`. Redis is
a private `redis-server` on a spare port, so the shared one on 6379 is never disturbed. Logins: the
harness writes Django sessions for the load users straight into the bench database (the same rows
`/accounts/login/` would create), because logging 5,000 people in over HTTP would mostly measure Argon2.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, timeout: float, proc: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout:.0f} s")


def raise_fd_limit() -> int:
    """Lift the soft limit on open files to the hard one (children inherit it); returns the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@dataclass
class Service:
    """A process the harness started, with its log file."""

    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def pids(self) -> list[int]:
        try:
            parent = psutil.Process(self.proc.pid)
            return [parent.pid, *(c.pid for c in parent.children(recursive=True))]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start(
    name: str, argv: list[str], env: dict[str, str], logs: Path, port: int, cpus: list[int] | None
) -> Service:
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("ab") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if cpus:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(proc.pid, cpus)
    service = Service(name, proc, port, log)
    try:
        wait_port(port, 60, proc)
    except RuntimeError as exc:
        service.stop()
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{name}: {exc}\n--- {log} ---\n{tail}") from None
    return service


# --- CPU accounting ------------------------------------------------------------------------------------


def cpu_by_pid(pids: list[int]) -> dict[int, float]:
    found = {}
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            t = psutil.Process(pid).cpu_times()
            found[pid] = t.user + t.system
    return found


def cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_by_pid(pids).values())


def machine_busy_seconds() -> float:
    t = psutil.cpu_times()
    return float(t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0))


def postgres_pids() -> list[int]:
    found = []
    for p in psutil.process_iter(["name"]):
        if (p.info.get("name") or "").startswith("postgres"):
            found.append(p.pid)
    return found


@dataclass
class CpuMeter:
    """CPU time used by groups of processes between `start()` and `stop()`, as % of one core.

    Each group is a function listing its processes, asked again at `start()`: PostgreSQL forks a
    backend per pooled connection and uvicorn may have worker children.
    """

    groups: dict[str, Callable[[], list[int]]]
    _t0: float = 0.0
    _pids: dict[str, list[int]] = field(default_factory=dict)
    _c0: dict[str, dict[int, float]] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)  # CPU seconds per group, after stop()
    _busy0: float = 0.0

    def start(self) -> None:
        self._pids = {g: find() for g, find in self.groups.items()}
        self._t0 = time.monotonic()
        self._c0 = {g: cpu_by_pid(p) for g, p in self._pids.items()}
        self._busy0 = machine_busy_seconds()

    def stop(self) -> dict[str, float]:
        wall = max(1e-6, time.monotonic() - self._t0)
        self.used = {}
        for g, before in self._c0.items():
            # Only processes alive at both ends: a PostgreSQL backend may exit in between.
            after = cpu_by_pid(list(before))
            self.used[g] = sum(max(0.0, after[pid] - before[pid]) for pid in after)
        # Whatever else ran on the machine meanwhile (other people's tests share these two cores).
        self.used["others"] = max(0.0, machine_busy_seconds() - self._busy0 - sum(self.used.values()))
        return {g: round(100 * used / wall, 1) for g, used in self.used.items()}


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += psutil.Process(pid).memory_info().rss
    return round(total / 2**20, 1)


# --- Redis and PostgreSQL --------------------------------------------------------------------------------


def start_redis(logs: Path, cpus: list[int] | None) -> Service:
    if not shutil.which("redis-server"):
        raise RuntimeError("redis-server is not on PATH (apt-get install redis-server)")
    port = free_port()
    argv = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--maxclients",
        "20000",
        "--protected-mode",
        "yes",
    ]
    return start("redis", argv, dict(os.environ), logs, port, cpus)


def recreate_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Environment:
    """What every Parley process of the run shares: database, Redis, keys, settings."""

    database_url: str
    redis_url: str
    var_dir: Path
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))
    field_key: str = field(default_factory=lambda: Fernet.generate_key().decode())

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                "DJANGO_DEBUG": "false",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "SECRET_KEY": self.secret_key,
                "PARLEY_FIELD_KEYS": self.field_key,
                "PARLEY_VAR_DIR": str(self.var_dir),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CHANNEL_LAYER_PREFIX": "parley-bench",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env


def manage(environment: Environment, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    return done.stdout


def session_cookies(environment: Environment, usernames: list[str]) -> list[str]:
    """A logged-in Django session per user, written straight into the bench database."""
    script = (
        "import json, sys\n"
        "from bench.sessions import cookies_for\n"
        "print(json.dumps(cookies_for(json.load(sys.stdin))))\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup()\n{script}"],
        cwd=ROOT,
        env=environment.env(),
        input=json.dumps(usernames),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"creating sessions failed:\n{done.stderr[-4000:]}")
    cookies: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return cookies


@contextlib.contextmanager
def running(services: list[Service]) -> Iterator[list[Service]]:
    try:
        yield services
    finally:
        for s in reversed(services):
            s.stop()


def uvicorn_argv(app: str, port: int, workers: int = 1, extra: list[str] | None = None) -> list[str]:
    """The same flags as `make serve`, on a port of the harness's choosing."""
    return [
        PYTHON,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--proxy-headers",
        "--ws-max-size",
        "1048576",
        "--ws-per-message-deflate",
        "false",
        "--lifespan",
        "off",
        "--no-server-header",
        *(extra or []),
    ]


def describe_machine() -> dict[str, Any]:
    import platform

    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    versions: dict[str, str] = {}
    for mod in (
        "django",
        "channels",
        "channels_redis",
        "uvicorn",
        "websockets",
        "redis",
        "psycopg",
        "uvloop",
    ):
        with contextlib.suppress(Exception):
            versions[mod] = str(__import__(mod).__version__)
    for tool, argv in {
        "redis-server": ["redis-server", "--version"],
        "postgresql": ["psql", "--version"],
    }.items():
        with contextlib.suppress(Exception):
            versions[tool] = subprocess.run(argv, capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu_model": model or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": platform.platform(),
        "versions": versions,
    }

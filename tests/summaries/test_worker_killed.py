"""A worker killed mid-compile leads to exactly one completed draft (real Celery, Redis, PostgreSQL).

The test starts its own Redis on a spare port even when REDIS_URL is set: the workers run with a
visibility timeout of three seconds, and the broker's restore sweep would otherwise also requeue other
people's long tasks on a shared Redis.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

from dialogues.models import AgendaItem, Session
from summaries import services
from summaries.models import SummaryStatus, SummaryVersion
from tests.summaries.helpers import Cast, plenary, post_many

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
WAIT_SECONDS = 180  # a liveness limit for slow machines, not a performance assertion


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [
            *(shutil.which("redis-server") or "redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    _wait_for(lambda: _pings(client), "redis-server to start")
    yield url
    server.terminate()
    server.wait(timeout=10)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


def _wait_for(condition: Callable[[], bool], what: str, logs: Sequence[Path] = ()) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(
                f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in logs if p.exists()
            )
            pytest.fail(f"gave up waiting for {what}\n{tails}")
        time.sleep(0.2)


def _start_worker(name: str, broker_url: str, queue: str, log: Path, pause: float) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.summaries.worker_settings",
        "PARLEY_TEST_BROKER_URL": broker_url,
        "PARLEY_TEST_QUEUE": queue,
        "PARLEY_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PARLEY_SUMMARY_PAUSE_SECONDS": str(pause),
    }
    command = [CELERY, "-A", "config", "worker", "-P", "prefork", "-c", "1", "-Q", queue, "-n", f"{name}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    with log.open("wb") as out:
        # A session of its own, so killing the process group takes the pool child with it.
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def test_a_worker_killed_mid_compile_leaves_exactly_one_draft(
    broker: str,
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    north, south = people.by_party["Northvale"], people.by_party["Southmark"]
    speakers = north + south
    lines = [
        "Dam releases and water sharing quotas must be fixed before the dry season starts.",
        "Farmers downstream suffer when dam releases are cut during the dry season.",
        "Border crossings need longer opening hours and faster customs checks for traders.",
        "A joint commission on monitoring could publish river flow figures every month.",
    ]
    post_many(
        plenary(session),
        [(speakers[i % len(speakers)], lines[i % len(lines)], items[i % 2]) for i in range(400)],
    )
    queue = f"summary-kill-test-{uuid.uuid4().hex[:8]}"
    client = Celery("kill-test", broker=broker)
    monkeypatch.setattr(
        services,
        "_enqueue",
        lambda version_id: client.send_task("facilitation.compile_summary", args=[version_id], queue=queue),
    )
    version = services.summary_request(session_id=session.pk, requested_by_id=people.facilitator.pk)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    def state() -> SummaryVersion:
        return SummaryVersion.objects.get(pk=version.pk)

    first = _start_worker("first", broker, queue, logs[0], pause=600)
    try:
        _wait_for(
            lambda: state().status == SummaryStatus.COMPILING and state().progress >= 60, "the pause", logs
        )
        claimed = state()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    killed = state()
    assert killed.status == SummaryStatus.COMPILING and not killed.body  # it died mid-compile

    second = _start_worker("second", broker, queue, logs[1], pause=0)
    try:
        _wait_for(lambda: state().status == SummaryStatus.DRAFT, "the draft", logs)
        done = state()
        # The broker holds nothing more for this queue: the message was acked once the draft was written.
        messages = redis.Redis.from_url(broker)
        _wait_for(lambda: messages.llen(queue) == 0 and messages.hlen("unacked") == 0, "an empty queue", logs)
    finally:
        _stop(second)

    versions = list(SummaryVersion.objects.filter(session=session))
    assert len(versions) == 1
    assert versions[0].status == SummaryStatus.DRAFT
    assert versions[0].body == done.body and "Dam releases" in done.body
    # The same task (same id) was redelivered and re-claimed: no second task, no second version.
    assert done.task_id == claimed.task_id
    assert done.claimed_at is not None and claimed.claimed_at is not None
    assert done.claimed_at > claimed.claimed_at
    assert "succeeded" not in logs[0].read_text() and "'compiled'" in logs[1].read_text()

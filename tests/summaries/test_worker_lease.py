"""A compile whose whole worker died (kill -9 of its process group) comes back through its lease, not the
broker's hour-long visibility timeout, and exactly one draft results (real Celery with beat, Redis,
PostgreSQL). The lease and the reaper run at test speed: 3 s and every second."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from dialogues.models import AgendaItem, Session
from summaries import lease, services
from summaries.models import SummaryStatus, SummaryVersion
from tests.summaries.helpers import Cast, plenary, post_many
from tests.summaries.test_worker_killed import CELERY, ROOT, _stop, _wait_for, broker  # noqa: F401

LEASE = "3"


def _worker(
    name: str, broker_url: str, queue: str, log: Path, pause: float, beat: Path | None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.summaries.worker_settings",
        "PARLEY_TEST_BROKER_URL": broker_url,
        "PARLEY_TEST_QUEUE": queue,
        "PARLEY_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "PARLEY_SUMMARY_PAUSE_SECONDS": str(pause),
        "PARLEY_TEST_VISIBILITY": "3600",
        "PARLEY_TASK_LEASE_SECONDS": LEASE,
    }
    command = [CELERY, "-A", "config", "worker", "-P", "prefork", "-c", "1", "-Q", queue, "-n", f"{name}@%h"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
    if beat is not None:
        command += ["-B", "-s", str(beat)]
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_whole_worker_killed_mid_compile_is_found_by_its_lease(
    broker: str,  # noqa: F811
    session: Session,
    people: Cast,
    items: list[AgendaItem],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    speakers = people.by_party["Northvale"] + people.by_party["Southmark"]
    lines = [
        "Dam releases and water sharing quotas must be fixed before the dry season starts.",
        "Border crossings need longer opening hours and faster customs checks for traders.",
    ]
    post_many(
        plenary(session), [(speakers[i % len(speakers)], lines[i % 2], items[i % 2]) for i in range(200)]
    )
    queue = f"summary-lease-test-{uuid.uuid4().hex[:8]}"
    client = Celery("lease-test", broker=broker)
    monkeypatch.setattr(
        services,
        "_enqueue",
        lambda version_id: client.send_task("facilitation.compile_summary", args=[version_id], queue=queue),
    )
    version = services.summary_request(session_id=session.pk, requested_by_id=people.facilitator.pk)
    logs = [tmp_path / "worker-1.log", tmp_path / "worker-2.log"]

    def state() -> SummaryVersion:
        return SummaryVersion.objects.get(pk=version.pk)

    first = _worker("first", broker, queue, logs[0], pause=600, beat=None)
    try:
        _wait_for(
            lambda: state().status == SummaryStatus.COMPILING and state().progress >= 60, "the pause", logs
        )
        renewed = state().claimed_at
        time.sleep(float(LEASE))
        assert state().claimed_at != renewed, "a paused compile still renews its lease"
        os.killpg(first.pid, signal.SIGKILL)  # the worker, its pool child, everything
        first.wait(timeout=10)
        killed_at = time.monotonic()
    finally:
        _stop(first)
    assert state().status == SummaryStatus.COMPILING and not state().body

    second = _worker("second", broker, queue, logs[1], pause=0, beat=tmp_path / "beat-schedule")
    try:
        _wait_for(lambda: state().status == SummaryStatus.DRAFT, "the draft", logs)
        took = time.monotonic() - killed_at
    finally:
        _stop(second)

    versions = list(SummaryVersion.objects.filter(session=session))
    assert [v.status for v in versions] == [SummaryStatus.DRAFT], "exactly one draft, no second version"
    done = versions[0]
    assert done.task_id.startswith(lease.REQUEUED_PREFIX), "re-queued by the lease, not redelivered"
    assert "Dam releases" in done.body
    assert took < 120, f"found and compiled {took:.0f} s after the kill"
    # The dead worker's message is still unacknowledged in Redis (it would come back in an hour): when it
    # does, its claim fails and it writes nothing.
    assert redis.Redis.from_url(broker).hlen("unacked") >= 1


@pytest.mark.django_db
def test_compile_again_takes_over_an_expired_lease(session: Session, facilitator: User) -> None:
    stuck = SummaryVersion.objects.create(
        session=session,
        number=1,
        status=SummaryStatus.COMPILING,
        task_id="dead-worker",
        claimed_at=timezone.now() - timedelta(seconds=lease.lease_seconds() + 5),
        progress=49,
        progress_note="Redacting",
    )
    fresh = services.summary_request(session_id=session.pk, requested_by_id=facilitator.pk)
    assert fresh.pk != stuck.pk, "Compile again must not hand back the stuck version"
    stuck.refresh_from_db()
    assert stuck.status == SummaryStatus.FAILED


@pytest.mark.django_db
def test_a_compile_that_dies_twice_fails_with_a_reason(session: Session) -> None:
    old = timezone.now() - timedelta(seconds=lease.lease_seconds() + 5)
    twice = SummaryVersion.objects.create(
        session=session,
        number=1,
        status=SummaryStatus.COMPILING,
        task_id=f"{lease.REQUEUED_PREFIX}x",
        claimed_at=old,
    )
    alive = SummaryVersion.objects.create(
        session=session, number=2, status=SummaryStatus.COMPILING, task_id="alive", claimed_at=timezone.now()
    )
    assert lease.summary_reap_expired() == 1
    twice.refresh_from_db()
    alive.refresh_from_db()
    assert twice.status == SummaryStatus.FAILED and "stopped twice" in twice.error
    assert alive.status == SummaryStatus.COMPILING, "a live lease is left alone"

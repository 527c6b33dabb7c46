"""Leases for long work: a compile holds its version with a heartbeat, and a version whose worker died
(a pool child, or the whole worker with its process group) is found within two minutes and compiled again.

Why not only the broker: with `acks_late` a dead worker's message comes back only after the Redis
visibility timeout (an hour, so that long compiles are not run twice), and meanwhile the version would sit
at "compiling 49 %". The lease is `claimed_at`, renewed every `PARLEY_TASK_LEASE_SECONDS / 4` by a thread
of the run that holds it; `summary_reap_expired` (Celery beat, every 30 s) puts a version whose lease
expired back in the queue once under a new task id, and fails it with a clear reason the second time, so a
compile that kills its worker every time cannot loop. Exactly one draft still results: every run claims
the version with a compare-and-swap, and only the holder of the claim writes.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import SummaryStatus, SummaryVersion

log = logging.getLogger(__name__)

REQUEUED_PREFIX = "requeued-"
GAVE_UP = (
    "The worker compiling this summary stopped twice (it may have run out of memory). Compile again; "
    "if it stops again, tell an administrator."
)


def lease_seconds() -> float:
    return float(getattr(settings, "PARLEY_TASK_LEASE_SECONDS", 60))


def expired(version: SummaryVersion) -> bool:
    """Has the run compiling this version stopped renewing its lease?"""
    if version.status != SummaryStatus.COMPILING or version.claimed_at is None:
        return False
    return version.claimed_at < timezone.now() - timedelta(seconds=lease_seconds())


@contextmanager
def heartbeat(version_id: int, task_id: str) -> Iterator[None]:
    """Renew the run's lease until the block ends (a thread, so a long step without progress renews too)."""
    stop = threading.Event()
    mine = Q(pk=version_id, status=SummaryStatus.COMPILING, task_id=task_id)

    def beat() -> None:
        try:
            while not stop.wait(lease_seconds() / 4):
                if not SummaryVersion.objects.filter(mine).update(claimed_at=timezone.now()):
                    return  # taken over or finished: nothing to renew
        except Exception:  # a database blip: the next compile step notices, or the lease expires
            log.warning("summary v%s: lease renewal failed", version_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"lease-v{version_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def summary_reap_expired() -> int:
    """Re-queue (once) or fail each version whose compile lost its worker; returns how many were found."""
    from .services import _enqueue_as

    cutoff = timezone.now() - timedelta(seconds=lease_seconds())
    found = 0
    for version in SummaryVersion.objects.filter(status=SummaryStatus.COMPILING, claimed_at__lt=cutoff):
        with transaction.atomic():
            again = not version.task_id.startswith(REQUEUED_PREFIX)
            new_task = f"{REQUEUED_PREFIX}{uuid.uuid4()}"
            fields = (
                {
                    "status": SummaryStatus.QUEUED,
                    "task_id": new_task,
                    "progress": 0,
                    "progress_note": "The worker stopped; compiling again",
                }
                if again
                else {"status": SummaryStatus.FAILED, "error": GAVE_UP, "progress_note": "Failed"}
            )
            # Compare-and-swap on the old claim: a run that renewed meanwhile keeps its version.
            taken = SummaryVersion.objects.filter(
                pk=version.pk, status=SummaryStatus.COMPILING, task_id=version.task_id, claimed_at__lt=cutoff
            ).update(**fields)
            if taken:
                found += 1
                log.warning("summary v%s: lease expired; %s", version.pk, "re-queued" if again else "failed")
                if again:
                    transaction.on_commit(partial(_enqueue_as, version.pk, new_task))
    return found

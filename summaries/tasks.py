"""Celery tasks of the summaries app. Tasks take ids only and call a service.

`compile_summary(version_id)` compiles one queued summary version. The guarantees (see docs/summaries.md):
- it runs at least once: acks_late + reject_on_worker_lost, so a worker killed mid-compile leaves the
  message to be redelivered;
- it writes at most once: the service claims the version with a compare-and-swap UPDATE and writes the
  draft only while it still holds the claim, so a redelivery or a retry never makes a second draft;
- it retries only transient errors (a database or broker connection dropping, a deadlock), with
  exponential backoff and full jitter; anything else, or the last retry, marks the version failed.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError

from . import lease, retention, services

log = logging.getLogger(__name__)

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, BrokerError)
MAX_RETRIES = 5
BACKOFF_FACTOR = 2  # seconds: 2, 4, 8, 16, 32 before jitter
BACKOFF_MAX = 300


def _fail(version_id: int, task_id: str, exc: Exception) -> None:
    # The reason is shown to the facilitator: the exception's type only, never its text, which can
    # quote what was being processed.
    log.error("summary v%s failed: %s", version_id, type(exc).__name__)
    services.summary_fail(
        version_id=version_id,
        task_id=task_id,
        reason=f"The compile failed ({type(exc).__name__}). Compile again; if it fails again, tell an "
        "administrator.",
    )


# The registered name predates the summaries app; it is kept so messages already queued survive a deploy.
@shared_task(bind=True, name="facilitation.compile_summary", acks_late=True, reject_on_worker_lost=True)
def compile_summary(self: Task[[int], str], version_id: int) -> str:
    """Compile summary version `version_id`; returns "compiled", "skipped" or "superseded"."""
    task_id = str(self.request.id or "")
    try:
        return services.summary_compile(version_id=version_id, task_id=task_id)
    except TRANSIENT_ERRORS as exc:
        # An eager run that propagates errors (development without a broker) has nothing to retry
        # through: fail now, so the facilitator can compile again.
        eager_propagating = bool(self.request.is_eager and self.app.conf.task_eager_propagates)
        if self.request.retries >= MAX_RETRIES or eager_propagating:
            _fail(version_id, task_id, exc)
            raise
        countdown = get_exponential_backoff_interval(BACKOFF_FACTOR, self.request.retries, BACKOFF_MAX, True)
        log.warning("summary v%s: transient %s, retry in %ss", version_id, type(exc).__name__, countdown)
        raise self.retry(exc=exc, countdown=countdown, max_retries=MAX_RETRIES) from exc
    except Exception as exc:
        _fail(version_id, task_id, exc)
        raise


@shared_task(name="summaries.reap_expired")
def reap_expired() -> int:
    """Celery beat, every 30 s: compiles whose worker died are queued again or failed (summaries/lease.py)."""
    return lease.summary_reap_expired()


@shared_task(name="summaries.purge_expired", acks_late=True)
def purge_expired() -> int:
    """Celery beat, hourly: purge dialogues whose retention ran out (summaries/retention.py). Safe to run
    twice: each dialogue is claimed with a compare-and-swap, and a purged one is never claimed again."""
    return len(retention.purge_expired())

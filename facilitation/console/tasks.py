"""Celery tasks of the console. They take ids only and call a service; running one twice is harmless."""

from __future__ import annotations

from celery import shared_task

from .breakouts import breakouts_close_due


@shared_task(name="facilitation.console.breakout_close_when_due")
def breakout_close_when_due(room_id: int) -> int:
    """Scheduled for a timed breakout's closing time; a no-op if it is early, closed, or run twice.

    With the Redis broker an ETA further away than the visibility timeout can be delivered twice;
    the compare-and-swap in `breakouts_close_due` makes that harmless.
    """
    return len(breakouts_close_due(room_id=room_id))


@shared_task(name="facilitation.console.breakouts_close_due")
def breakouts_close_due_sweep() -> int:
    """The periodic sweep for Celery beat: closes every breakout whose time is up."""
    return len(breakouts_close_due())

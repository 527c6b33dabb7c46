"""Celery tasks of the single text: ids or nothing in, idempotent."""

from __future__ import annotations

from celery import shared_task

from .services import rounds_close_due


@shared_task(name="singletext.rounds_close_due")
def close_due_rounds() -> int:
    """Close rounds whose deadline has passed (every minute from beat); closing twice changes nothing."""
    return rounds_close_due()

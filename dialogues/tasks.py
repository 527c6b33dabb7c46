"""Celery tasks of the dialogues app. They take no content and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .revocation import revocations_prune


@shared_task(name="dialogues.prune_revocations")
def prune_revocations() -> int:
    """For beat: revocation rows older than a day have reached every process many times over."""
    return revocations_prune()

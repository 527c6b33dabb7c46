"""Shared parts of a dialogue's purge (summaries.retention runs it; docs/data-lifecycle.md).

Apps on the purge's own layer cannot be imported by it (single texts sit beside summaries), so they add
their step here at start-up (`AppConfig.ready`), as summaries adds its wording checks to
`dialogues.services`. A step gets the dialogue's id and the receipt's counts, and runs inside the purge's
transaction after the dialogue's data key is destroyed: it must delete with `count_and_delete`, never by
loading rows whose text can no longer be decrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

PURGE_STEPS: list[Callable[[int, dict[str, int]], None]] = []


def count_and_delete(counts: dict[str, int], kind: str, queryset: QuerySet[Any]) -> None:
    """Delete the rows by id with one DELETE, never loading one (its text is under a key that no longer
    exists), and count them under `kind`. Rows that point at these must be deleted first."""
    ids = list(queryset.values_list("pk", flat=True))
    if ids:
        queryset.model._base_manager.filter(pk__in=ids)._raw_delete(queryset.db)
    counts[kind] = counts.get(kind, 0) + len(ids)

"""Revoking a person's access closes their open room sockets, on every server process.

Callers (sign-out, password change or reset, "sign out everywhere", deactivation, role change) call
`user_revoked` inside their transaction; the eviction goes out on commit over the fan-out's control
channel, and every process closes that person's sockets. A socket whose notice is lost still reads
nothing new: room access is re-checked on every frame (`dialogues.access.access_room`).
"""

from __future__ import annotations

from django.db import transaction

from . import events


def user_revoked(*, user_id: int, reason: str) -> None:
    """Close all of the person's room sockets once the current transaction commits.

    `reason` is one of `dialogues.live.consumer.EVICT_REASONS` (the socket's last error frame says why).
    """
    transaction.on_commit(lambda: events.user_evict_everywhere(user_id=user_id, reason=reason))

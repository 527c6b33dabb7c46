"""Warnings a facilitator should see before a session (not refusals: they may be deliberate)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils import timezone

from .choices import SessionStatus
from .models import Session


def session_warnings(session: Session) -> list[str]:
    """A start in the past for a session not yet held; time boxes adding up to more than the session."""
    out: list[str] = []
    if session.status == SessionStatus.SCHEDULED and session.starts_at < timezone.now():
        out.append(
            "The start time is in the past. If the session is still to come, change its date; "
            "if it was held, start and end it from the room so its record is complete."
        )
    planned = session.agenda_items.filter(skipped=False).aggregate(total=Sum("timebox_minutes"))["total"] or 0
    if planned > session.duration_minutes:
        out.append(
            f"The agenda's time boxes add up to {planned} minutes, longer than the session's "
            f"{session.duration_minutes}: shorten some items or lengthen the session."
        )
    return out

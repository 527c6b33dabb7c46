"""Writes for dialogues, memberships and sessions. Views and commands call these; agenda writes are in
`dialogues.agenda`, breakout writes in `dialogues.breakouts`."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from core.errors import ParleyError

from . import events
from .choices import AttributionMode, DialogueStatus, Role, RoomKind, SessionStatus
from .live.identity import forget_cached, pseudonyms_ensure
from .models import Dialogue, Membership, Party, Room, Session


def _clean_party_names(names: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(raw.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def dialogue_create(
    *,
    creator: User,
    title: str,
    background: str = "",
    objectives: str = "",
    parties: Sequence[str] = (),
    status: str = DialogueStatus.PREPARING,
) -> Dialogue:
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            title=title.strip(),
            background=background,
            objectives=objectives,
            status=status,
            created_by=creator,
        )
        Party.objects.bulk_create([Party(dialogue=dialogue, name=n) for n in _clean_party_names(parties)])
        Membership.objects.create(dialogue=dialogue, user=creator, role=Role.FACILITATOR)
    return dialogue


def dialogue_update(
    *,
    dialogue: Dialogue,
    title: str,
    background: str,
    objectives: str,
    status: str,
    parties: Sequence[str],
) -> Dialogue:
    """Update fields; parties are added, and removed only when nobody is assigned to them."""
    wanted = _clean_party_names(parties)
    with transaction.atomic():
        dialogue.title = title.strip()
        dialogue.background = background
        dialogue.objectives = objectives
        dialogue.status = status
        dialogue.save()
        existing = {p.name.casefold(): p for p in dialogue.parties.all()}
        for name in wanted:
            if name.casefold() not in existing:
                Party.objects.create(dialogue=dialogue, name=name)
        keep = {n.casefold() for n in wanted}
        for key, party in existing.items():
            if key not in keep:
                if party.members.exists():
                    raise ParleyError(
                        "invalid",
                        f"The party “{party.name}” still has members; reassign them before removing it.",
                    )
                party.delete()
    return dialogue


def _check_timezone(tz: str) -> None:
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ParleyError("invalid", f"“{tz}” is not a known time zone.") from exc


def session_create(
    *,
    dialogue: Dialogue,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    timezone: str = "UTC",
    attribution_mode: str = AttributionMode.VEILED,
    participants_may_propose: bool = False,
) -> Session:
    _check_timezone(timezone)
    with transaction.atomic():
        session = Session.objects.create(
            dialogue=dialogue,
            title=title.strip(),
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
            attribution_mode=attribution_mode,
            participants_may_propose=participants_may_propose,
        )
        Room.objects.create(session=session, kind=RoomKind.PLENARY, title=session.title)
        pseudonyms_ensure(session.pk)
    return session


def membership_seat(*, membership: Membership) -> None:
    """Give a new member their seat (pseudonym) in every session of the dialogue not yet closed, so the
    facilitator's pseudonym roster is complete before anyone connects (pages only read it)."""
    open_sessions = Session.objects.filter(dialogue_id=membership.dialogue_id).exclude(
        status=SessionStatus.CLOSED
    )
    for session_id in open_sessions.values_list("pk", flat=True):
        pseudonyms_ensure(session_id)


def session_update(
    *,
    session: Session,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    timezone: str,
    attribution_mode: str,
    participants_may_propose: bool,
) -> Session:
    _check_timezone(timezone)
    if session.attribution_mode != attribution_mode and session.rooms.filter(last_seq__gt=0).exists():
        # Switching a room that already has a transcript would re-attribute what was said under
        # another promise of anonymity.
        raise ParleyError("invalid", "The attribution mode cannot change once the room has messages.")
    with transaction.atomic():
        session.title = title.strip()
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        session.attribution_mode = attribution_mode
        session.participants_may_propose = participants_may_propose
        session.save()
        Room.objects.filter(session=session, kind=RoomKind.PLENARY).update(title=session.title)
        # The cached identities carry the mode's labels (names or pseudonyms).
        transaction.on_commit(forget_cached)
    return session


def membership_remove(*, membership: Membership) -> None:
    """Remove a person from a dialogue: their sockets close at once; what they said stays."""
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        transaction.on_commit(
            lambda: events.user_evict(
                user_id=membership.user_id, dialogue_id=membership.dialogue_id, reason="removed"
            )
        )

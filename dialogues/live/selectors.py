"""Reads for live rooms: the state snapshots sent to clients. Who may enter is decided in
`dialogues.access` (the consumer checks on connect, the services on every action)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.db.models import F

from ..choices import RoomKind
from ..models import AgendaItem, Hand, Message, MessageRendering, Room, Sanction, Session
from .frames import (
    AgendaState,
    BreakoutState,
    FloorRow,
    Limits,
    QueueState,
    RoomInfo,
    RoomState,
)
from .identity import Identity, identities


def _ts(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def agenda_state(session: Session) -> AgendaState:
    items = list(AgendaItem.objects.filter(session=session).order_by("position", "id"))
    current = next((i for i in items if i.pk == session.current_item_id), None)
    return {
        "items": [
            {
                "id": i.pk,
                "title": i.title,
                "description": i.description,
                "timebox_minutes": i.timebox_minutes,
                "skipped": i.skipped,
            }
            for i in items
        ],
        "current": current.pk if current else None,
        "started_at": _ts(session.item_started_at) if current else None,
    }


def queue_state(room: Room, people: dict[int, Identity]) -> QueueState:
    hands = list(
        Hand.objects.filter(room=room).order_by("raised_at", "id").values_list("user_id", "raised_at")
    )
    floor: FloorRow | None = None
    if room.floor_user_id is not None and room.floor_user_id in people:
        floor = {
            **people[room.floor_user_id].frame(),
            "since": _ts(room.floor_since),
            "limit_seconds": room.floor_limit_seconds,
        }
    return {
        "hands": [{**people[u].frame(), "since": _ts(t)} for u, t in hands if u in people],
        "floor": floor,
    }


def breakouts_state(session: Session) -> list[BreakoutState]:
    rooms = Room.objects.filter(session=session, kind=RoomKind.BREAKOUT, is_open=True).prefetch_related(
        "members"
    )
    people = identities(session.pk)
    return [
        {
            "id": r.pk,
            "title": r.title,
            "closes_at": _ts(r.closes_at),
            "members": [people[m.pk].key for m in r.members.all() if m.pk in people],
        }
        for r in rooms
    ]


def muted_keys(session: Session, people: dict[int, Identity]) -> list[str]:
    ids = Sanction.objects.filter(session=session, kind=Sanction.Kind.MUTED).values_list("user_id", flat=True)
    return sorted(people[u].key for u in ids if u in people)


class SessionClock(TypedDict):
    started_at: str | None
    ends_at: str | None


def session_clock(session: Session) -> SessionClock:
    """The server's deadlines for the session clock; pages count down against the server's time."""
    started = session.started_at
    ends = started + timedelta(minutes=session.duration_minutes) if started else None
    return {"started_at": _ts(started), "ends_at": _ts(ends)}


def room_state(room: Room, present: Iterable[int]) -> RoomState:
    session = room.session
    present_ids = set(present)
    people = identities(session.pk, present_ids)
    clock = session_clock(session)
    return {
        "mode": session.attribution_mode,
        "on_record": room.on_record,
        "session_status": session.status,
        "session_started_at": clock["started_at"],
        "session_ends_at": clock["ends_at"],
        "agenda": agenda_state(session),
        "queue": queue_state(room, people),
        "presence": sorted((people[u].frame() for u in present_ids if u in people), key=lambda m: m["key"]),
        "muted": muted_keys(session, people),
        "breakouts": breakouts_state(session),
    }


def room_frame(room: Room) -> RoomInfo:
    return {
        "id": room.pk,
        "title": room.title,
        "kind": room.kind,
        "session": room.session_id,
        "parent": room.parent_id,
        "mode": room.session.attribution_mode,
    }


def limits() -> Limits:
    return {
        "max_chars": settings.PARLEY_MAX_MESSAGE_CHARS,
        "retract_seconds": settings.PARLEY_RETRACT_SECONDS,
        "max_frame_bytes": settings.PARLEY_MAX_FRAME_BYTES,
    }


@dataclass(frozen=True)
class Rendered:
    """A stored rendering with the seq of the message it renders, as replay sends it."""

    row: MessageRendering
    of: int

    @property
    def seq(self) -> int:
        return self.row.seq


def messages_after(
    room_id: int, after: int, upto: int | None = None, limit: int = 500
) -> Sequence[Message | Rendered]:
    """Stored, not removed messages and the renderings of those with after < seq (<= upto), in seq order.

    At most `limit` items: when that many come back, everything up to the last one's seq is in them (each
    list is cut at `limit` too, so neither can have skipped a seq below the merged list's last).
    """
    qs = Message.objects.filter(room_id=room_id, seq__gt=after, removed_at__isnull=True)
    renderings = MessageRendering.objects.filter(
        room_id=room_id, seq__gt=after, message__removed_at__isnull=True
    )
    if upto is not None:
        qs = qs.filter(seq__lte=upto)
        renderings = renderings.filter(seq__lte=upto)
    items: list[Message | Rendered] = list(qs.order_by("seq")[:limit])
    rows = renderings.annotate(of=F("message__seq")).order_by("seq")[:limit]
    if rows:  # usually none: one indexed query that finds nothing
        items = sorted([*items, *(Rendered(r, r.of) for r in rows)], key=lambda i: i.seq)[:limit]
    return items


def last_seq(room_id: int) -> int:
    return Room.objects.filter(pk=room_id).values_list("last_seq", flat=True).first() or 0

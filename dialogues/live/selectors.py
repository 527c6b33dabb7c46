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
    Member,
    PresencePageFrame,
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


def _named_in_room(room: Room) -> set[int]:
    """People the queue and the mute list can name: hands, the floor, the muted."""
    named = set(Hand.objects.filter(room=room).values_list("user_id", flat=True))
    named |= set(
        Sanction.objects.filter(session_id=room.session_id, kind=Sanction.Kind.MUTED).values_list(
            "user_id", flat=True
        )
    )
    if room.floor_user_id is not None:
        named.add(room.floor_user_id)
    return named


def _page(present_ids: set[int], page: int) -> list[int]:
    """A stable page of the people present (by account, which the page itself never shows)."""
    size = settings.PARLEY_PRESENCE_LIST
    return sorted(present_ids)[page * size : (page + 1) * size]


def _members(people: dict[int, Identity], ids: Iterable[int]) -> list[Member]:
    return sorted((people[u].frame() for u in ids if u in people), key=lambda m: m["key"])


def room_state(room: Room, present: Iterable[int]) -> RoomState:
    session = room.session
    present_ids = set(present)
    complete = len(present_ids) <= settings.PARLEY_PRESENCE_LIST
    listed = present_ids if complete else set(_page(present_ids, 0))
    # In a large room only the listed people and those the queue or mutes name are looked up, so a
    # welcome costs the same in a room of 5,000 as in one of 100.
    people = identities(session.pk, listed if complete else listed | (_named_in_room(room) & present_ids))
    clock = session_clock(session)
    return {
        "mode": session.attribution_mode,
        "on_record": room.on_record,
        "session_status": session.status,
        "session_started_at": clock["started_at"],
        "session_ends_at": clock["ends_at"],
        "agenda": agenda_state(session),
        "queue": queue_state(room, people),
        "presence": _members(people, listed),
        "present_count": len(present_ids),
        "presence_complete": complete,
        "muted": muted_keys(session, people),
        "breakouts": breakouts_state(session),
    }


def presence_page(room: Room, present: Iterable[int], page: int) -> PresencePageFrame:
    """One page of the people present, for a client of a large room that wants the list (`who`)."""
    present_ids = set(present)
    ids = _page(present_ids, page)
    size = settings.PARLEY_PRESENCE_LIST
    return {
        "type": "who",
        "page": page,
        "pages": max(1, -(-len(present_ids) // size)),
        "count": len(present_ids),
        "members": _members(identities(room.session_id, set(ids)), ids),
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
        "presence_list": settings.PARLEY_PRESENCE_LIST,
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

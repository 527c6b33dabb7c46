"""Every write that opens or closes a breakout room.

The live room (`breakout_open` / `breakout_close` frames), the facilitator's console (splits, and
timed breakouts closing themselves through its Celery tasks and the pages' `breakouts_due` nudge)
call these after their own access checks. Each function owns its transaction and announces the
session's breakouts with `events.breakouts_changed` in `transaction.on_commit`; members of a closed
breakout are then sent back to the plenary and their sockets close. A refusal is a
`ParleyError("invalid", …)` whose message is written for people.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ParleyError

from . import events
from .choices import ROOM_ROLES, RoomKind
from .models import Membership, Room, Session


def create(
    *, session: Session, parent: Room, title: str, members: Iterable[int], minutes: int | None = None
) -> Room:
    """Open a breakout of `parent` for these members (user ids), closing after `minutes` if given."""
    targets = set(members)
    allowed = set(
        Membership.objects.filter(
            dialogue_id=session.dialogue_id, user_id__in=targets, is_active=True, role__in=ROOM_ROLES
        ).values_list("user_id", flat=True)
    )
    if not targets or targets - allowed:
        raise ParleyError("invalid", gettext("Choose one or more current members for the breakout."))
    with transaction.atomic():
        room = Room.objects.create(
            session=session,
            kind=RoomKind.BREAKOUT,
            parent=parent,
            title=title.strip()[:200] or "Breakout",
            closes_at=timezone.now() + timedelta(minutes=minutes) if minutes else None,
        )
        room.members.set(targets)
        transaction.on_commit(lambda: events.breakouts_changed(session))
    return room


def close(rooms: QuerySet[Room], *, now: datetime | None = None, announce: Iterable[int] = ()) -> list[int]:
    """Close the open breakouts among `rooms`; returns the ids this call closed.

    The one place breakouts close. A compare-and-swap on `is_open` makes it safe to run any number of
    times, concurrently: each breakout is closed, and its members sent back, by exactly one caller.
    Every session that lost a breakout (and each session id in `announce`) hears `breakouts` on commit.
    """
    now = now or timezone.now()
    closed: dict[int, list[int]] = {session_id: [] for session_id in announce}
    with transaction.atomic():
        open_breakouts = rooms.filter(kind=RoomKind.BREAKOUT, is_open=True).select_for_update()
        for pk, session_id in open_breakouts.values_list("pk", "session_id"):
            if Room.objects.filter(pk=pk, is_open=True).update(is_open=False, closed_at=now):
                closed.setdefault(session_id, []).append(pk)
        for session_id, pks in closed.items():
            transaction.on_commit(
                lambda session_id=session_id, pks=pks: events.breakouts_changed(  # type: ignore[misc]
                    Session.objects.get(pk=session_id), closed=pks
                )
            )
    return [pk for pks in closed.values() for pk in pks]


def close_in_session(*, session: Session, breakout_id: int | None = None) -> list[int]:
    """Close one open breakout of the session, or all of them ("return to plenary")."""
    rooms = Room.objects.filter(session=session)
    if breakout_id is not None:
        rooms = rooms.filter(pk=breakout_id)
    with transaction.atomic():
        closed = close(rooms, announce=[session.pk])
        if breakout_id is not None and not closed:
            raise ParleyError("invalid", gettext("That breakout room is not open."))
    return closed


def close_due(
    *, session_id: int | None = None, room_id: int | None = None, now: datetime | None = None
) -> list[int]:
    """Close every open breakout whose time is up (optionally of one session or one room).

    Returns the ids this call closed; safe to run any number of times, concurrently (see `close`).
    """
    now = now or timezone.now()
    rooms = Room.objects.filter(closes_at__lte=now)
    if session_id is not None:
        rooms = rooms.filter(session_id=session_id)
    if room_id is not None:
        rooms = rooms.filter(pk=room_id)
    return close(rooms, now=now)

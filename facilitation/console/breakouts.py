"""Splitting the plenary into breakouts (at random or by party mix), and closing timed breakouts.

The rooms themselves are opened and closed by `dialogues.breakouts`, the one owner of breakout writes;
this module plans a split and schedules the closing. A timed breakout closes itself when its time is
up through `breakouts_close_due` (`dialogues.breakouts.close_due`), which is idempotent (a
compare-and-swap on `is_open`) and has three callers: a Celery task scheduled for the closing time, a
periodic sweep (`facilitation.console.breakouts_close_due` on Celery beat), and the room pages, which
send `breakouts_due` when their countdown reaches zero. The server's clock
decides, so nobody can close a breakout early that way; the pages are what make it work with the
embedded default, where eager Celery runs a task at once and ignores its countdown.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues import breakouts
from dialogues.access import access_room
from dialogues.choices import Role, RoomKind
from dialogues.models import Membership, Room, Sanction

log = logging.getLogger(__name__)

SPLIT_MODES = ("random", "party")
MAX_ROOMS = 50


def plan_split(
    members: Sequence[tuple[int, str | None]], rooms: int, mode: str, rng: random.Random
) -> list[list[int]]:
    """Deal (user id, party) pairs into `rooms` groups whose sizes differ by at most one.

    "random" shuffles everyone. "party" lays the parties end to end (largest first, each shuffled)
    and deals them round-robin: a run of L people dealt over R rooms puts floor(L/R) or ceil(L/R)
    of them in every room, so each party is spread as evenly as it can be and every room gets
    members of different parties wherever there are enough of them.
    """
    if rooms < 1:
        raise ValueError("rooms must be at least 1")
    if mode == "random":
        order = [user for user, _ in members]
        rng.shuffle(order)
    elif mode == "party":
        by_party: defaultdict[str, list[int]] = defaultdict(list)
        for user, party in members:
            by_party[party or ""].append(user)
        for people in by_party.values():
            people.sort()
            rng.shuffle(people)
        order = [
            u for _, people in sorted(by_party.items(), key=lambda kv: (-len(kv[1]), kv[0])) for u in people
        ]
    else:
        raise ValueError(f"unknown split mode {mode!r}")
    groups: list[list[int]] = [[] for _ in range(rooms)]
    for index, user in enumerate(order):
        groups[index % rooms].append(user)
    return groups


def breakout_split(
    *,
    user_id: int,
    room_id: int,
    rooms: int,
    mode: str,
    present: Iterable[int],
    minutes: int | None = None,
    title: str = "",
    rng: random.Random | None = None,
) -> list[Room]:
    """Send the participants present in the plenary (and in no open breakout) into `rooms` breakouts.

    All rooms open in one transaction, each through `dialogues.breakouts.create` like a breakout opened
    by hand, so members, timing and announcements work exactly the same.
    """
    access = access_room(user_id, room_id, facilitator=True)
    if access.room.kind != RoomKind.PLENARY:
        raise ParleyError("invalid", gettext("Breakouts are opened from the plenary room."))
    if mode not in SPLIT_MODES:
        raise ParleyError("invalid", gettext("`mode` must be random or party."))
    session = access.session
    busy = Room.objects.filter(session=session, kind=RoomKind.BREAKOUT, is_open=True).values_list(
        "members", flat=True
    )
    removed = Sanction.objects.filter(session=session, kind=Sanction.Kind.REMOVED).values_list(
        "user_id", flat=True
    )
    candidates = list(
        Membership.objects.filter(
            dialogue_id=session.dialogue_id, is_active=True, role=Role.PARTICIPANT, user_id__in=set(present)
        )
        .exclude(user_id__in=busy)
        .exclude(user_id__in=removed)
        .order_by("user_id")
        .values_list("user_id", "party__name")
    )
    if len(candidates) < 2 * rooms:
        raise ParleyError(
            "invalid",
            gettext(
                "%(len)s participant(s) are here and in no breakout: too few for %(rooms)s "
                "room(s) of at least two. Choose fewer rooms."
            )
            % {"len": len(candidates), "rooms": rooms},
        )
    groups = plan_split(candidates, rooms, mode, rng or random.SystemRandom())
    base = " ".join(title.split())[:190] or "Breakout"
    with transaction.atomic():
        opened = [
            breakouts.create(
                session=session, parent=access.room, title=f"{base} {number}", members=group, minutes=minutes
            )
            for number, group in enumerate(groups, start=1)
        ]
        for room in opened:
            if room.closes_at is not None:
                closes_at = room.closes_at
                transaction.on_commit(lambda pk=room.pk, at=closes_at: schedule_close(pk, at))  # type: ignore[misc]
    return opened


def schedule_close(room_id: int, closes_at: datetime) -> None:
    """Ask Celery to close the breakout at its time. Best effort: the sweep and the pages back it up."""
    from .tasks import breakout_close_when_due

    try:
        breakout_close_when_due.apply_async(args=(room_id,), eta=closes_at)
    except Exception:  # a broker outage must not fail the split; the other two callers remain
        log.warning("could not schedule the closing of breakout %s", room_id, exc_info=True)


# The console's name for closing due breakouts (its Celery tasks and the pages' `breakouts_due` nudge).
breakouts_close_due = breakouts.close_due

"""Splitting the plenary into breakouts, and timed breakouts closing themselves."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from dialogues.models import Membership, Room, Session
from facilitation.console import breakouts
from facilitation.console.breakouts import breakouts_close_due, plan_split
from facilitation.console.tasks import breakout_close_when_due, breakouts_close_due_sweep
from tests.console.helpers import done_for, latest
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)

members_and_rooms = st.integers(1, 8).flatmap(
    lambda rooms: st.tuples(
        st.just(rooms),
        st.lists(st.sampled_from(["North", "South", "East", None]), min_size=rooms, max_size=60),
        st.sampled_from(["random", "party"]),
        st.integers(0, 2**32),
    )
)


@pytest.mark.django_db(transaction=False)
@given(members_and_rooms)
def test_every_plan_places_everyone_once_in_even_rooms(case: tuple[int, list[str | None], str, int]) -> None:
    rooms, parties, mode, seed = case
    members = list(enumerate(parties))
    groups = plan_split(members, rooms, mode, random.Random(seed))
    assert sorted(u for g in groups for u in g) == list(range(len(members)))
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1
    if mode == "party":
        # Each party is spread as evenly as it can be: per room, its counts differ by at most one.
        party_of = dict(members)
        for party in set(parties):
            counts = [sum(1 for u in g if party_of[u] == party) for g in groups]
            assert max(counts) - min(counts) <= 1, (party, groups)


def test_a_party_split_mixes_parties_in_every_room() -> None:
    members = [(i, "North") for i in range(6)] + [(10 + i, "South") for i in range(6)]
    groups = plan_split(members, 3, "party", random.Random(1))
    for group in groups:
        assert Counter("North" if u < 10 else "South" for u in group) == {"North": 2, "South": 2}


@sync_to_async
def _rooms_with_parties() -> list[tuple[Room, list[str]]]:
    out = []
    for room in Room.objects.filter(kind="breakout").order_by("id"):
        users = list(room.members.values_list("pk", flat=True))
        parties = list(Membership.objects.filter(user_id__in=users).values_list("party__name", flat=True))
        out.append((room, sorted(parties)))
    return out


async def test_split_by_party_mix_opens_timed_rooms_for_the_participants_present(
    monkeypatch: pytest.MonkeyPatch,
    facilitator: User,
    participant: User,
    participant2: User,
    observer: User,
    crowd: list[User],
    room: Room,
) -> None:
    scheduled = []
    monkeypatch.setattr(breakouts, "schedule_close", lambda pk, at: scheduled.append((pk, at)))
    f = await join(facilitator, room.pk)
    o = await join(observer, room.pk)
    present = [await join(u, room.pk) for u in (participant, participant2, crowd[0], crowd[1])]
    await f.send(type="breakout_split", rooms=2, mode="party", minutes=20, title="Water data")
    done = await done_for(f, "breakout_split")
    assert len(done["rooms"]) == 2
    opened = await _rooms_with_parties()
    assert [r.title for r, _ in opened] == ["Water data 1", "Water data 2"]
    for r, parties in opened:
        assert parties == ["Northvale", "Southmark"]
        assert r.closes_at is not None and r.is_open
    assert sorted(pk for pk, _ in scheduled) == sorted(done["rooms"])
    listed = (await latest(present[0], "breakouts", lambda fr: len(fr["breakouts"]) == 2))["breakouts"]
    keys = {k for b in listed for k in b["members"]}
    assert keys == {c.welcome["you"]["key"] for c in present}  # not the observer, not the facilitator
    # Everyone present is now in a breakout: a second split has nobody left to share out.
    await f.send(type="breakout_split", rooms=1, mode="random")
    error = await f.until("error")
    assert error["code"] == "invalid" and "too few" in error["message"]
    for c in (f, o, *present):
        await c.close()


async def test_split_refuses_rooms_of_one_and_works_only_from_the_plenary(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    await f.send(type="breakout_split", rooms=2, mode="random")
    assert "too few" in (await f.until("error"))["message"]
    await f.send(type="breakout_split", rooms=1, mode="sideways")
    assert (await f.until("error"))["code"] == "invalid"
    await f.send(type="breakout_split", rooms=1, mode="random")
    done = await done_for(f, "breakout_split")
    inside = await join(facilitator, done["rooms"][0])
    await inside.send(type="breakout_split", rooms=1, mode="random")
    assert "from the plenary" in (await inside.until("error"))["message"]
    for c in (f, a, b, inside):
        await c.close()


@sync_to_async
def _expire(room_id: int, seconds_ago: int = 1) -> None:
    Room.objects.filter(pk=room_id).update(closes_at=timezone.now() - timedelta(seconds=seconds_ago))


async def test_a_timed_breakout_closes_when_its_time_is_up_and_only_then(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    key = a.welcome["you"]["key"]
    await f.send(type="breakout_open", title="Quick", members=[key], minutes=5)
    breakout = (await done_for(f, "breakout_open"))["room"]
    inside = await join(participant, breakout)
    # Anyone's page may nudge, but the server's clock decides: nothing closes early.
    await b.send(type="breakouts_due")
    assert (await done_for(b, "breakouts_due"))["closed"] == []
    assert await sync_to_async(Room.objects.filter(pk=breakout, is_open=True).exists)()

    await _expire(breakout)
    await inside.send(type="breakouts_due")
    closed = await inside.until("room_closed")
    assert closed["return_to"] == room.pk
    assert await inside.closed() == 4410
    gone = await latest(f, "breakouts", lambda fr: fr["breakouts"] == [])
    assert gone["breakouts"] == []
    # Idempotent: the next nudge, the task and the sweep find nothing to do.
    await b.send(type="breakouts_due")
    assert (await done_for(b, "breakouts_due"))["closed"] == []
    assert (await sync_to_async(breakout_close_when_due.apply)(args=(breakout,))).get() == 0
    for c in (f, a, b):
        await c.close()


def test_the_celery_task_and_the_sweep_close_due_breakouts_once(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    from dialogues.live import services as live
    from dialogues.live.identity import identities

    key = identities(session.pk, {participant.pk})[participant.pk].key
    first = live.breakout_open(user_id=facilitator.pk, room_id=room.pk, title="A", members=[key], minutes=5)
    second = live.breakout_open(user_id=facilitator.pk, room_id=room.pk, title="B", members=[key], minutes=5)
    untimed = live.breakout_open(user_id=facilitator.pk, room_id=room.pk, title="C", members=[key])
    # Run at the scheduled time (eager Celery ignores ETAs, so the task is called as the worker would).
    assert breakout_close_when_due.apply(args=(first.pk,)).get() == 0  # early: nothing happens
    Room.objects.filter(pk__in=[first.pk, second.pk]).update(closes_at=timezone.now() - timedelta(seconds=5))
    assert breakout_close_when_due.apply(args=(first.pk,)).get() == 1
    assert breakout_close_when_due.apply(args=(first.pk,)).get() == 0
    assert breakouts_close_due_sweep.apply().get() == 1  # the second one
    assert breakouts_close_due() == []
    assert list(Room.objects.filter(kind="breakout", is_open=True).values_list("pk", flat=True)) == [
        untimed.pk
    ]


def test_scheduling_runs_the_task_without_closing_early(
    facilitator: User, participant: User, participant2: User, room: Room, session: Session
) -> None:
    """Eager Celery (the embedded default) runs a scheduled task at once: it must be a no-op then."""
    from dialogues.live.identity import identities

    identities(session.pk, {participant.pk, participant2.pk})
    opened = breakouts.breakout_split(
        user_id=facilitator.pk,
        room_id=room.pk,
        rooms=1,
        mode="random",
        present={participant.pk, participant2.pk},
        minutes=10,
    )
    assert Room.objects.get(pk=opened[0].pk).is_open

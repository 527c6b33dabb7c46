"""Statement voting: anonymous, changeable, live, k-safe; closed statements refuse votes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from pytest_django import Settings

from core.crypto import data_key_destroy, dialogue_scope
from dialogues.models import Room, Session
from facilitation.console.selectors import voter_hash
from facilitation.models import Statement, Vote
from tests.console.helpers import done_for, latest
from tests.factories import SessionFactory
from tests.rooms.helpers import Client, join

pytestmark = pytest.mark.django_db(transaction=True)


async def _propose(f: Client, text: str) -> int:
    await f.send(type="statement_propose", text=text)
    statement_id: int = (await done_for(f, "statement_propose"))["id"]
    return statement_id


def _row(frame: dict[str, Any], statement_id: int) -> dict[str, Any]:
    return next(s for s in frame["statements"] if s["id"] == statement_id)


async def test_votes_change_not_add_and_the_split_shows_from_k_voters(
    settings: Settings,
    facilitator: User,
    participant: User,
    participant2: User,
    crowd: list[User],
    room: Room,
) -> None:
    settings.PARLEY_K_ANONYMITY = 3
    f = await join(facilitator, room.pk)
    voters = [await join(u, room.pk) for u in (participant, participant2, crowd[0])]
    sid = await _propose(f, "Both sides should publish river flow data.")

    await voters[0].send(type="vote", statement=sid, value=1)
    assert (await voters[0].until("my_votes"))["votes"] == {str(sid): 1}
    await voters[1].send(type="vote", statement=sid, value=-1)
    two = await latest(f, "statements", lambda fr: _row(fr, sid)["votes"] == 2)
    assert _row(two, sid)["results"] is None  # two voters: the split would name them
    assert two["k_min"] == 3

    await voters[2].send(type="vote", statement=sid, value=0)
    three = await latest(f, "statements", lambda fr: _row(fr, sid)["votes"] == 3)
    assert _row(three, sid)["results"] == {"agree": 1, "disagree": 1, "pass": 1}

    # Voting again changes the vote: still three votes, one row per person.
    assert (await voters[1].until("my_votes"))["votes"] == {str(sid): -1}
    await voters[1].send(type="vote", statement=sid, value=1)
    assert (await voters[1].until("my_votes"))["votes"] == {str(sid): 1}
    changed = await latest(f, "statements", lambda fr: _row(fr, sid)["results"]["agree"] == 2)
    assert _row(changed, sid)["votes"] == 3
    assert _row(changed, sid)["results"] == {"agree": 2, "disagree": 0, "pass": 1}
    assert await sync_to_async(Vote.objects.count)() == 3
    for c in (f, *voters):
        await c.close()


async def test_a_closed_statement_refuses_votes_and_keeps_its_results(
    facilitator: User, participant: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    sid = await _propose(f, "A joint commission should meet monthly.")
    await p.send(type="vote", statement=sid, value=1)
    await p.until("my_votes")
    await f.send(type="statement_close", id=sid)
    closed = await latest(p, "statements", lambda fr: _row(fr, sid)["status"] == "closed")
    assert _row(closed, sid)["votes"] == 1
    await p.send(type="vote", statement=sid, value=-1, ref="late")
    error = await p.until("error")
    assert error["code"] == "invalid" and error["ref"] == "late"
    assert "closed" in error["message"] and "not recorded" in error["message"]
    assert await sync_to_async(lambda: list(Vote.objects.values_list("value", flat=True)))() == [1]
    await f.send(type="statement_close", id=sid)
    assert "already closed" in (await f.until("error"))["message"]
    for c in (f, p):
        await c.close()


async def test_bad_votes_are_refused(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    from tests.factories import SessionFactory

    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    sid = await _propose(f, "We should meet again in spring.")
    await p.send(type="vote", statement=sid, value=2)
    assert (await p.until("error"))["code"] == "invalid"
    other = await sync_to_async(SessionFactory)(dialogue=session.dialogue)
    foreign = await sync_to_async(Statement.objects.create)(session=other, text="elsewhere")
    await p.send(type="vote", statement=foreign.pk, value=1)
    assert "no such statement" in (await p.until("error"))["message"]
    assert await sync_to_async(Vote.objects.count)() == 0
    for c in (f, p):
        await c.close()


async def test_no_frame_tells_anyone_how_a_person_voted(
    settings: Settings,
    facilitator: User,
    participant: User,
    participant2: User,
    observer: User,
    crowd: list[User],
    room: Room,
    session: Session,
) -> None:
    settings.PARLEY_K_ANONYMITY = 3
    people = [participant, participant2, *crowd[:2]]
    f = await join(facilitator, room.pk)
    o = await join(observer, room.pk)
    voters = [await join(u, room.pk) for u in people]
    sid = await _propose(f, "Fishing quotas should be set jointly.")
    for client, value in zip(voters, [1, -1, 0, 1], strict=True):
        await client.send(type="vote", statement=sid, value=value)
        await client.until("my_votes")
    await latest(o, "statements", lambda fr: _row(fr, sid)["votes"] == 4)
    for client in (f, o, *voters):
        await client.send(type="outcomes")
    frames = {}
    for name, client in [("f", f), ("o", o)] + [(f"v{i}", c) for i, c in enumerate(voters)]:
        await client.drain()
        frames[name] = client.frames

    hashes = await sync_to_async(lambda: {voter_hash(session.pk, u.pk) for u in people})()
    assert set(await sync_to_async(lambda: list(Vote.objects.values_list("voter", flat=True)))()) == hashes
    for name, received in frames.items():
        text = json.dumps(received)
        assert not any(h in text for h in hashes), name
        assert "voter" not in text and "proposed_by" not in text, name
        for frame in received:
            if frame["type"] == "statements":
                for row in frame["statements"]:
                    assert set(row) == {"id", "number", "text", "status", "agenda_item", "votes", "results"}
    # Own votes go to the voter's own socket only: the facilitator and the observer never get any.
    assert not [fr for fr in frames["f"] + frames["o"] if fr["type"] == "my_votes"]
    for i, value in enumerate([1, -1, 0, 1]):
        mine = [fr["votes"] for fr in frames[f"v{i}"] if fr["type"] == "my_votes"]
        assert mine and all(v == {str(sid): value} for v in mine)
    for c in (f, o, *voters):
        await c.close()


def test_the_stored_voter_is_a_keyed_hash_per_session(session: Session, participant: User) -> None:
    later = SessionFactory.create(dialogue=session.dialogue)
    one, two = voter_hash(session.pk, participant.pk), voter_hash(later.pk, participant.pk)
    assert one != two and len(one) == 64
    assert str(participant.pk) != one and participant.username not in one
    assert voter_hash(session.pk, participant.pk) == one  # stable, so a second vote replaces the first
    # Keyed by the dialogue's data key, not the application's secret: once the purge destroys the key,
    # nobody can compute the hash a copied vote was stored under.
    assert data_key_destroy(dialogue_scope(session.dialogue_id))
    assert voter_hash(session.pk, participant.pk) != one


async def test_removing_a_statement_removes_its_votes(
    facilitator: User, participant: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    sid = await _propose(f, "Identifying statement that must go.")
    await p.send(type="vote", statement=sid, value=1)
    await p.until("my_votes")
    await f.send(type="statement_remove", id=sid)
    gone = await latest(p, "statements", lambda fr: not fr["statements"])
    assert gone["statements"] == []
    assert await sync_to_async(Vote.objects.count)() == 0
    for c in (f, p):
        await c.close()

"""Console actions are the facilitator's: participants and observers get `forbidden`; nothing changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User

from dialogues.models import AgendaItem, Room, Session
from facilitation.models import CapturedItem, Statement, Vote
from tests.console.helpers import until_all
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)

FACILITATOR_FRAMES = [
    {"type": "agenda_reorder", "items": [2, 1]},
    {"type": "balance"},
    {"type": "capture", "kind": "proposal", "text": "A joint data commission"},
    {"type": "capture", "kind": "key_point", "seq": 1},
    {"type": "capture_edit", "id": 1, "text": "changed"},
    {"type": "capture_remove", "id": 1},
    {"type": "statement_propose", "text": "Shared data builds trust."},
    {"type": "statement_close", "id": 1},
    {"type": "statement_remove", "id": 1},
    {"type": "breakout_split", "rooms": 1, "mode": "random"},
]


@sync_to_async
def _seed(session: Session, facilitator: User) -> None:
    CapturedItem.objects.create(
        session=session, kind="key_point", text="kept as it is", created_by=facilitator
    )
    Statement.objects.create(session=session, text="A statement")


@sync_to_async
def _snapshot(
    session: Session,
) -> tuple[list[str], list[tuple[str, datetime | None]], list[tuple[str, str]], int]:
    return (
        list(AgendaItem.objects.filter(session=session).order_by("position").values_list("title", flat=True)),
        list(CapturedItem.objects.values_list("text", "removed_at")),
        list(Statement.objects.values_list("text", "status")),
        Room.objects.filter(kind="breakout").count(),
    )


@pytest.mark.parametrize(
    "frame", FACILITATOR_FRAMES, ids=lambda f: f["type"] + ("-promote" if "seq" in f else "")
)
@pytest.mark.parametrize("who", ["participant", "observer"])
async def test_only_the_facilitator_may(
    request: pytest.FixtureRequest,
    facilitator: User,
    participant: User,
    participant2: User,
    observer: User,
    room: Room,
    session: Session,
    frame: dict[str, Any],
    who: str,
) -> None:
    await _seed(session, facilitator)
    before = await _snapshot(session)
    other = await join(participant2, room.pk)
    client = await join(request.getfixturevalue(who), room.pk)
    await other.say("something worth capturing")
    await client.send(**frame, ref="r1")
    error = await client.until("error")
    assert error["code"] == "forbidden" and error["ref"] == "r1"
    assert await _snapshot(session) == before
    # The connection stays open and usable.
    await client.send(type="ping", ref="p")
    await client.until("pong")
    await client.close()
    await other.close()


async def test_observers_see_statements_but_cannot_vote_or_propose(
    facilitator: User, observer: User, room: Room, session: Session
) -> None:
    await _seed(session, facilitator)
    statement = await sync_to_async(Statement.objects.get)()
    o = await join(observer, room.pk)
    await o.send(type="outcomes")
    listed = await o.until("statements")
    assert [s["text"] for s in listed["statements"]] == ["A statement"]
    await o.send(type="vote", statement=statement.pk, value=1, ref="v")
    error = await o.until("error")
    assert error["code"] == "forbidden" and "Observers" in error["message"]
    await o.send(type="statement_propose", text="Observers have views too", ref="p")
    assert (await o.until("error"))["code"] == "forbidden"
    assert await sync_to_async(Vote.objects.count)() == 0
    assert await sync_to_async(Statement.objects.count)() == 1
    await o.close()


async def test_facilitators_stay_neutral_and_do_not_vote(
    facilitator: User, room: Room, session: Session
) -> None:
    await _seed(session, facilitator)
    statement = await sync_to_async(Statement.objects.get)()
    f = await join(facilitator, room.pk)
    await f.send(type="vote", statement=statement.pk, value=1)
    assert (await f.until("error"))["code"] == "forbidden"
    assert await sync_to_async(Vote.objects.count)() == 0
    await f.close()


async def test_participants_propose_only_when_the_session_allows(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    p = await join(participant, room.pk)
    await p.send(type="statement_propose", text="The river is shared.")
    assert (await p.until("error"))["code"] == "forbidden"
    session.participants_may_propose = True
    await sync_to_async(session.save)()
    await p.send(type="statement_propose", text="The river is shared.")
    got = await until_all(p, "done", "statements")
    done, listed = got["done"], got["statements"]["statements"]
    assert [s["id"] for s in listed] == [done["id"]]
    # Who proposed it is kept for moderation and never shown.
    assert set(listed[0]) == {"id", "number", "text", "status", "agenda_item", "votes", "results"}
    await p.close()


async def test_outsiders_of_the_session_cannot_reach_console_frames(
    facilitator: User, participant: User, room: Room, session: Session
) -> None:
    """A removed participant's next console frame is refused like any other frame (room access rule)."""
    from dialogues.models import Sanction

    p = await join(participant, room.pk)
    await sync_to_async(Sanction.objects.create)(session=session, user=participant, kind="removed")
    seen = len(p.frames)
    await p.send(type="outcomes", ref="o")
    error = await p.until("error")
    assert error["code"] == "forbidden"
    if error["ref"] is None:
        # With Redis, the hub's first subscription makes every socket re-check its access (catch-up):
        # that check can refuse first, closing the socket before the frame is read.
        assert await p.closed() == 4403
    else:
        assert error["ref"] == "o"
    assert not [f for f in p.frames[seen:] if f["type"] in ("captures", "statements", "done")]
    await p.close()

"""Agenda reordering from the console, and the facilitator-only speaking balance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.utils import timezone

from dialogues.models import AgendaItem, FloorTurn, Message, Room, Session
from facilitation.console.selectors import speaking_balance
from tests.console.helpers import done_for, latest
from tests.factories import AgendaItemFactory
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def _titles(session: Session) -> list[str]:
    return list(
        AgendaItem.objects.filter(session=session).order_by("position").values_list("title", flat=True)
    )


async def test_reorder_reaches_every_room(
    facilitator: User, participant: User, session: Session, room: Room
) -> None:
    await sync_to_async(AgendaItemFactory)(session=session, position=3, title="Next steps")
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    ids = [i["id"] for i in f.welcome["state"]["agenda"]["items"]]
    await f.send(type="agenda_reorder", items=[ids[2], ids[0], ids[1]])
    await done_for(f, "agenda_reorder")
    agenda = (await latest(p, "agenda", lambda fr: fr["agenda"]["items"][0]["id"] == ids[2]))["agenda"]
    assert [i["title"] for i in agenda["items"]] == ["Next steps", "Opening", "Water releases"]
    assert await _titles(session) == ["Next steps", "Opening", "Water releases"]
    for c in (f, p):
        await c.close()


@pytest.mark.parametrize(
    "order",
    [
        lambda ids: ids[:1],  # an item left out
        lambda ids: [ids[0], ids[0]],  # twice
        lambda ids: [ids[0], 99_999],  # not of this session
        lambda ids: "1,2",  # not a list
        lambda ids: [],  # empty
        lambda ids: [True, False],  # booleans are not ids
    ],
    ids=["missing", "duplicate", "foreign", "string", "empty", "bools"],
)
async def test_a_bad_order_changes_nothing(
    facilitator: User, session: Session, room: Room, order: Callable[[list[int]], object]
) -> None:
    f = await join(facilitator, room.pk)
    ids = [i["id"] for i in f.welcome["state"]["agenda"]["items"]]
    await f.send(type="agenda_reorder", items=order(ids), ref="o")
    error = await f.until("error")
    assert error["code"] == "invalid" and error["ref"] == "o"
    assert await _titles(session) == ["Opening", "Water releases"]
    await f.close()


@sync_to_async
def _floor(room: Room, user: User, seconds: int, ago: int) -> None:
    start = timezone.now() - timedelta(seconds=ago)
    FloorTurn.objects.create(
        room=room, user=user, started_at=start, ended_at=start + timedelta(seconds=seconds)
    )


async def test_balance_goes_to_the_facilitator_only_and_adds_up(
    facilitator: User, participant: User, participant2: User, crowd: list[User], room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    q = await join(participant2, room.pk)
    for text in ("one", "two", "three"):
        await p.say(text)
    withdrawn = await q.say("taken back")
    await f.send(type="withdraw", seq=withdrawn["seq"])
    await f.until("message_removed")
    await q.say("four")
    await _floor(room, participant, 120, ago=600)
    await _floor(room, participant2, 60, ago=300)

    await f.send(type="balance", ref="b")
    balance = await f.until("balance")
    assert balance["messages"] == 4 and balance["floor_seconds"] == 180
    people = {row["key"]: row for row in balance["people"]}
    pk, qk = p.welcome["you"]["key"], q.welcome["you"]["key"]
    assert (people[pk]["messages"], people[pk]["message_share"]) == (3, 0.75)
    assert (people[qk]["messages"], people[qk]["message_share"]) == (1, 0.25)
    assert people[pk]["floor_share"] == pytest.approx(2 / 3, abs=1e-3)
    # Everyone who may speak is listed, silent or not: six of the crowd said nothing.
    assert sum(1 for row in balance["people"] if row["messages"] == 0) == 6
    parties = {row["party"]: row for row in balance["parties"]}
    assert parties["Northvale"]["messages"] == 3 and parties["Southmark"]["messages"] == 1
    assert parties["Northvale"]["people"] == parties["Southmark"]["people"] == 4
    # Veiled room: pseudonyms only, and a person's row names no party.
    assert people[pk]["name"].startswith("Participant") and participant.profile.display_name not in str(
        balance
    )
    assert "party" not in people[pk]

    for client in (p, q):
        await client.send(type="balance", ref="b")
        assert (await client.until("error"))["code"] == "forbidden"
        await client.drain()
        assert not [fr for fr in client.frames if fr["type"] == "balance"]
    for c in (f, p, q):
        await c.close()


def test_an_open_turn_counts_up_to_now_and_named_rooms_show_names(
    facilitator: User, participant: User, session: Session, room: Room
) -> None:
    session.attribution_mode = "named"
    session.save()
    now = timezone.now()
    FloorTurn.objects.create(room=room, user=participant, started_at=now - timedelta(seconds=90))
    Message.build(
        room=room,
        author_id=facilitator.pk,
        seq=1,
        client_id="00000000-0000-0000-0000-000000000001",
        body="welcome",
        created_at=now,
    ).save()
    balance = speaking_balance(room, now=now)
    rows = {row["name"]: row for row in balance["people"]}
    assert (
        rows["Paula Participant"]["floor_seconds"] == 90 and rows["Paula Participant"]["floor_share"] == 1.0
    )
    assert rows["Fiona Facilitator"]["messages"] == 1 and rows["Fiona Facilitator"]["role"] == "facilitator"
    assert {row["party"] for row in balance["parties"]} == {"Northvale", "No party"}

"""A large room lists a page of who is present and a count, not everyone (issue 19, item 6): a welcome
and a join cost the same however many people are in the room, and the list is there a page at a time."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from pytest_django import Settings

from dialogues.choices import Role
from dialogues.models import Dialogue, Room
from tests.factories import member
from tests.rooms.helpers import Client, join

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def people(dialogue: Dialogue, n: int) -> list[User]:
    return [
        member(dialogue, Role.PARTICIPANT, username=f"crowd{i}", display_name=f"Crowd {i}") for i in range(n)
    ]


async def test_a_large_room_sends_a_page_and_counts_and_pages_on_request(
    settings: Settings, dialogue: Dialogue, room: Room
) -> None:
    settings.PARLEY_PRESENCE_LIST = 3
    crowd = await people(dialogue, 6)
    first = await join(crowd[0], room.pk)
    assert first.welcome["state"]["presence_complete"] is True
    others: list[Client] = [await join(u, room.pk) for u in crowd[1:5]]

    # Five present, three listed: the welcome holds a page and the count.
    late = await join(crowd[5], room.pk)
    state = late.welcome["state"]
    assert state["present_count"] == 6 and state["presence_complete"] is False
    assert len(state["presence"]) == 3
    assert late.welcome["limits"]["presence_list"] == 3

    # Joins and leaves now travel as a count only.
    await others[-1].close()
    change = await late.until("presence", count=5)
    assert change["joined"] == [] and change["left"] == []

    # The whole list, a page at a time, each member once.
    keys: list[str] = []
    for page in (0, 1):
        await late.send(type="who", page=page)
        reply = await late.until("who", page=page)
        assert reply["count"] == 5 and reply["pages"] == 2
        keys += [m["key"] for m in reply["members"]]
    assert len(keys) == len(set(keys)) == 5
    assert all(m["name"] and m["role"] == "participant" for m in reply["members"])

    await late.send(type="who", page=-1)
    error = await late.until("error")
    assert error["code"] == "invalid"
    for client in (first, *others[:-1], late):
        await client.close()


async def test_a_small_room_still_lists_everyone_with_each_change(
    participant: User, participant2: User, room: Room
) -> None:
    a = await join(participant, room.pk)
    b = await join(participant2, room.pk)
    change = await a.until("presence", count=2)
    assert b.welcome["you"]["key"] in [m["key"] for m in change["joined"]]
    assert b.welcome["state"]["present_count"] == 2 and b.welcome["state"]["presence_complete"] is True
    await a.close()
    await b.close()

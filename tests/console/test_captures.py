"""The capture panel: record outcomes tied to agenda items, promote messages without their authors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User

from core.errors import ParleyError
from dialogues.access import CLOSED_SESSION
from dialogues.models import AgendaItem, Room, Session
from facilitation.console import services
from facilitation.models import CapturedItem
from tests.console.helpers import done_for, latest
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)


async def test_captured_items_reach_everyone_live_tied_to_the_current_item(
    facilitator: User, participant: User, observer: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    o = await join(observer, room.pk)
    items = f.welcome["state"]["agenda"]["items"]
    await f.send(type="agenda", item=items[1]["id"])
    await f.until("agenda")
    await f.send(type="capture", kind="action_item", text="  Share gauge readings weekly  ")
    done = await done_for(f, "capture")
    for client in (p, o):
        listed = (await latest(client, "captures", lambda fr: fr["captures"]))["captures"]
        assert listed == [
            {
                "id": done["id"],
                "kind": "action_item",
                "kind_label": "Action item",
                "text": "Share gauge readings weekly",
                "agenda_item": items[1]["id"],
                "resolved": False,
                "carried": False,
            }
        ]
    # Explicitly no agenda item.
    await f.send(type="capture", kind="key_point", text="Trust is low", agenda_item=None)
    listed = (await latest(p, "captures", lambda fr: len(fr["captures"]) == 2))["captures"]
    assert listed[1]["agenda_item"] is None
    for c in (f, p, o):
        await c.close()


async def test_promoting_a_message_copies_its_words_never_its_author(
    facilitator: User, participant: User, participant2: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    q = await join(participant2, room.pk)
    items = f.welcome["state"]["agenda"]["items"]
    await f.send(type="agenda", item=items[0]["id"])
    await f.until("agenda")
    said = await p.say("We could pool the gauge data in a neutral server.")
    author = p.welcome["you"]
    # The agenda moves on before the facilitator promotes: the item is the message's own.
    await f.send(type="agenda", item=items[1]["id"])
    await f.until("agenda")
    await f.send(type="capture", kind="proposal", seq=said["seq"])
    await done_for(f, "capture")
    frame = await latest(q, "captures", lambda fr: fr["captures"])
    assert frame["captures"][0]["text"] == "We could pool the gauge data in a neutral server."
    assert frame["captures"][0]["agenda_item"] == items[0]["id"]
    text = json.dumps(frame)
    assert author["key"] not in text and author["name"] not in text
    assert "seq" not in text and "author" not in text
    stored = await sync_to_async(CapturedItem.objects.get)()
    assert stored.created_by_id == facilitator.pk and stored.source_seq == said["seq"]
    assert not hasattr(stored, "author_id")

    # The same message as the same kind twice is refused; as another kind it is fine.
    await f.send(type="capture", kind="proposal", seq=said["seq"], text="edited words")
    error = await f.until("error")
    assert error["code"] == "invalid" and "already captured" in error["message"]
    await f.send(type="capture", kind="agreement", seq=said["seq"], text="Both sides like a neutral server")
    frame = await latest(q, "captures", lambda fr: len(fr["captures"]) == 2)
    assert frame["captures"][1]["text"] == "Both sides like a neutral server"
    for c in (f, p, q):
        await c.close()


async def test_edit_resolve_and_remove(facilitator: User, participant: User, room: Room) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    items = f.welcome["state"]["agenda"]["items"]
    await f.send(type="capture", kind="key_point", text="draft wording")
    cid = (await done_for(f, "capture"))["id"]
    await f.send(
        type="capture_edit", id=cid, text="final wording", kind="open_question", agenda_item=items[0]["id"]
    )
    edited = await latest(
        p, "captures", lambda fr: fr["captures"] and fr["captures"][0]["text"] == "final wording"
    )
    assert edited["captures"][0]["kind"] == "open_question"
    assert edited["captures"][0]["agenda_item"] == items[0]["id"]
    await f.send(type="capture_edit", id=cid, resolved=True)
    resolved = await latest(p, "captures", lambda fr: fr["captures"] and fr["captures"][0]["resolved"])
    assert resolved["captures"][0]["text"] == "final wording"  # untouched fields stay
    await f.send(type="capture_remove", id=cid)
    await latest(p, "captures", lambda fr: fr["captures"] == [])
    assert await sync_to_async(CapturedItem.objects.filter(removed_at__isnull=False).count)() == 1
    await f.send(type="capture_edit", id=cid, text="too late")
    assert "no such captured item" in (await f.until("error"))["message"]
    for c in (f, p):
        await c.close()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"kind": "gossip", "text": "x"}, "invalid"),
        ({"kind": "key_point", "text": "   "}, "invalid"),
        ({"kind": "key_point", "text": "x" * 2001}, "too_long"),
        ({"kind": "key_point"}, "invalid"),
        ({"kind": "key_point", "seq": 99}, "invalid"),
        ({"kind": "key_point", "text": "x", "agenda_item": 999}, "invalid"),
        ({"kind": "key_point", "text": "x", "agenda_item": "1"}, "invalid"),
    ],
)
async def test_bad_captures_are_refused(
    facilitator: User, room: Room, frame: dict[str, Any], code: str
) -> None:
    f = await join(facilitator, room.pk)
    await f.send(type="capture", ref="c", **frame)
    error = await f.until("error")
    assert error["code"] == code and error["ref"] == "c"
    assert await sync_to_async(CapturedItem.objects.count)() == 0
    await f.close()


async def test_a_withdrawn_message_cannot_be_promoted(
    facilitator: User, participant: User, room: Room
) -> None:
    f = await join(facilitator, room.pk)
    p = await join(participant, room.pk)
    said = await p.say("I regret saying this")
    await f.send(type="withdraw", seq=said["seq"])
    await f.until("message_removed")
    await f.send(type="capture", kind="key_point", seq=said["seq"])
    assert "no message" in (await f.until("error"))["message"]
    for c in (f, p):
        await c.close()


def test_capturing_into_a_closed_session_says_so(
    facilitator: User, outsider: User, session: Session, room: Room
) -> None:
    session.status = "closed"
    session.save()
    with pytest.raises(ParleyError) as closed:
        services.capture_create(user_id=facilitator.pk, room_id=room.pk, kind="key_point", text="late")
    assert closed.value.code == "invalid" and closed.value.message == CLOSED_SESSION
    # Someone outside the dialogue learns nothing about the session: the usual refusal.
    with pytest.raises(ParleyError) as refused:
        services.capture_create(user_id=outsider.pk, room_id=room.pk, kind="key_point", text="late")
    assert refused.value.code == "forbidden"
    assert CapturedItem.objects.count() == 0


def test_agenda_items_of_another_session_are_refused(facilitator: User, session: Session, room: Room) -> None:
    from tests.factories import AgendaItemFactory, SessionFactory

    elsewhere = AgendaItemFactory.create(session=SessionFactory.create(dialogue=session.dialogue))
    with pytest.raises(ParleyError, match="not part of this session"):
        services.capture_create(
            user_id=facilitator.pk, room_id=room.pk, kind="key_point", text="x", agenda_item=elsewhere.pk
        )
    assert AgendaItem.objects.filter(session=session).count() == 2

"""Co-facilitation (issue 15, item 5): the facilitators' private channel and the floor control's hand-over.

Real sockets against the ASGI application: what a participant's socket receives is what their browser
would show.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client as HttpClient
from pytest_django import DjangoCaptureOnCommitCallbacks

from core.crypto import dialogue_scope
from dialogues.choices import Role, RoomKind
from dialogues.live import identity
from dialogues.live import services as rooms
from dialogues.models import Message, Room, Session
from summaries.sources import load_sources
from tests.factories import member
from tests.rooms.helpers import Client, connect, join
from tests.summaries.helpers import compile_now

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "Between us: the Northvale delegate is close to walking out, so keep the water item short today."
SAID = "The basin authority should publish the dam release calendar a month ahead for every downstream town."


@pytest.fixture(autouse=True)
def _fresh_identities() -> Iterator[None]:
    identity.forget_cached()
    yield
    identity.forget_cached()


@pytest.fixture
def cora(session: Session) -> User:
    """A second facilitator of the dialogue."""
    return member(session.dialogue, Role.FACILITATOR, username="cora", display_name="Cora Cofacilitator")


def _channel(session: Session) -> Room:
    return session.rooms.get(kind=RoomKind.FACILITATORS)


def _plenary(session: Session) -> Room:
    return session.rooms.get(kind=RoomKind.PLENARY)


async def _types(client: Client) -> list[str]:
    return [f["type"] for f in await client.drain()]


def test_every_new_session_has_one_channel_that_is_no_page_of_its_own(
    facilitator: User, session: Session
) -> None:
    channel = _channel(session)
    assert channel.title == "Facilitators" and channel.parent is None
    web = HttpClient()
    web.force_login(facilitator)
    assert web.get(f"/rooms/{channel.pk}/").status_code == 404  # it lives in the cockpit only
    alone = web.get(f"/rooms/{_plenary(session).pk}/")
    assert alone.status_code == 200
    # Alone, a facilitator has nobody to hand over to or talk with: no Team tab, no floor control.
    assert 'id="channel-card"' not in alone.content.decode()
    member(session.dialogue, Role.FACILITATOR, username="cora", display_name="Cora Cofacilitator")
    together = web.get(f"/rooms/{_plenary(session).pk}/").content.decode()
    assert 'id="channel-card"' in together and 'id="floor-control"' in together


async def test_only_facilitators_enter_the_channel(
    facilitator: User, cora: User, participant: User, observer: User, session: Session
) -> None:
    channel = await sync_to_async(_channel)(session)
    for outsider in (participant, observer):
        client = await connect(outsider, channel.pk)
        assert await client.closed() == 4403
    a = await join(facilitator, channel.pk)
    b = await join(cora, channel.pk)
    assert a.welcome["room"]["id"] == channel.pk and b.welcome["you"]["role"] == "facilitator"
    await a.close()
    await b.close()


async def test_channel_messages_reach_facilitators_only_never_a_participant_even_by_sync(
    facilitator: User, cora: User, participant: User, session: Session
) -> None:
    channel = await sync_to_async(_channel)(session)
    plenary = await sync_to_async(_plenary)(session)
    fac = await join(facilitator, channel.pk)
    co = await join(cora, channel.pk)
    part = await join(participant, plenary.pk)

    ack = await fac.say(SECRET)
    assert ack["type"] == "ack" and ack["seq"] == 1
    heard = await co.until("message")
    assert heard["body"] == SECRET and heard["author"]["role"] == "facilitator"
    await part.say(SAID)

    # The participant's socket: their own message, nothing from the channel, even after a full replay.
    await part.send(type="sync", after=0)
    frames = await part.drain()
    bodies = [f.get("body") for f in part.frames + frames if f["type"] == "message"]
    assert SECRET not in bodies and bodies.count(SAID) >= 1
    assert not any(SECRET in str(f) for f in part.frames)
    # A participant cannot speak into the channel by naming its room either: the socket is refused.
    sneaky = await connect(participant, channel.pk)
    assert await sneaky.closed() == 4403
    for c in (fac, co, part):
        await c.close()


async def test_the_channel_survives_a_reload_and_is_kept_before_the_session_is_live(
    facilitator: User, cora: User, session: Session
) -> None:
    await sync_to_async(Session.objects.filter(pk=session.pk).update)(status="lobby")
    channel = await sync_to_async(_channel)(session)
    fac = await join(facilitator, channel.pk)
    ack = await fac.say("Doors are open; I will start at five past.")
    assert ack["seq"] == 1  # stored: the lobby keeps nothing of the room, but the channel is kept
    await fac.close()
    co = await join(cora, channel.pk)
    await co.send(type="sync", after=0)
    replay = await co.until("message")
    assert replay["body"] == "Doors are open; I will start at five past."
    await co.close()


def test_channel_text_is_encrypted_under_the_dialogue_key_and_never_summarised(
    facilitator: User,
    participant: User,
    session: Session,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    channel, plenary = _channel(session), _plenary(session)
    rooms.message_post(user_id=facilitator.pk, room_id=channel.pk, client_id=uuid.uuid4(), body=SECRET)
    rooms.message_post(user_id=participant.pk, room_id=plenary.pk, client_id=uuid.uuid4(), body=SAID)
    stored = Message.objects.get(room=channel)
    assert stored.body == SECRET
    assert stored.encryption_scope() == dialogue_scope(session.dialogue_id)  # as the room's messages
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM dialogues_message WHERE id = %s", [stored.pk])
        raw = str(cursor.fetchone()[0])
    assert "walking out" not in raw and "Northvale" not in raw

    sources = load_sources(session.pk)
    assert [m.text for m in sources.messages] == [SAID]
    body = compile_now(session, facilitator, django_capture_on_commit_callbacks).body
    assert "walking out" not in body and "water item short" not in body


async def test_console_actions_are_refused_in_the_channel(facilitator: User, session: Session) -> None:
    """Capturing a channel message would carry it into outcomes and summaries: refused, like any console
    action there."""
    channel = await sync_to_async(_channel)(session)
    fac = await join(facilitator, channel.pk)
    await fac.say(SECRET)
    await fac.send(type="capture", kind="proposal", seq=1, ref="c1")
    refused = await fac.until("error", ref="c1")
    assert refused["code"] == "invalid" and "facilitators' channel" in refused["message"]
    await fac.send(type="hand", raised=True, ref="h1")
    assert (await fac.until("error", ref="h1"))["code"] == "invalid"
    await fac.send(type="balance", ref="b1")
    assert (await fac.until("error", ref="b1"))["code"] == "invalid"
    await fac.close()
    assert not await sync_to_async(lambda: list(session.captured_items.all()))()


# --- the floor control ---------------------------------------------------------------------------------


def _raise(user: User, room: Room) -> None:
    rooms.hand_raise(user_id=user.pk, room_id=room.pk)


async def test_floor_control_hand_over_between_facilitators(
    facilitator: User, cora: User, participant: User, session: Session
) -> None:
    channel = await sync_to_async(_channel)(session)
    plenary = await sync_to_async(_plenary)(session)
    fac = await join(facilitator, channel.pk)
    co = await join(cora, channel.pk)
    fac_room = await join(facilitator, plenary.pk)
    co_room = await join(cora, plenary.pk)
    part = await join(participant, plenary.pk)

    await fac.send(type="control_status", ref="s")
    status = await fac.until("floor_control")
    assert status["event"] == "state" and status["holder"] is None

    await fac.send(type="control_take", ref="t")
    taken = await co.until("floor_control", event="taken")
    assert taken["holder"]["key"] == fac.welcome["you"]["key"] and taken["since"]

    # Cora does not hold it: her plenary floor actions are refused with who does.
    await sync_to_async(_raise)(participant, plenary)
    await co_room.send(type="floor", ref="f1")
    refused = await co_room.until("error", ref="f1")
    assert refused["code"] == "forbidden" and "holds the floor control" in refused["message"]
    assert fac.welcome["you"]["name"] in refused["message"]

    # She asks; the holder sees the request, and hands it over.
    await co.send(type="control_request", ref="r")
    asked = await fac.until("floor_control", event="requested")
    assert asked["request"]["key"] == co.welcome["you"]["key"]
    await fac.send(type="control_give", member=co.welcome["you"]["key"], ref="g")
    given = await co.until("floor_control", event="given")
    assert given["holder"]["key"] == co.welcome["you"]["key"] and given["request"] is None
    assert given["previous"]["key"] == fac.welcome["you"]["key"]

    await co_room.send(type="floor", ref="f2")
    await co_room.until("done", ref="f2")
    await fac_room.send(type="floor_end", ref="e1")
    assert (await fac_room.until("error", ref="e1"))["code"] == "forbidden"

    # Taking it back needs no permission, and the holder sees who took it.
    await fac.send(type="control_take", ref="t2")
    took = await co.until("floor_control", event="taken")
    assert took["previous"]["key"] == co.welcome["you"]["key"]
    assert took["by"]["key"] == fac.welcome["you"]["key"]

    # None of it ever reached the participant.
    seen = await _types(part)
    assert "floor_control" not in {f["type"] for f in part.frames} and "floor_control" not in seen
    for c in (fac, co, fac_room, co_room, part):
        await c.close()


def test_floor_control_rules(facilitator: User, cora: User, participant: User, session: Session) -> None:
    from core.errors import ParleyError
    from dialogues import channel as cofac

    plenary = _plenary(session)
    with pytest.raises(ParleyError, match="Nobody holds the floor control"):
        cofac.floor_control_request(user_id=cora.pk, room_id=plenary.pk)
    # Nobody holds it: any facilitator gives the floor (the earlier co-facilitation behaviour).
    _raise(participant, plenary)
    rooms.floor_give(user_id=cora.pk, room_id=plenary.pk)
    cofac.floor_control_take(user_id=facilitator.pk, room_id=plenary.pk)
    with pytest.raises(ParleyError, match="only go to a facilitator"):
        key = identity.identities(session.pk, {participant.pk})[participant.pk].key
        cofac.floor_control_give(user_id=facilitator.pk, room_id=plenary.pk, member=key)
    with pytest.raises(ParleyError, match="Only the facilitator who holds"):
        key = identity.identities(session.pk, {facilitator.pk})[facilitator.pk].key
        cofac.floor_control_give(user_id=cora.pk, room_id=plenary.pk, member=key)
    with pytest.raises(ParleyError) as not_yours:
        cofac.floor_control_release(user_id=cora.pk, room_id=plenary.pk)
    assert not_yours.value.code == "invalid"
    with pytest.raises(ParleyError) as participant_tries:
        cofac.floor_control_take(user_id=participant.pk, room_id=plenary.pk)
    assert participant_tries.value.code == "forbidden"
    cofac.floor_control_release(user_id=facilitator.pk, room_id=plenary.pk)
    rooms.floor_end(user_id=cora.pk, room_id=plenary.pk)  # free again
    session.refresh_from_db()
    assert session.floor_control_id is None

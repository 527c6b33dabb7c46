"""Interpretation in a live room: renderings over the socket, who may post them, and replay."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.contrib.auth.models import User
from django.db import connection

from dialogues.choices import Role
from dialogues.models import Dialogue, MessageRendering, Room
from tests.factories import DialogueFactory, SessionFactory, consent, member
from tests.rooms.helpers import join

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC = "نحتاج إلى ضمانات بشأن المعابر الحدودية قبل الصيف."
ENGLISH = "We need guarantees on the border crossings before the summer."


@sync_to_async
def stored_renderings(room_id: int) -> list[tuple[int, str, str]]:
    rows = MessageRendering.objects.filter(room_id=room_id).order_by("seq")
    return [(r.seq, r.language, r.text) for r in rows]


@sync_to_async
def raw_text(room_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM dialogues_messagerendering WHERE room_id = %s", [room_id])
        return str(cursor.fetchone()[0])


async def test_a_rendering_reaches_the_room_linked_to_its_original(
    participant: User, participant2: User, interpreter: User, room: Room
) -> None:
    speaker = await join(participant, room.pk)
    reader = await join(participant2, room.pk)
    booth = await join(interpreter, room.pk)
    assert booth.welcome["you"]["role"] == "interpreter"
    await speaker.say(ARABIC)
    said = await booth.until("message")
    assert said["language"] == "ar"  # what the interpreter's marks are computed from

    await booth.send(type="render", of=said["seq"], language="en", text=ENGLISH, ref="r1")
    assert (await booth.until_any({"done", "error"}))["type"] == "done"
    rendering = await reader.until("rendering")
    assert rendering["of"] == said["seq"] and rendering["seq"] == said["seq"] + 1
    assert rendering["language"] == "en" and rendering["text"] == ENGLISH
    assert rendering["interpreter"]["role"] == "interpreter"
    assert await stored_renderings(room.pk) == [(2, "en", ENGLISH)]
    # Encrypted at rest under the dialogue's data key, like the message it renders.
    assert ENGLISH not in await raw_text(room.pk)
    assert (await raw_text(room.pk)).startswith("dk:")
    for client in (speaker, reader, booth):
        await client.close()


async def test_a_reconnecting_reader_replays_renderings_in_order(
    participant: User, participant2: User, interpreter: User, room: Room
) -> None:
    speaker = await join(participant, room.pk)
    booth = await join(interpreter, room.pk)
    await speaker.say(ARABIC)
    await booth.send(type="render", of=1, language="en", text=ENGLISH)
    await booth.until("done")
    await speaker.say("And the water schedule.")
    # A correction replaces the first rendering and takes a new seq.
    await booth.send(type="render", of=1, language="en", text=ENGLISH + " (corrected)")
    await booth.until("done")

    late = await join(participant2, room.pk)
    assert late.welcome["last_seq"] == 4
    await late.send(type="sync", after=0)
    await late.until("synced")
    replayed = [(f["type"], f["seq"]) for f in late.frames if f["type"] in {"message", "rendering"}]
    assert replayed == [("message", 1), ("message", 3), ("rendering", 4)]
    last = next(f for f in late.frames if f["type"] == "rendering")
    assert last["of"] == 1 and last["text"] == ENGLISH + " (corrected)"
    assert [(s, t) for s, _, t in await stored_renderings(room.pk)] == [(4, ENGLISH + " (corrected)")]
    for client in (speaker, booth, late):
        await client.close()


async def test_a_withdrawn_message_takes_its_renderings_with_it(
    facilitator: User, participant: User, participant2: User, interpreter: User, room: Room
) -> None:
    speaker = await join(participant, room.pk)
    booth = await join(interpreter, room.pk)
    chair = await join(facilitator, room.pk)
    await speaker.say(ARABIC)
    await booth.send(type="render", of=1, language="en", text=ENGLISH)
    await booth.until("done")
    await chair.send(type="withdraw", seq=1)
    await chair.until("done")
    late = await join(participant2, room.pk)
    await late.send(type="sync", after=0)
    await late.until("synced")
    assert [f for f in late.frames if f["type"] in {"message", "rendering"}] == []
    await booth.send(type="render", of=1, language="fr", text="Nous avons besoin de garanties.")
    refused = await booth.until("error")
    assert refused["code"] == "invalid"
    for client in (speaker, booth, chair, late):
        await client.close()


async def test_only_this_dialogues_interpreters_may_render(
    participant: User, participant2: User, facilitator: User, observer: User, room: Room
) -> None:
    speaker = await join(participant, room.pk)
    await speaker.say(ARABIC)
    for who in (participant2, facilitator, observer):
        client = await join(who, room.pk)
        await client.send(type="render", of=1, language="en", text=ENGLISH, ref="x")
        refused = await client.until("error")
        assert refused["code"] == "forbidden" and refused["ref"] == "x"
        await client.close()
    assert await stored_renderings(room.pk) == []

    other = await sync_to_async(_interpreter_elsewhere)()
    from tests.rooms.helpers import connect

    stranger = await connect(other, room.pk)
    assert await stranger.closed() == 4403  # an interpreter of another dialogue never gets in
    await speaker.close()


def _interpreter_elsewhere() -> User:
    elsewhere: Dialogue = DialogueFactory.create(title="Another dialogue")
    SessionFactory.create(dialogue=elsewhere)
    user = member(elsewhere, Role.INTERPRETER, username="ivan_elsewhere")
    consent(user, elsewhere)
    return user


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"of": 1, "language": "xx", "text": ENGLISH}, "invalid"),
        ({"of": 1, "language": "", "text": ENGLISH}, "invalid"),
        ({"of": 1, "language": ["en"], "text": ENGLISH}, "invalid"),
        ({"of": 1, "language": "en", "text": "   "}, "invalid"),
        ({"of": 0, "language": "en", "text": ENGLISH}, "invalid"),
        ({"of": 99, "language": "en", "text": ENGLISH}, "invalid"),
        ({"of": 1, "language": "en", "text": "x" * 10_001}, "too_long"),
    ],
)
async def test_bad_renderings_get_an_error_and_store_nothing(
    participant: User, interpreter: User, room: Room, frame: dict[str, object], code: str
) -> None:
    speaker = await join(participant, room.pk)
    await speaker.say(ARABIC)
    booth = await join(interpreter, room.pk)
    await booth.send(type="render", ref="bad", **frame)
    refused = await booth.until("error")
    assert refused["code"] == code and refused["ref"] == "bad" and refused["message"]
    assert await stored_renderings(room.pk) == []
    await booth.send(type="ping", ref="still")
    assert (await booth.until("pong"))["ref"] == "still"  # the connection stays open
    await speaker.close()
    await booth.close()


async def test_an_interpreter_who_has_not_accepted_the_rule_is_kept_out(
    dialogue: Dialogue, room: Room
) -> None:
    from tests.rooms.helpers import connect

    newcomer = await sync_to_async(member)(dialogue, Role.INTERPRETER, username="nadia")
    client = await connect(newcomer, room.pk)
    assert await client.closed() == 4403


async def test_an_off_the_record_message_cannot_be_rendered(
    facilitator: User, participant: User, participant2: User, interpreter: User, room: Room
) -> None:
    """Off the record, a message is relayed and never stored: it has no seq, so no rendering can point at
    it, and nothing of it can reach a summary compiled in any language (which reads stored renderings)."""
    chair = await join(facilitator, room.pk)
    speaker = await join(participant, room.pk)
    reader = await join(participant2, room.pk)
    booth = await join(interpreter, room.pk)
    await chair.send(type="record", on_record=False)
    assert (await booth.until("record"))["on_record"] is False
    await speaker.say(ARABIC)
    relayed = await booth.until("message")
    assert relayed["seq"] is None and relayed["on_record"] is False  # nothing to point a rendering at
    # The seq it would have had, had it been stored, names nothing; nor does a made-up one.
    for of in (1, 2):
        await booth.send(type="render", of=of, language="en", text=ENGLISH, ref=f"r{of}")
        refused = await booth.until("error")
        assert refused["code"] == "invalid" and refused["ref"] == f"r{of}"
    await chair.send(type="record", on_record=True)
    await reader.until("record", on_record=True)
    assert await stored_renderings(room.pk) == []
    await reader.send(type="ping", ref="after")
    await reader.until("pong", ref="after")  # everything sent to the reader before this has arrived
    assert not [f for f in reader.frames if f["type"] == "rendering"]  # and no rendering among it
    for client in (chair, speaker, reader, booth):
        await client.close()

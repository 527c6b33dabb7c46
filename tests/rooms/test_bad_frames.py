"""Bad input gets an error frame with a code and the socket stays open; nothing saved is lost."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import Settings

from dialogues.models import Room
from tests.rooms.helpers import Client, join

pytestmark = pytest.mark.django_db(transaction=True)

CASES = [
    ("not json at all", "bad_json"),
    ("{'single': 'quotes'}", "bad_json"),
    ("[" * 100_000 + "]" * 100_000, "bad_json"),
    ('{"a":' * 5000 + "1" + "}" * 5000, "bad_json"),
    ("[1, 2, 3]", "invalid"),
    ('"a string"', "invalid"),
    ('{"no_type": 1}', "invalid"),
    ('{"type": 7}', "invalid"),
    ('{"type": "fly"}', "unknown_type"),
    ('{"type": "say", "client_id": 5, "body": "x"}', "invalid"),
    ('{"type": "say", "client_id": "not-a-uuid", "body": "x"}', "invalid"),
    ('{"type": "say", "client_id": "6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", "body": ["x"]}', "invalid"),
    (
        '{"type": "say", "client_id": "6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", "body": "nul \\u0000"}',
        "invalid",
    ),
    (
        '{"type": "say", "client_id": "6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", "body": "\\ud800"}',
        "invalid_text",
    ),
    ('{"type": "sync", "after": -1}', "invalid"),
    ('{"type": "sync", "after": "5"}', "invalid"),
    ('{"type": "sync", "after": 1e400}', "invalid"),
    ('{"type": "hand", "raised": "yes"}', "invalid"),
    ('{"type": "retract", "seq": true}', "invalid"),
]


@pytest.mark.parametrize(("text", "code"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
async def test_bad_frames_get_errors_and_the_socket_survives(
    participant: User, room: Room, text: str, code: str
) -> None:
    a = await join(participant, room.pk)
    await a.say("saved before")
    await a.send_raw(text=text)
    error = await a.until("error")
    assert error["code"] == code, error
    assert error["message"]
    assert (await a.say("saved after"))["seq"] == 2
    await a.close()


async def test_binary_frames_are_refused(participant: User, room: Room) -> None:
    a = await join(participant, room.pk)
    await a.send_raw(data=b"\x00\x01binary")
    assert (await a.until("error"))["code"] == "bad_json"
    await a.send(type="ping")
    await a.until("pong")
    await a.close()


async def test_frames_over_the_limit_are_too_long(participant: User, room: Room, settings: Settings) -> None:
    a = await join(participant, room.pk)
    await a.send_raw(text=json.dumps({"type": "say", "body": "x" * (settings.PARLEY_MAX_FRAME_BYTES + 10)}))
    assert (await a.until("error"))["code"] == "too_long"
    await a.close()


async def test_frame_floods_are_rate_limited(participant: User, room: Room) -> None:
    a = await join(participant, room.pk)
    for _ in range(80):
        await a.send(type="ping")
    frames = await a.drain()
    assert any(f.get("code") == "rate_limited" for f in frames)
    await a.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
frame_types = st.sampled_from(
    [
        "say",
        "sync",
        "hand",
        "retract",
        "withdraw",
        "floor",
        "record",
        "agenda",
        "mute",
        "remove",
        "breakout_open",
        "breakout_close",
        "session_end",
        "ping",
        "nonsense",
    ]
)
frames = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda t, extra: json.dumps({"type": t, **extra}),
        frame_types,
        st.dictionaries(
            st.sampled_from(
                [
                    "client_id",
                    "body",
                    "after",
                    "seq",
                    "raised",
                    "member",
                    "members",
                    "on_record",
                    "item",
                    "title",
                    "minutes",
                    "room",
                    "ref",
                ]
            ),
            json_values,
            max_size=4,
        ),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(frames, min_size=1, max_size=6))
async def test_arbitrary_frames_never_break_the_connection(
    participant: User, room: Room, batch: list[str]
) -> None:
    a = await join(participant, room.pk)
    for text in batch:
        await a.send_raw(text=text)
    await a.send(type="ping", ref="alive")
    pong = await a.until("pong", ref="alive", timeout=10)
    assert pong["type"] == "pong"
    assert not any(f.get("code") == "internal" for f in a.frames), a.frames
    await a.close()


# Lone UTF-16 surrogates (issue 11, finding 5): JSON can carry them, UTF-8 cannot. One in a `ref` used to be
# echoed into a reply the writer could not encode; the writer died and the socket went silent for good.
LONE_SURROGATES = [
    '{"type": "ping", "ref": "\\ud800"}',
    '{"type": "ping", "ref": "ok\\udfff"}',
    '{"type": "say", "client_id": "\\ud800", "body": "x"}',
    '{"type": "say", "client_id": "6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", "body": "a \\udc00 b"}',
    '{"type": "say", "client_id": "6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", "body": "x", "ref": "\\ud83d"}',
    '{"type": "breakout_open", "title": "t", "members": ["m1", "\\ud800"]}',
    '{"type": "ping", "extra": {"deep": [1, {"x": "\\uDBFF"}]}}',
    '{"type": "ping", "\\ud800": 1}',
    '{"type": "\\ud800"}',
    '{"type": "ping", "ref": "raw \ud800"}',  # a raw surrogate in the text itself
]


def _sendable(client: Client) -> None:
    for frame in client.frames:
        json.dumps(frame, ensure_ascii=False).encode("utf-8")  # what a real server must do to send it


@pytest.mark.parametrize("text", LONE_SURROGATES)
async def test_lone_surrogates_get_invalid_text_and_the_socket_stays_healthy(
    participant: User, room: Room, text: str
) -> None:
    a = await join(participant, room.pk)
    await a.send_raw(text=text)
    error = await a.until("error")
    assert error["code"] == "invalid_text" and error["ref"] is None, error
    await a.send(type="ping", ref="alive")
    assert (await a.until("pong"))["ref"] == "alive"
    ack = await a.say("still heard")
    assert ack["type"] == "ack" and ack["seq"] == 1, ack
    _sendable(a)
    await a.close()


async def test_escaped_surrogate_pairs_are_text(participant: User, room: Room) -> None:
    a = await join(participant, room.pk)
    await a.send_raw(text='{"type": "ping", "ref": "\\ud83d\\ude00"}')
    assert (await a.until("pong"))["ref"] == "\U0001f600"
    ack = await a.say("\U0001f600 and \\ud800 as plain text")
    assert ack["type"] == "ack"
    _sendable(a)
    await a.close()


def test_encode_never_produces_unsendable_text() -> None:
    from dialogues import events

    text = events.encode(events.error("invalid", "bad \ud800 text", "\udfff"))
    text.encode("utf-8")
    assert json.loads(text) == {
        "type": "error",
        "code": "invalid",
        "message": "bad \ud800 text",
        "ref": "\udfff",
    }
    assert events.encode(events.pong("é")) == '{"type":"pong","ref":"é"}'


async def test_a_failing_writer_closes_the_socket_instead_of_going_silent(
    participant: User, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dialogues.live.consumer import RoomConsumer

    a = await join(participant, room.pk)

    async def boom(self: RoomConsumer, seq: int, text: str) -> None:
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(RoomConsumer, "_send_live", boom)
    await a.send(type="say", client_id="6f1c3a55-3a3b-4f8e-9a43-0b8a6f6b2c11", body="fan-out fails")
    assert await a.closed() == 1011

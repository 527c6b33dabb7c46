"""Handlers for the room protocol's client frames: validate fields, call a service, answer.

Each handler is registered under its frame type; docs/protocol.md lists them. Services re-check the
person's access on every call, so a handler never decides permissions itself.
"""

from __future__ import annotations

from typing import Unpack

from django.conf import settings

from core.errors import ParleyError

from .. import events
from . import services
from .consumer import RoomConsumer
from .frames import ClientFrame, DoneExtra
from .protocol import get_bool, get_int, get_keys, get_str, get_uuid, handler, ref_of
from .runtime import db


def reply_done(consumer: RoomConsumer, frame: ClientFrame, **extra: Unpack[DoneExtra]) -> None:
    """Tell the sender its action went through (`done`, echoing its `ref`)."""
    consumer.reply(events.done(frame["type"], ref_of(frame), **extra))


@handler("ping")
async def ping(consumer: RoomConsumer, frame: ClientFrame) -> None:
    consumer.reply(events.pong(ref_of(frame)))


@handler("sync")
async def sync(consumer: RoomConsumer, frame: ClientFrame) -> None:
    consumer.request_sync(get_int(frame, "after"))


@handler("say")
async def say(consumer: RoomConsumer, frame: ClientFrame) -> None:
    client_id = get_uuid(frame, "client_id")
    body = get_str(frame, "body", max_len=settings.PARLEY_MAX_MESSAGE_CHARS, code="too_long")
    if not body.strip():
        raise ParleyError("invalid", "An empty message was not sent.")
    expect = get_bool(frame, "on_record", optional=True)
    if not consumer.allow_say():
        raise ParleyError("rate_limited", "You are sending messages very fast; wait a few seconds.")
    posted = await db(services.message_post)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        client_id=client_id,
        body=body,
        expect_on_record=expect,
    )
    consumer.reply(events.ack(str(client_id), posted.seq, duplicate=posted.duplicate))


@handler("retract")
async def retract(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.message_retract)(
        user_id=consumer.user_id, room_id=consumer.room_id, seq=get_int(frame, "seq", minimum=1)
    )
    reply_done(consumer, frame)


@handler("hand")
async def hand(consumer: RoomConsumer, frame: ClientFrame) -> None:
    if get_bool(frame, "raised"):
        await db(services.hand_raise)(user_id=consumer.user_id, room_id=consumer.room_id)
    else:
        await db(services.hand_lower)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


# --- facilitator actions (the services refuse anyone else with `forbidden`) ---------------------------


@handler("withdraw")
async def withdraw(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.message_withdraw)(
        user_id=consumer.user_id, room_id=consumer.room_id, seq=get_int(frame, "seq", minimum=1)
    )
    reply_done(consumer, frame)


@handler("hand_lower")
async def hand_lower(consumer: RoomConsumer, frame: ClientFrame) -> None:
    member = get_str(frame, "member", max_len=12)
    await db(services.hand_lower)(user_id=consumer.user_id, room_id=consumer.room_id, member=member)
    reply_done(consumer, frame)


@handler("floor")
async def floor(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.floor_give)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        member=get_str(frame, "member", max_len=12, optional=True),
        limit_seconds=get_int(frame, "limit_seconds", minimum=10, maximum=3600, optional=True),
    )
    reply_done(consumer, frame)


@handler("floor_end")
async def floor_end(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.floor_end)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("record")
async def record(consumer: RoomConsumer, frame: ClientFrame) -> None:
    on = get_bool(frame, "on_record")
    await db(services.record_set)(user_id=consumer.user_id, room_id=consumer.room_id, on_record=on)
    reply_done(consumer, frame)


@handler("agenda")
async def agenda(consumer: RoomConsumer, frame: ClientFrame) -> None:
    item = get_int(frame, "item", minimum=1, optional=True)
    await db(services.agenda_set)(user_id=consumer.user_id, room_id=consumer.room_id, item_id=item)
    reply_done(consumer, frame)


@handler("agenda_next")
async def agenda_next(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.agenda_next)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("agenda_skip")
async def agenda_skip(consumer: RoomConsumer, frame: ClientFrame) -> None:
    item = get_int(frame, "item", minimum=1)
    await db(services.agenda_skip)(user_id=consumer.user_id, room_id=consumer.room_id, item_id=item)
    reply_done(consumer, frame)


@handler("mute")
async def mute(consumer: RoomConsumer, frame: ClientFrame) -> None:
    member = get_str(frame, "member", max_len=12)
    muted = get_bool(frame, "muted")
    await db(services.member_mute)(
        user_id=consumer.user_id, room_id=consumer.room_id, member=member, muted=muted
    )
    reply_done(consumer, frame)


@handler("remove")
async def remove(consumer: RoomConsumer, frame: ClientFrame) -> None:
    member = get_str(frame, "member", max_len=12)
    await db(services.member_remove)(user_id=consumer.user_id, room_id=consumer.room_id, member=member)
    reply_done(consumer, frame)


@handler("breakout_open")
async def breakout_open(consumer: RoomConsumer, frame: ClientFrame) -> None:
    room = await db(services.breakout_open)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        title=get_str(frame, "title", max_len=200),
        members=get_keys(frame, "members"),
        minutes=get_int(frame, "minutes", minimum=1, maximum=240, optional=True),
    )
    consumer.reply({"type": "done", "action": "breakout_open", "ref": ref_of(frame), "room": room.pk})


@handler("breakout_close")
async def breakout_close(consumer: RoomConsumer, frame: ClientFrame) -> None:
    breakout = get_int(frame, "room", minimum=1, optional=True)
    await db(services.breakout_close)(
        user_id=consumer.user_id, room_id=consumer.room_id, breakout_id=breakout
    )
    reply_done(consumer, frame)


@handler("session_start")
async def session_start(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.session_start)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("session_end")
async def session_end(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.session_end)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)

"""Handlers for the room protocol's client frames: call a service with the validated frame, answer.

Each handler is registered under its frame type with the parse function (`dialogues.live.inbound`) that
validates the frame into its TypedDict; docs/protocol.md lists them. Services re-check the person's access
on every call, so a handler never decides permissions itself.
"""

from __future__ import annotations

from typing import Unpack

from django.utils.translation import gettext

from core.errors import ParleyError
from core.threads import db

from .. import events
from . import inbound, interpretation, services
from .consumer import RoomConsumer
from .frames import DoneExtra
from .inbound import Action, action
from .protocol import handler


def reply_done(consumer: RoomConsumer, frame: Action, **extra: Unpack[DoneExtra]) -> None:
    """Tell the sender its action went through (`done`, echoing its `ref`)."""
    consumer.reply(events.done(frame["type"], frame["ref"], **extra))


@handler("ping", action)
async def ping(consumer: RoomConsumer, frame: Action) -> None:
    consumer.reply(events.pong(frame["ref"]))


@handler("sync", inbound.parse_sync)
async def sync(consumer: RoomConsumer, frame: inbound.SyncFrame) -> None:
    consumer.request_sync(frame["after"])


@handler("who", inbound.parse_who)
async def who(consumer: RoomConsumer, frame: inbound.WhoFrame) -> None:
    present = await consumer.present()
    consumer.reply(
        await db(services.presence_list)(
            user_id=consumer.user_id, room_id=consumer.room_id, present=present, page=frame["page"]
        )
    )


@handler("say", inbound.parse_say)
async def say(consumer: RoomConsumer, frame: inbound.SayFrame) -> None:
    if not consumer.allow_say():
        raise ParleyError("rate_limited", gettext("You are sending messages very fast; wait a few seconds."))
    posted = await db(services.message_post)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        client_id=frame["client_id"],
        body=frame["body"],
        expect_on_record=frame["on_record"],
    )
    consumer.reply(events.ack(str(frame["client_id"]), posted.seq, duplicate=posted.duplicate))


@handler("retract", inbound.parse_retract)
async def retract(consumer: RoomConsumer, frame: inbound.RetractFrame) -> None:
    await db(services.message_retract)(user_id=consumer.user_id, room_id=consumer.room_id, seq=frame["seq"])
    reply_done(consumer, frame)


@handler("render", inbound.parse_render)
async def render(consumer: RoomConsumer, frame: inbound.RenderFrame) -> None:
    # Shares the per-person message budget: a rendering costs the room what a message does.
    if not consumer.allow_say():
        raise ParleyError("rate_limited", gettext("You are sending messages very fast; wait a few seconds."))
    await db(interpretation.rendering_post)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        of=frame["of"],
        language=frame["language"],
        text=frame["text"],
    )
    reply_done(consumer, frame)


@handler("hand", inbound.parse_hand)
async def hand(consumer: RoomConsumer, frame: inbound.HandFrame) -> None:
    if frame["raised"]:
        await db(services.hand_raise)(user_id=consumer.user_id, room_id=consumer.room_id)
    else:
        await db(services.hand_lower)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


# --- facilitator actions (the services refuse anyone else with `forbidden`) ---------------------------


@handler("withdraw", inbound.parse_withdraw)
async def withdraw(consumer: RoomConsumer, frame: inbound.WithdrawFrame) -> None:
    await db(services.message_withdraw)(user_id=consumer.user_id, room_id=consumer.room_id, seq=frame["seq"])
    reply_done(consumer, frame)


@handler("hand_lower", inbound.parse_hand_lower)
async def hand_lower(consumer: RoomConsumer, frame: inbound.HandLowerFrame) -> None:
    await db(services.hand_lower)(user_id=consumer.user_id, room_id=consumer.room_id, member=frame["member"])
    reply_done(consumer, frame)


@handler("floor", inbound.parse_floor)
async def floor(consumer: RoomConsumer, frame: inbound.FloorFrame) -> None:
    await db(services.floor_give)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        member=frame["member"],
        limit_seconds=frame["limit_seconds"],
    )
    reply_done(consumer, frame)


@handler("floor_end", action)
async def floor_end(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.floor_end)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("record", inbound.parse_record)
async def record(consumer: RoomConsumer, frame: inbound.RecordSetFrame) -> None:
    await db(services.record_set)(
        user_id=consumer.user_id, room_id=consumer.room_id, on_record=frame["on_record"]
    )
    reply_done(consumer, frame)


@handler("agenda", inbound.parse_agenda)
async def agenda(consumer: RoomConsumer, frame: inbound.AgendaSetFrame) -> None:
    await db(services.agenda_set)(user_id=consumer.user_id, room_id=consumer.room_id, item_id=frame["item"])
    reply_done(consumer, frame)


@handler("agenda_next", action)
async def agenda_next(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.agenda_next)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("agenda_skip", inbound.parse_agenda_skip)
async def agenda_skip(consumer: RoomConsumer, frame: inbound.AgendaSkipFrame) -> None:
    await db(services.agenda_skip)(user_id=consumer.user_id, room_id=consumer.room_id, item_id=frame["item"])
    reply_done(consumer, frame)


@handler("mute", inbound.parse_mute)
async def mute(consumer: RoomConsumer, frame: inbound.MuteFrame) -> None:
    await db(services.member_mute)(
        user_id=consumer.user_id, room_id=consumer.room_id, member=frame["member"], muted=frame["muted"]
    )
    reply_done(consumer, frame)


@handler("remove", inbound.parse_remove)
async def remove(consumer: RoomConsumer, frame: inbound.RemoveFrame) -> None:
    await db(services.member_remove)(
        user_id=consumer.user_id, room_id=consumer.room_id, member=frame["member"]
    )
    reply_done(consumer, frame)


@handler("breakout_open", inbound.parse_breakout_open)
async def breakout_open(consumer: RoomConsumer, frame: inbound.BreakoutOpenFrame) -> None:
    room = await db(services.breakout_open)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        title=frame["title"],
        members=frame["members"],
        minutes=frame["minutes"],
    )
    reply_done(consumer, frame, room=room.pk)


@handler("breakout_close", inbound.parse_breakout_close)
async def breakout_close(consumer: RoomConsumer, frame: inbound.BreakoutCloseFrame) -> None:
    await db(services.breakout_close)(
        user_id=consumer.user_id, room_id=consumer.room_id, breakout_id=frame["room"]
    )
    reply_done(consumer, frame)


@handler("session_start", action)
async def session_start(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.session_start)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("session_open", action)
async def session_open(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.session_open)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("session_pause", action)
async def session_pause(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.session_pause)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)


@handler("session_end", action)
async def session_end(consumer: RoomConsumer, frame: Action) -> None:
    await db(services.session_end)(user_id=consumer.user_id, room_id=consumer.room_id)
    reply_done(consumer, frame)

"""Room frames of co-facilitation: the plenary's floor control (dialogues/channel.py, docs/protocol.md).

Registered at start-up by `dialogues.apps`. Every facilitator's cockpit sends them on its socket to the
facilitators' channel; the services accept them from any room of the session a facilitator is in.
"""

from __future__ import annotations

from core.threads import db

from .. import channel, events
from .consumer import RoomConsumer
from .frames import ClientFrame
from .inbound import Action, action
from .protocol import get_str, handler


class ControlGiveFrame(Action):
    member: str  # the seat key of the facilitator who gets the control


def parse_control_give(raw: ClientFrame) -> ControlGiveFrame:
    return {**action(raw), "member": get_str(raw, "member", max_len=12)}


def _done(consumer: RoomConsumer, frame: Action) -> None:
    consumer.reply(events.done(frame["type"], frame["ref"]))


@handler("control_status", action)
async def control_status(consumer: RoomConsumer, frame: Action) -> None:
    consumer.reply(await db(channel.floor_control_status)(user_id=consumer.user_id, room_id=consumer.room_id))


@handler("control_take", action)
async def control_take(consumer: RoomConsumer, frame: Action) -> None:
    await db(channel.floor_control_take)(user_id=consumer.user_id, room_id=consumer.room_id)
    _done(consumer, frame)


@handler("control_request", action)
async def control_request(consumer: RoomConsumer, frame: Action) -> None:
    await db(channel.floor_control_request)(user_id=consumer.user_id, room_id=consumer.room_id)
    _done(consumer, frame)


@handler("control_give", parse_control_give)
async def control_give(consumer: RoomConsumer, frame: ControlGiveFrame) -> None:
    await db(channel.floor_control_give)(
        user_id=consumer.user_id, room_id=consumer.room_id, member=frame["member"]
    )
    _done(consumer, frame)


@handler("control_release", action)
async def control_release(consumer: RoomConsumer, frame: Action) -> None:
    await db(channel.floor_control_release)(user_id=consumer.user_id, room_id=consumer.room_id)
    _done(consumer, frame)

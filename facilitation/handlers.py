"""Room-protocol frames of the facilitator's console (registered at start-up by FacilitationConfig).

Each handler receives its frame validated by the parse function it is registered with (`.frames`), calls
a service of `facilitation.console` on a database thread and answers; the services re-check access for
every frame, so no handler decides permissions itself. docs/protocol.md ("Facilitation frames") lists them.
"""

from __future__ import annotations

import logging

import redis

from core.threads import db
from dialogues import events
from dialogues.access import access_room
from dialogues.choices import Role
from dialogues.live import fanout, presence
from dialogues.live.consumer import RoomConsumer
from dialogues.live.frames import Balance, ServerFrame
from dialogues.live.handlers import reply_done
from dialogues.live.inbound import Action, action
from dialogues.live.protocol import handler

from . import frames
from .console import breakouts, selectors, services, voting
from .console import tasks as _tasks  # noqa: F401  (registers the Celery tasks wherever Django starts)

log = logging.getLogger(__name__)


# --- agenda and balance ------------------------------------------------------------------------------


@handler("agenda_reorder", frames.parse_agenda_reorder)
async def agenda_reorder(consumer: RoomConsumer, frame: frames.AgendaReorderFrame) -> None:
    await db(services.agenda_reorder)(
        user_id=consumer.user_id, room_id=consumer.room_id, item_ids=frame["items"]
    )
    reply_done(consumer, frame)


def _balance(user_id: int, room_id: int) -> Balance:
    access = access_room(user_id, room_id, facilitator=True)
    return selectors.speaking_balance(access.room)


@handler("balance", action)
async def balance(consumer: RoomConsumer, frame: Action) -> None:
    consumer.reply(events.balance(await db(_balance)(consumer.user_id, consumer.room_id)))


# --- what everyone sees: captures, statements, one's own votes ---------------------------------------


def _outcomes(user_id: int, room_id: int) -> list[ServerFrame]:
    access = access_room(user_id, room_id)
    session_id = access.session.pk
    replies: list[ServerFrame] = [
        events.captures(selectors.captures_state(session_id)),
        events.statements(selectors.statements_state(session_id), k_min=selectors.k_min()),
    ]
    if access.membership.role == Role.PARTICIPANT:
        replies.append(events.my_votes(selectors.my_votes(session_id, user_id)))
    return replies


@handler("outcomes", action)
async def outcomes(consumer: RoomConsumer, frame: Action) -> None:
    for reply in await db(_outcomes)(consumer.user_id, consumer.room_id):
        consumer.reply(reply)


# --- capture panel ---------------------------------------------------------------------------------------


@handler("capture", frames.parse_capture)
async def capture(consumer: RoomConsumer, frame: frames.CaptureCreateFrame) -> None:
    captured = await db(services.capture_create)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        kind=frame["kind"],
        text=frame["text"],
        agenda_item=frame["agenda_item"],
        seq=frame["seq"],
    )
    reply_done(consumer, frame, id=captured.pk)


@handler("capture_edit", frames.parse_capture_edit)
async def capture_edit(consumer: RoomConsumer, frame: frames.CaptureEditFrame) -> None:
    await db(services.capture_edit)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        capture_id=frame["id"],
        text=frame["text"],
        kind=frame["kind"],
        agenda_item=frame["agenda_item"],
        resolved=frame["resolved"],
    )
    reply_done(consumer, frame)


@handler("capture_remove", frames.parse_capture_remove)
async def capture_remove(consumer: RoomConsumer, frame: frames.CaptureRemoveFrame) -> None:
    await db(services.capture_remove)(
        user_id=consumer.user_id, room_id=consumer.room_id, capture_id=frame["id"]
    )
    reply_done(consumer, frame)


# --- statements and votes ----------------------------------------------------------------------------------


@handler("statement_propose", frames.parse_statement_propose)
async def statement_propose(consumer: RoomConsumer, frame: frames.StatementProposeFrame) -> None:
    statement = await db(voting.statement_propose)(
        user_id=consumer.user_id, room_id=consumer.room_id, text=frame["text"]
    )
    reply_done(consumer, frame, id=statement.pk)


@handler("statement_close", frames.parse_statement_close)
async def statement_close(consumer: RoomConsumer, frame: frames.StatementCloseFrame) -> None:
    await db(voting.statement_close)(
        user_id=consumer.user_id, room_id=consumer.room_id, statement_id=frame["id"]
    )
    reply_done(consumer, frame)


@handler("statement_remove", frames.parse_statement_remove)
async def statement_remove(consumer: RoomConsumer, frame: frames.StatementRemoveFrame) -> None:
    await db(voting.statement_remove)(
        user_id=consumer.user_id, room_id=consumer.room_id, statement_id=frame["id"]
    )
    reply_done(consumer, frame)


@handler("vote", frames.parse_vote)
async def vote(consumer: RoomConsumer, frame: frames.VoteFrame) -> None:
    mine = await db(voting.vote_cast)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        statement_id=frame["statement"],
        value=frame["value"],
    )
    consumer.reply(events.my_votes(mine))
    reply_done(consumer, frame)


# --- breakouts ---------------------------------------------------------------------------------------------


async def _present(room_id: int) -> set[int]:
    try:
        return await presence.store().members(room_id)
    except (redis.RedisError, OSError) as exc:
        # Redis is a doorbell: without it, the sockets this process holds are who we know is here.
        log.warning("presence unavailable (%s); splitting the people connected to this process", exc)
        return {sink.user_id for sink in fanout.hub().sinks() if sink.room_id == room_id}


@handler("breakout_split", frames.parse_breakout_split)
async def breakout_split(consumer: RoomConsumer, frame: frames.BreakoutSplitFrame) -> None:
    opened = await db(breakouts.breakout_split)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        rooms=frame["rooms"],
        mode=frame["mode"],
        present=await _present(consumer.room_id),
        minutes=frame["minutes"],
        title=frame["title"],
    )
    reply_done(consumer, frame, rooms=[room.pk for room in opened])


def _close_due(user_id: int, room_id: int) -> list[int]:
    access = access_room(user_id, room_id)
    return breakouts.breakouts_close_due(session_id=access.session.pk)


@handler("breakouts_due", action)
async def breakouts_due(consumer: RoomConsumer, frame: Action) -> None:
    closed = await db(_close_due)(consumer.user_id, consumer.room_id)
    reply_done(consumer, frame, closed=closed)

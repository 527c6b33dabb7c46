"""Room-protocol frames of the facilitator's console (registered at start-up by FacilitationConfig).

Each handler validates fields, calls a service of `facilitation.console` on a database thread and
answers; the services re-check access for every frame, so no handler decides permissions itself.
docs/protocol.md ("Facilitation frames") lists them.
"""

from __future__ import annotations

import logging

import redis

from core.errors import ParleyError
from dialogues import events
from dialogues.access import access_room
from dialogues.choices import Role
from dialogues.live import fanout, presence
from dialogues.live.consumer import RoomConsumer
from dialogues.live.frames import Balance, ClientFrame, ServerFrame
from dialogues.live.handlers import reply_done
from dialogues.live.protocol import get_bool, get_int, get_str, handler
from dialogues.live.runtime import db

from .console import breakouts, selectors, services, voting
from .console import tasks as _tasks  # noqa: F401  (registers the Celery tasks wherever Django starts)
from .console.services import DEFAULT, MAX_CAPTURE_CHARS, _Default

log = logging.getLogger(__name__)


def _ids(frame: ClientFrame, name: str, *, max_items: int = 500) -> list[int]:
    value = frame.get(name)
    if (
        not isinstance(value, list)
        or not value
        or len(value) > max_items
        or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 2**53 for v in value)
    ):
        raise ParleyError("invalid", f"`{name}` must be a non-empty list of ids.")
    return list(value)


def _agenda_item(frame: ClientFrame) -> int | _Default | None:
    """Absent: the default; null: no agenda item; an id: that item."""
    if "agenda_item" not in frame:
        return DEFAULT
    return get_int(frame, "agenda_item", minimum=1, optional=True)


# --- agenda and balance ------------------------------------------------------------------------------


@handler("agenda_reorder")
async def agenda_reorder(consumer: RoomConsumer, frame: ClientFrame) -> None:
    items = _ids(frame, "items")
    await db(services.agenda_reorder)(user_id=consumer.user_id, room_id=consumer.room_id, item_ids=items)
    reply_done(consumer, frame)


def _balance(user_id: int, room_id: int) -> Balance:
    access = access_room(user_id, room_id, facilitator=True)
    return selectors.speaking_balance(access.room)


@handler("balance")
async def balance(consumer: RoomConsumer, frame: ClientFrame) -> None:
    consumer.reply(events.balance(await db(_balance)(consumer.user_id, consumer.room_id)))


# --- what everyone sees: captures, statements, one's own votes ---------------------------------------


def _outcomes(user_id: int, room_id: int) -> list[ServerFrame]:
    access = access_room(user_id, room_id)
    session_id = access.session.pk
    frames: list[ServerFrame] = [
        events.captures(selectors.captures_state(session_id)),
        events.statements(selectors.statements_state(session_id), k_min=selectors.k_min()),
    ]
    if access.membership.role == Role.PARTICIPANT:
        frames.append(events.my_votes(selectors.my_votes(session_id, user_id)))
    return frames


@handler("outcomes")
async def outcomes(consumer: RoomConsumer, frame: ClientFrame) -> None:
    for reply in await db(_outcomes)(consumer.user_id, consumer.room_id):
        consumer.reply(reply)


# --- capture panel ---------------------------------------------------------------------------------------


@handler("capture")
async def capture(consumer: RoomConsumer, frame: ClientFrame) -> None:
    captured = await db(services.capture_create)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        kind=get_str(frame, "kind", max_len=20),
        text=get_str(frame, "text", max_len=MAX_CAPTURE_CHARS, optional=True, code="too_long"),
        agenda_item=_agenda_item(frame),
        seq=get_int(frame, "seq", minimum=1, optional=True),
    )
    reply_done(consumer, frame, id=captured.pk)


@handler("capture_edit")
async def capture_edit(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.capture_edit)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        capture_id=get_int(frame, "id", minimum=1),
        text=get_str(frame, "text", max_len=MAX_CAPTURE_CHARS, optional=True, code="too_long"),
        kind=get_str(frame, "kind", max_len=20, optional=True),
        agenda_item=_agenda_item(frame),
        resolved=get_bool(frame, "resolved", optional=True),
    )
    reply_done(consumer, frame)


@handler("capture_remove")
async def capture_remove(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(services.capture_remove)(
        user_id=consumer.user_id, room_id=consumer.room_id, capture_id=get_int(frame, "id", minimum=1)
    )
    reply_done(consumer, frame)


# --- statements and votes ----------------------------------------------------------------------------------


@handler("statement_propose")
async def statement_propose(consumer: RoomConsumer, frame: ClientFrame) -> None:
    statement = await db(voting.statement_propose)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        text=get_str(frame, "text", max_len=voting.MAX_STATEMENT_CHARS * 2, code="too_long"),
    )
    reply_done(consumer, frame, id=statement.pk)


@handler("statement_close")
async def statement_close(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(voting.statement_close)(
        user_id=consumer.user_id, room_id=consumer.room_id, statement_id=get_int(frame, "id", minimum=1)
    )
    reply_done(consumer, frame)


@handler("statement_remove")
async def statement_remove(consumer: RoomConsumer, frame: ClientFrame) -> None:
    await db(voting.statement_remove)(
        user_id=consumer.user_id, room_id=consumer.room_id, statement_id=get_int(frame, "id", minimum=1)
    )
    reply_done(consumer, frame)


@handler("vote")
async def vote(consumer: RoomConsumer, frame: ClientFrame) -> None:
    mine = await db(voting.vote_cast)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        statement_id=get_int(frame, "statement", minimum=1),
        value=get_int(frame, "value", minimum=-1, maximum=1),
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


@handler("breakout_split")
async def breakout_split(consumer: RoomConsumer, frame: ClientFrame) -> None:
    rooms = get_int(frame, "rooms", minimum=1, maximum=breakouts.MAX_ROOMS)
    mode = get_str(frame, "mode", max_len=10)
    minutes = get_int(frame, "minutes", minimum=1, maximum=240, optional=True)
    title = get_str(frame, "title", max_len=200, optional=True) or ""
    opened = await db(breakouts.breakout_split)(
        user_id=consumer.user_id,
        room_id=consumer.room_id,
        rooms=rooms,
        mode=mode,
        present=await _present(consumer.room_id),
        minutes=minutes,
        title=title,
    )
    reply_done(consumer, frame, rooms=[room.pk for room in opened])


def _close_due(user_id: int, room_id: int) -> list[int]:
    access = access_room(user_id, room_id)
    return breakouts.breakouts_close_due(session_id=access.session.pk)


@handler("breakouts_due")
async def breakouts_due(consumer: RoomConsumer, frame: ClientFrame) -> None:
    closed = await db(_close_due)(consumer.user_id, consumer.room_id)
    reply_done(consumer, frame, closed=closed)

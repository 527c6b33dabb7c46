"""The one module that builds and sends WebSocket events.

Every frame a client receives is built here (see docs/protocol.md). Room-wide frames are encoded once
and handed to the fan-out; frames for one socket (welcome, ack, error, synced) are built here and sent by
the consumer. Services call the `*_changed` / `*_published` functions inside `transaction.on_commit`, so a
frame never announces something the database does not hold. Group (channel) names come from ids only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Unpack

from django.conf import settings

from .choices import RoomKind
from .live import fanout
from .live.control import EvictEvent
from .live.frames import (
    AckFrame,
    AgendaFrame,
    Balance,
    BalanceFrame,
    BehindFrame,
    BreakoutsFrame,
    BroadcastFrame,
    CaptureRow,
    CapturesFrame,
    DoneExtra,
    DoneFrame,
    ErrorFrame,
    FloorControlFrame,
    Limits,
    Member,
    MessageFrame,
    MessageRemovedFrame,
    MutedFrame,
    MyVotesFrame,
    PongFrame,
    PresenceFrame,
    QueueFrame,
    RecordFrame,
    Ref,
    RenderingFrame,
    RoomClosedFrame,
    RoomInfo,
    RoomState,
    ServerFrame,
    SessionFrame,
    SingleTextFrame,
    StateFrame,
    StatementRow,
    StatementsFrame,
    SyncedFrame,
    WelcomeFrame,
)
from .live.identity import Identity, identities
from .live.selectors import Rendered, agenda_state, breakouts_state, muted_keys, queue_state, session_clock
from .models import Message, MessageRendering, Revocation, Room, Session

PROTOCOL_VERSION = 1


def encode(frame: ServerFrame) -> str:
    """A frame as JSON text that can always be sent: UTF-8 where it can be, `\\u` escapes where not.

    Client text with a lone surrogate is refused at decode (`invalid_text`), but one that got in any other
    way (an old row, a console field) must not make the socket's writer fail on it: escaped, it is still
    valid JSON (and ASCII), so the frame is sent and the connection stays healthy.
    """
    text = json.dumps(frame, separators=(",", ":"), ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return json.dumps(frame, separators=(",", ":"), ensure_ascii=True)
    return text


# --- frames for one socket -------------------------------------------------------------------------


def welcome(
    *,
    room: RoomInfo,
    you: Identity,
    muted: bool,
    last_seq: int,
    state: RoomState,
    limits: Limits,
) -> WelcomeFrame:
    return {
        "type": "welcome",
        "protocol": PROTOCOL_VERSION,
        "room": room,
        "you": {**you.frame(), "muted": muted},
        "last_seq": last_seq,
        "state": state,
        "limits": limits,
    }


def ack(client_id: str, seq: int | None, *, duplicate: bool = False) -> AckFrame:
    return {"type": "ack", "client_id": client_id, "seq": seq, "duplicate": duplicate}


def error(code: str, message: str, ref: Ref = None) -> ErrorFrame:
    return {"type": "error", "code": code, "message": message, "ref": ref}


def synced(last_seq: int) -> SyncedFrame:
    return {"type": "synced", "last_seq": last_seq}


def behind(last_seq: int) -> BehindFrame:
    return {"type": "behind", "last_seq": last_seq}


def state(room_state: RoomState) -> StateFrame:
    return {"type": "state", "state": room_state}


def pong(ref: Ref = None) -> PongFrame:
    return {"type": "pong", "ref": ref}


def message(msg: Message, author: Identity) -> MessageFrame:
    return {
        "type": "message",
        "seq": msg.seq,
        "client_id": str(msg.client_id),
        "author": author.frame(),
        "body": msg.body,
        "agenda_item": msg.agenda_item_id,
        "ts": msg.created_at.isoformat(),
        "on_record": True,
        "language": msg.language or None,
    }


def rendering(row: MessageRendering, of: int, interpreter: Identity) -> RenderingFrame:
    return {
        "type": "rendering",
        "seq": row.seq,
        "of": of,
        "language": row.language,
        "text": row.text,
        "interpreter": interpreter.frame(),
        "ts": row.created_at.isoformat(),
    }


def replay(room: Room, messages: Iterable[Message | Rendered]) -> list[str]:
    """Stored messages and renderings (in seq order) as encoded frames, for sync and catch-up."""
    items = list(messages)
    people = identities(
        room.session_id,
        {m.author_id if isinstance(m, Message) else m.row.interpreter_id for m in items},
    )
    return [
        encode(message(m, people[m.author_id]))
        if isinstance(m, Message)
        else encode(rendering(m.row, m.of, people[m.row.interpreter_id]))
        for m in items
    ]


# --- room-wide events (published after commit) ---------------------------------------------------------


def message_published(msg: Message, author: Identity) -> None:
    fanout.publish_room(msg.room_id, encode(message(msg, author)), seq=msg.seq)


def message_relayed(
    *, room_id: int, client_id: str, author: Identity, body: str, agenda_item: int | None, ts: str
) -> None:
    """An off-the-record message: relayed live, never stored, so it has no seq."""
    frame: MessageFrame = {
        "type": "message",
        "seq": None,
        "client_id": client_id,
        "author": author.frame(),
        "body": body,
        "agenda_item": agenda_item,
        "ts": ts,
        "on_record": False,
        "language": None,
    }
    fanout.publish_room(room_id, encode(frame))


def rendering_published(row: MessageRendering, of: int, interpreter: Identity) -> None:
    """A rendering: encoded once, in the room's seq order like a message (docs/interpretation.md)."""
    fanout.publish_room(row.room_id, encode(rendering(row, of, interpreter)), seq=row.seq)


def message_removed(*, room_id: int, seq: int, removal: str) -> None:
    frame: MessageRemovedFrame = {"type": "message_removed", "seq": seq, "removal": removal}
    fanout.publish_room(room_id, encode(frame))


def record_changed(room: Room) -> None:
    frame: RecordFrame = {"type": "record", "on_record": room.on_record}
    fanout.publish_room(room.pk, encode(frame))


def _session_rooms(session_id: int) -> list[int]:
    return list(Room.objects.filter(session_id=session_id, is_open=True).values_list("pk", flat=True))


def agenda_changed(*, session_id: int) -> None:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return
    frame: AgendaFrame = {"type": "agenda", "agenda": agenda_state(session)}
    text = encode(frame)
    for room_id in _session_rooms(session_id):
        fanout.publish_room(room_id, text)


def queue_changed(room: Room) -> None:
    frame: QueueFrame = {"type": "queue", "queue": queue_state(room, identities(room.session_id))}
    text = encode(frame)
    fanout.publish_room(room.pk, text)


def muted_changed(session: Session) -> None:
    frame: MutedFrame = {"type": "muted", "muted": muted_keys(session, identities(session.pk))}
    text = encode(frame)
    for room_id in _session_rooms(session.pk):
        fanout.publish_room(room_id, text)


def breakouts_changed(session: Session, closed: Iterable[int] = ()) -> None:
    frame: BreakoutsFrame = {"type": "breakouts", "breakouts": breakouts_state(session)}
    text = encode(frame)
    for room_id in _session_rooms(session.pk):
        fanout.publish_room(room_id, text)
    plenary = Room.objects.filter(session=session, kind=RoomKind.PLENARY).values_list("pk", flat=True).first()
    for room_id in closed:
        # Members of a closed breakout go back to the plenary; their sockets then close.
        closing: RoomClosedFrame = {"type": "room_closed", "room": room_id, "return_to": plenary}
        fanout.publish_room(room_id, encode(closing))
        fanout.publish_control({"op": "close_room", "room": room_id})


def session_changed(session: Session) -> None:
    frame: SessionFrame = {"type": "session", "status": session.status, **session_clock(session)}
    text = encode(frame)
    for room_id in _session_rooms(session.pk) or list(
        Room.objects.filter(session=session).values_list("pk", flat=True)
    ):
        fanout.publish_room(room_id, text)
    if session.status == "closed":
        fanout.publish_control({"op": "end_session", "session": session.pk})


def presence_changed(room_id: int, joined: list[Member], left: list[str], count: int | None = None) -> None:
    """Who came and went. In a large room only the count: a list of joins sent to everyone would make
    filling the room quadratic; its members page through the list with `who` when they want it."""
    if count is not None and count > settings.PARLEY_PRESENCE_LIST:
        joined, left = [], []
    frame: PresenceFrame = {"type": "presence", "joined": joined, "left": left, "count": count}
    fanout.publish_room(room_id, encode(frame))


def custom(room_ids: Iterable[int], frame: BroadcastFrame) -> None:
    """A room-wide frame built by another module (facilitation): encoded once, sent to each room."""
    text = encode(frame)
    for room_id in room_ids:
        fanout.publish_room(room_id, text)


def session_broadcast(session_id: int, frame: BroadcastFrame) -> None:
    custom(_session_rooms(session_id), frame)


def single_text_changed(
    *,
    dialogue_id: int,
    text_id: int,
    event: str,
    version: int,
    round_number: int | None,
    deadline: str | None,
    result: str | None,
    url: str,
) -> None:
    """A single text changed (the singletext app): every open room of the dialogue hears it."""
    frame: SingleTextFrame = {
        "type": "single_text",
        "text": text_id,
        "event": event,
        "version": version,
        "round": round_number,
        "deadline": deadline,
        "result": result,
        "url": url,
    }
    text = encode(frame)
    rooms = Room.objects.filter(session__dialogue_id=dialogue_id, is_open=True).exclude(
        session__status="closed"
    )
    for room_id in rooms.values_list("pk", flat=True):
        fanout.publish_room(room_id, text)


# --- facilitation frames: facilitation.console builds the contents, these name the types -----------


def done(action: str, ref: Ref = None, **extra: Unpack[DoneExtra]) -> DoneFrame:
    return {"type": "done", "action": action, "ref": ref, **extra}


def captures(items: list[CaptureRow]) -> CapturesFrame:
    return {"type": "captures", "captures": items}


def statements(items: list[StatementRow], *, k_min: int) -> StatementsFrame:
    return {"type": "statements", "statements": items, "k_min": k_min}


def my_votes(votes: dict[str, int]) -> MyVotesFrame:
    """One person's own votes, for their socket only (statement id -> 1 / 0 / -1)."""
    return {"type": "my_votes", "votes": votes}


def balance(snapshot: Balance) -> BalanceFrame:
    """The speaking balance, for the facilitator's socket only."""
    return {"type": "balance", **snapshot}


# --- co-facilitation: for the facilitators' channel only (dialogues/channel.py) ------------------------


def floor_control(
    *,
    event: str,
    holder: Member | None,
    since: str | None,
    request: Member | None,
    by: Member | None,
    previous: Member | None,
) -> FloorControlFrame:
    return {
        "type": "floor_control",
        "event": event,
        "holder": holder,
        "since": since,
        "request": request,
        "by": by,
        "previous": previous,
    }


def floor_control_changed(*, session_id: int, frame: FloorControlFrame) -> None:
    """To the session's facilitators' channel and nowhere else: participants never hear of it."""
    channel = Room.objects.filter(session_id=session_id, kind=RoomKind.FACILITATORS, is_open=True)
    for room_id in channel.values_list("pk", flat=True):
        fanout.publish_room(room_id, encode(frame))


# --- control: close sockets at once ------------------------------------------------------------------


def revocation_notice(row: Revocation) -> EvictEvent:
    """The control notice for a revocation: ids only (the same from Redis and from the poller)."""
    return {
        "op": "evict",
        "revocation": row.pk,
        "user": row.user_id,
        "scope": row.scope,
        "target": row.target,
        "reason": row.reason,
    }


def revoked(notice: EvictEvent) -> None:
    """Close the matching sockets on every process now (the poller is the fallback)."""
    fanout.publish_control(notice)


def identities_changed(*, session_ids: list[int]) -> None:
    """What rooms of these sessions show about people changed: their sockets refresh their state."""
    fanout.publish_control({"op": "identities", "sessions": session_ids})

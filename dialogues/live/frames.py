"""Types of the room protocol's frames (docs/protocol.md, "Frame types in Python").

One TypedDict per server → client frame type, built only in `dialogues.events`; `ServerFrame` is their
union. A client frame is untrusted JSON: `ClientFrame` promises only a string `type`, and handlers read
every other field through the validating getters of `dialogues.live.protocol`, which return precise types.

Types only: nothing here imports models, so any module may import it.
"""

from __future__ import annotations

from typing import Any, Literal, TypeAlias, TypedDict

#: A client's correlation value echoed in `done` and `error`: its `ref`, else its `client_id`, else null.
Ref: TypeAlias = str | int | None


class ClientFrame(TypedDict):
    """A decoded client frame: a JSON object with a string `type`; other fields are read via the getters."""

    type: str


# --- what frames carry ------------------------------------------------------------------------------------


class Member(TypedDict):
    """A person as every frame names them: a seat key, a display name or pseudonym, a role."""

    key: str
    name: str
    role: str


class You(Member):
    muted: bool


# Built by dialogues.live.selectors (room_frame, limits, room_state and its parts) and by
# facilitation.console.selectors (captures_state, statements_state, speaking_balance); docs/protocol.md
# gives their fields.
RoomInfo: TypeAlias = dict[str, Any]
Limits: TypeAlias = dict[str, Any]
RoomState: TypeAlias = dict[str, Any]
AgendaState: TypeAlias = dict[str, Any]
QueueState: TypeAlias = dict[str, Any]
BreakoutState: TypeAlias = dict[str, Any]


class CaptureRow(TypedDict):
    id: int
    kind: str
    kind_label: str
    text: str
    agenda_item: int | None
    resolved: bool
    carried: bool


# `pass` is a keyword, hence the functional form.
VoteResults = TypedDict("VoteResults", {"agree": int, "disagree": int, "pass": int})


class StatementRow(TypedDict):
    id: int
    number: int
    text: str
    status: str
    agenda_item: int | None
    votes: int
    results: VoteResults | None


# --- server → client frames, for one socket ---------------------------------------------------------------


class WelcomeFrame(TypedDict):
    type: Literal["welcome"]
    protocol: int
    room: RoomInfo
    you: You
    last_seq: int
    state: RoomState
    limits: Limits


class AckFrame(TypedDict):
    type: Literal["ack"]
    client_id: str
    seq: int | None
    duplicate: bool


class ErrorFrame(TypedDict):
    type: Literal["error"]
    code: str
    message: str
    ref: Ref


class SyncedFrame(TypedDict):
    type: Literal["synced"]
    last_seq: int


class StateFrame(TypedDict):
    type: Literal["state"]
    state: RoomState


class PongFrame(TypedDict):
    type: Literal["pong"]
    ref: Ref


class DoneExtra(TypedDict, total=False):
    """The one extra field some `done` answers carry (docs/protocol.md names which)."""

    id: int  # capture, statement_propose
    room: int  # breakout_open
    rooms: list[int]  # breakout_split
    closed: list[int]  # breakouts_due


class DoneFrame(DoneExtra):
    type: Literal["done"]
    action: str
    ref: Ref


class MyVotesFrame(TypedDict):
    type: Literal["my_votes"]
    votes: dict[str, int]


class PersonBalance(Member):
    messages: int
    message_share: float
    floor_seconds: int
    floor_share: float


class Balance(TypedDict):
    """The speaking balance of a room (facilitation.console.selectors.speaking_balance)."""

    room: int
    at: str
    messages: int
    floor_seconds: int
    people: list[PersonBalance]
    parties: list[dict[str, Any]]  # {party, people, messages, message_share, floor_seconds, floor_share}


class BalanceFrame(Balance):
    type: Literal["balance"]


# --- server → client frames, room-wide ---------------------------------------------------------------------


class MessageFrame(TypedDict):
    type: Literal["message"]
    seq: int | None
    client_id: str
    author: Member
    body: str
    agenda_item: int | None
    ts: str
    on_record: bool


class MessageRemovedFrame(TypedDict):
    type: Literal["message_removed"]
    seq: int
    removal: str


class RecordFrame(TypedDict):
    type: Literal["record"]
    on_record: bool


class AgendaFrame(TypedDict):
    type: Literal["agenda"]
    agenda: AgendaState


class QueueFrame(TypedDict):
    type: Literal["queue"]
    queue: QueueState


class PresenceFrame(TypedDict):
    type: Literal["presence"]
    joined: list[Member]
    left: list[str]


class MutedFrame(TypedDict):
    type: Literal["muted"]
    muted: list[str]


class BreakoutsFrame(TypedDict):
    type: Literal["breakouts"]
    breakouts: list[BreakoutState]


class RoomClosedFrame(TypedDict):
    type: Literal["room_closed"]
    room: int
    return_to: int | None


class SessionFrame(TypedDict):
    type: Literal["session"]
    status: str


class CapturesFrame(TypedDict):
    type: Literal["captures"]
    captures: list[CaptureRow]


class StatementsFrame(TypedDict):
    type: Literal["statements"]
    statements: list[StatementRow]
    k_min: int


ServerFrame: TypeAlias = (
    WelcomeFrame
    | AckFrame
    | ErrorFrame
    | SyncedFrame
    | StateFrame
    | PongFrame
    | DoneFrame
    | MyVotesFrame
    | BalanceFrame
    | MessageFrame
    | MessageRemovedFrame
    | RecordFrame
    | AgendaFrame
    | QueueFrame
    | PresenceFrame
    | MutedFrame
    | BreakoutsFrame
    | RoomClosedFrame
    | SessionFrame
    | CapturesFrame
    | StatementsFrame
)

#: Frames another module hands to `events.custom` / `events.session_broadcast` for every room.
BroadcastFrame: TypeAlias = CapturesFrame | StatementsFrame

"""Types of the room protocol's frames (docs/protocol.md, "Frame types in Python").

One TypedDict per server → client frame type, built only in `dialogues.events`; `ServerFrame` is their
union. A decoded client frame is untrusted JSON: `ClientFrame` promises only a string `type`; the parse
functions of `dialogues.live.inbound` (and `facilitation.frames`) validate it into the typed frame its
handler receives.

Types only: nothing here imports models, so any module may import it.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, TypedDict

#: A client's correlation value echoed in `done` and `error`: its `ref`, else its `client_id`, else null.
Ref: TypeAlias = str | int | None


class ClientFrame(TypedDict):
    """A decoded, not yet validated client frame: a JSON object with a string `type` (and anything else)."""

    type: str


# --- what frames carry ------------------------------------------------------------------------------------


class Member(TypedDict):
    """A person as every frame names them: a seat key, a display name or pseudonym, a role."""

    key: str
    name: str
    role: str


class You(Member):
    muted: bool


# --- the room and its state: built by dialogues.live.selectors (room_frame, limits, room_state, …) ------


class RoomInfo(TypedDict):
    id: int
    title: str
    kind: str  # plenary / breakout
    session: int
    parent: int | None  # the plenary of a breakout
    mode: str  # named / veiled


class Limits(TypedDict):
    presence_list: int
    max_chars: int
    retract_seconds: int
    max_frame_bytes: int


class AgendaItemRow(TypedDict):
    id: int
    title: str
    description: str
    timebox_minutes: int
    skipped: bool


class AgendaState(TypedDict):
    items: list[AgendaItemRow]
    current: int | None
    started_at: str | None  # when the current item started (ISO 8601)


class HandRow(Member):
    since: str | None


class FloorRow(Member):
    since: str | None
    limit_seconds: int | None


class QueueState(TypedDict):
    hands: list[HandRow]  # in the order they were raised
    floor: FloorRow | None


class BreakoutState(TypedDict):
    id: int
    title: str
    closes_at: str | None
    members: list[str]  # member keys


class RoomState(TypedDict):
    mode: str
    on_record: bool
    session_status: str  # scheduled / lobby / live / paused / closed
    session_started_at: str | None
    session_ends_at: str | None
    agenda: AgendaState
    queue: QueueState
    presence: list[Member]  # everyone present, or the first page of them when not complete
    present_count: int
    presence_complete: bool
    muted: list[str]  # member keys
    breakouts: list[BreakoutState]


# --- built by facilitation.console.selectors (captures_state, statements_state, speaking_balance) -------


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


class BehindFrame(TypedDict):
    type: Literal["behind"]
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
    turns: int  # times given the floor


class GroupLine(TypedDict):
    """An aggregate airtime line of a group of people (a party, a sector)."""

    people: int
    messages: int
    message_share: float
    floor_seconds: int
    floor_share: float
    turns: int


class PartyBalance(GroupLine):
    """One party's aggregate line (people who belong to no party share one line)."""

    party: str


class SectorBalance(GroupLine):
    """One sector's aggregate line (from the profiles people confirmed at sign-up)."""

    sector: str


class Balance(TypedDict):
    """The speaking balance of a room (facilitation.console.selectors.speaking_balance)."""

    room: int
    at: str
    messages: int
    floor_seconds: int
    people: list[PersonBalance]
    parties: list[PartyBalance]
    sectors: list[SectorBalance]


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
    language: str | None  # detected when stored (dialogues/languages.py); null when unknown or relayed


class RenderingFrame(TypedDict):
    """An interpreter's rendering of stored message `of` into `language` (docs/interpretation.md)."""

    type: Literal["rendering"]
    seq: int  # the room's next seq, like a message: replayed by `sync`
    of: int  # the seq of the message it renders
    language: str
    text: str
    interpreter: Member
    ts: str


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
    count: int | None  # people present now (None: the presence store was unreachable)


class PresencePageFrame(TypedDict):
    type: Literal["who"]
    page: int
    pages: int
    count: int
    members: list[Member]


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
    started_at: str | None  # when it first went live (ISO 8601): the session clock counts from it
    ends_at: str | None  # started_at + planned duration


class CapturesFrame(TypedDict):
    type: Literal["captures"]
    captures: list[CaptureRow]


class StatementsFrame(TypedDict):
    type: Literal["statements"]
    statements: list[StatementRow]
    k_min: int


class SingleTextFrame(TypedDict):
    """A single text of the dialogue changed (singletext app): ids, numbers and a link, never text."""

    type: Literal["single_text"]
    text: int
    event: str  # version | round_opened | round_closed | vote_opened | vote_closed
    version: int
    round: int | None
    deadline: str | None
    result: str | None
    url: str


class FloorControlFrame(TypedDict):
    """Who holds the plenary's floor control (co-facilitation): sent only to the facilitators' channel."""

    type: Literal["floor_control"]
    event: str  # state | taken | given | requested | released
    holder: Member | None
    since: str | None  # ISO 8601
    request: Member | None  # a co-facilitator who asked for it, until it is handed over
    by: Member | None  # who made this change (null for `state`)
    previous: Member | None  # who held it before this change


ServerFrame: TypeAlias = (
    WelcomeFrame
    | AckFrame
    | ErrorFrame
    | SyncedFrame
    | BehindFrame
    | PresencePageFrame
    | StateFrame
    | PongFrame
    | DoneFrame
    | MyVotesFrame
    | BalanceFrame
    | MessageFrame
    | RenderingFrame
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
    | SingleTextFrame
    | FloorControlFrame
)

#: Frames another module hands to `events.custom` / `events.session_broadcast` for every room.
BroadcastFrame: TypeAlias = CapturesFrame | StatementsFrame

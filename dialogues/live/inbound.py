"""Client → server frames of the live room, typed (docs/protocol.md, "Frame types in Python").

A decoded `ClientFrame` is untrusted JSON that promises only a string `type`. Each frame type with fields
has a TypedDict here and a `parse_*` function that reads every field through the validating getters of
`dialogues.live.protocol` (in the order below, so a frame with two bad fields always gets the same error)
and returns the typed frame; the handler registered with it receives only that. Frames without fields
(`ping`, `floor_end`, `agenda_next`, `session_start`, `session_end`) are a bare `Action`. The console's
frames are in `facilitation.frames`.
"""

from __future__ import annotations

from typing import TypedDict
from uuid import UUID

from django.conf import settings
from django.utils.translation import gettext

from core.errors import ParleyError

from .frames import ClientFrame, Ref
from .protocol import get_bool, get_int, get_keys, get_str, get_uuid, ref_of


class Action(TypedDict):
    """What every validated client frame carries: its type, and the `ref` echoed in `done` and `error`."""

    type: str
    ref: Ref


def action(raw: ClientFrame) -> Action:
    """A frame without fields (any other field is ignored, as it always was)."""
    return {"type": raw["type"], "ref": ref_of(raw)}


class SyncFrame(Action):
    after: int


def parse_sync(raw: ClientFrame) -> SyncFrame:
    return {**action(raw), "after": get_int(raw, "after")}


class WhoFrame(Action):
    page: int


def parse_who(raw: ClientFrame) -> WhoFrame:
    return {**action(raw), "page": get_int(raw, "page", maximum=100_000)}


class SayFrame(Action):
    client_id: UUID
    body: str  # not blank
    on_record: bool | None  # the record state the author saw, if the client sent it


def parse_say(raw: ClientFrame) -> SayFrame:
    client_id = get_uuid(raw, "client_id")
    body = get_str(raw, "body", max_len=settings.PARLEY_MAX_MESSAGE_CHARS, code="too_long")
    if not body.strip():
        raise ParleyError("invalid", gettext("An empty message was not sent."))
    return {
        **action(raw),
        "client_id": client_id,
        "body": body,
        "on_record": get_bool(raw, "on_record", optional=True),
    }


class RetractFrame(Action):
    seq: int  # one's own stored message


def parse_retract(raw: ClientFrame) -> RetractFrame:
    return {**action(raw), "seq": get_int(raw, "seq", minimum=1)}


class HandFrame(Action):
    raised: bool


def parse_hand(raw: ClientFrame) -> HandFrame:
    return {**action(raw), "raised": get_bool(raw, "raised")}


class RenderFrame(Action):
    """An interpreter's rendering of a stored message (docs/interpretation.md)."""

    of: int  # the seq of the message rendered
    language: str  # checked against the deployment's languages by the service
    text: str  # not blank


def parse_render(raw: ClientFrame) -> RenderFrame:
    of = get_int(raw, "of", minimum=1)
    language = get_str(raw, "language", max_len=8)
    text = get_str(raw, "text", max_len=settings.PARLEY_MAX_MESSAGE_CHARS, code="too_long")
    if not text.strip():
        raise ParleyError("invalid", gettext("An empty rendering was not sent."))
    return {**action(raw), "of": of, "language": language, "text": text}


# --- facilitator actions -------------------------------------------------------------------------------


class WithdrawFrame(Action):
    seq: int


def parse_withdraw(raw: ClientFrame) -> WithdrawFrame:
    return {**action(raw), "seq": get_int(raw, "seq", minimum=1)}


class HandLowerFrame(Action):
    member: str


def parse_hand_lower(raw: ClientFrame) -> HandLowerFrame:
    return {**action(raw), "member": get_str(raw, "member", max_len=12)}


class FloorFrame(Action):
    member: str | None  # None: the first raised hand
    limit_seconds: int | None


def parse_floor(raw: ClientFrame) -> FloorFrame:
    return {
        **action(raw),
        "member": get_str(raw, "member", max_len=12, optional=True),
        "limit_seconds": get_int(raw, "limit_seconds", minimum=10, maximum=3600, optional=True),
    }


class RecordSetFrame(Action):
    on_record: bool


def parse_record(raw: ClientFrame) -> RecordSetFrame:
    return {**action(raw), "on_record": get_bool(raw, "on_record")}


class AgendaSetFrame(Action):
    item: int | None  # None: no current item


def parse_agenda(raw: ClientFrame) -> AgendaSetFrame:
    return {**action(raw), "item": get_int(raw, "item", minimum=1, optional=True)}


class AgendaSkipFrame(Action):
    item: int


def parse_agenda_skip(raw: ClientFrame) -> AgendaSkipFrame:
    return {**action(raw), "item": get_int(raw, "item", minimum=1)}


class MuteFrame(Action):
    member: str
    muted: bool


def parse_mute(raw: ClientFrame) -> MuteFrame:
    return {**action(raw), "member": get_str(raw, "member", max_len=12), "muted": get_bool(raw, "muted")}


class RemoveFrame(Action):
    member: str


def parse_remove(raw: ClientFrame) -> RemoveFrame:
    return {**action(raw), "member": get_str(raw, "member", max_len=12)}


class BreakoutOpenFrame(Action):
    title: str
    members: list[str]  # member keys, without repeats
    minutes: int | None


def parse_breakout_open(raw: ClientFrame) -> BreakoutOpenFrame:
    return {
        **action(raw),
        "title": get_str(raw, "title", max_len=200),
        "members": get_keys(raw, "members"),
        "minutes": get_int(raw, "minutes", minimum=1, maximum=240, optional=True),
    }


class BreakoutCloseFrame(Action):
    room: int | None  # None: every breakout of the session


def parse_breakout_close(raw: ClientFrame) -> BreakoutCloseFrame:
    return {**action(raw), "room": get_int(raw, "room", minimum=1, optional=True)}

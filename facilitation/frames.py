"""Client → server frames of the facilitator's console, typed (docs/protocol.md, "Facilitation frames").

Like `dialogues.live.inbound`: one TypedDict per frame type with fields, and a `parse_*` function that
validates an untrusted `ClientFrame` into it field by field, in order. `outcomes`, `balance` and
`breakouts_due` have no fields: they are a bare `Action`.
"""

from __future__ import annotations

from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues.live.frames import ClientFrame
from dialogues.live.inbound import Action, action
from dialogues.live.protocol import get_bool, get_int, get_str

from .console import breakouts, voting
from .console.services import DEFAULT, MAX_CAPTURE_CHARS, _Default


def _ids(raw: ClientFrame, name: str, *, max_items: int = 500) -> list[int]:
    value = raw.get(name)
    if (
        not isinstance(value, list)
        or not value
        or len(value) > max_items
        or not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 2**53 for v in value)
    ):
        raise ParleyError("invalid", gettext("`%(name)s` must be a non-empty list of ids.") % {"name": name})
    return list(value)


def _agenda_item(raw: ClientFrame) -> int | _Default | None:
    """Absent: the default; null: no agenda item; an id: that item."""
    if "agenda_item" not in raw:
        return DEFAULT
    return get_int(raw, "agenda_item", minimum=1, optional=True)


class AgendaReorderFrame(Action):
    items: list[int]  # every agenda item id of the session, in the new order


def parse_agenda_reorder(raw: ClientFrame) -> AgendaReorderFrame:
    return {**action(raw), "items": _ids(raw, "items")}


# --- capture panel -----------------------------------------------------------------------------------------


class CaptureCreateFrame(Action):
    kind: str
    text: str | None  # None: the promoted message's text
    agenda_item: int | _Default | None  # DEFAULT when absent; None: no agenda item
    seq: int | None  # a stored message of the room to promote


def parse_capture(raw: ClientFrame) -> CaptureCreateFrame:
    return {
        **action(raw),
        "kind": get_str(raw, "kind", max_len=20),
        "text": get_str(raw, "text", max_len=MAX_CAPTURE_CHARS, optional=True, code="too_long"),
        "agenda_item": _agenda_item(raw),
        "seq": get_int(raw, "seq", minimum=1, optional=True),
    }


class CaptureEditFrame(Action):
    id: int
    text: str | None  # None: unchanged (so for kind and resolved)
    kind: str | None
    agenda_item: int | _Default | None  # DEFAULT when absent: unchanged; None: no agenda item
    resolved: bool | None


def parse_capture_edit(raw: ClientFrame) -> CaptureEditFrame:
    return {
        **action(raw),
        "id": get_int(raw, "id", minimum=1),
        "text": get_str(raw, "text", max_len=MAX_CAPTURE_CHARS, optional=True, code="too_long"),
        "kind": get_str(raw, "kind", max_len=20, optional=True),
        "agenda_item": _agenda_item(raw),
        "resolved": get_bool(raw, "resolved", optional=True),
    }


class CaptureRemoveFrame(Action):
    id: int


def parse_capture_remove(raw: ClientFrame) -> CaptureRemoveFrame:
    return {**action(raw), "id": get_int(raw, "id", minimum=1)}


# --- statements and votes ----------------------------------------------------------------------------------


class StatementProposeFrame(Action):
    text: str  # the service refuses more than MAX_STATEMENT_CHARS after normalising whitespace


def parse_statement_propose(raw: ClientFrame) -> StatementProposeFrame:
    text = get_str(raw, "text", max_len=voting.MAX_STATEMENT_CHARS * 2, code="too_long")
    return {**action(raw), "text": text}


class StatementCloseFrame(Action):
    id: int


def parse_statement_close(raw: ClientFrame) -> StatementCloseFrame:
    return {**action(raw), "id": get_int(raw, "id", minimum=1)}


class StatementRemoveFrame(Action):
    id: int


def parse_statement_remove(raw: ClientFrame) -> StatementRemoveFrame:
    return {**action(raw), "id": get_int(raw, "id", minimum=1)}


class VoteFrame(Action):
    statement: int
    value: int  # 1 agree, -1 disagree, 0 pass


def parse_vote(raw: ClientFrame) -> VoteFrame:
    return {
        **action(raw),
        "statement": get_int(raw, "statement", minimum=1),
        "value": get_int(raw, "value", minimum=-1, maximum=1),
    }


# --- breakouts ---------------------------------------------------------------------------------------------


class BreakoutSplitFrame(Action):
    rooms: int
    mode: str  # random / party
    minutes: int | None
    title: str  # "" when absent


def parse_breakout_split(raw: ClientFrame) -> BreakoutSplitFrame:
    return {
        **action(raw),
        "rooms": get_int(raw, "rooms", minimum=1, maximum=breakouts.MAX_ROOMS),
        "mode": get_str(raw, "mode", max_len=10),
        "minutes": get_int(raw, "minutes", minimum=1, maximum=240, optional=True),
        "title": get_str(raw, "title", max_len=200, optional=True) or "",
    }
